// The pod workspace every container backend builds on: what is counted, what persists, what the agent gets.
import { PodWorkspace } from '../constructs/core/pod-workspace';
import { SysboxWorkspace } from '../constructs/sysbox';
import { KataWorkspace } from '../constructs/kata';
import { only, synthTemplate } from './support/synth';

const START_COUNT = '${data.coder_workspace.me.start_count}';

describe('PodWorkspace', () => {
  const { json } = synthTemplate((t) => {
    const w = new KataWorkspace(t, 'Workspace', { storageClassName: 'fast', tolerations: [{ key: 'kata', operator: 'Exists', effect: 'NoSchedule' }], nodeSelector: { disk: 'ssd' } });
    w.workspace.addEnv('EDITOR', 'vim');
    w.workspace.addVolume({ name: 'scratch', mountPath: '/scratch', source: { emptyDir: { medium: 'Memory', sizeLimit: '1Gi' } } });
  });
  const pod = only(json, 'kubernetes_pod_v1');
  const container = pod.spec.container[0];

  test('the pod is counted on start_count; the home claim is not', () => {
    expect(pod.count).toBe(START_COUNT);
    const home = only(json, 'kubernetes_persistent_volume_claim_v1');
    expect(home.count).toBeUndefined();
    expect(home.spec.resources.requests.storage).toBe('${data.coder_parameter.home_disk_size.value}Gi');
    expect(home.spec.storage_class_name).toBe('fast');
    expect(home.wait_until_bound).toBe(false);
    expect(json.data.coder_parameter.home_disk_size.mutable).toBe(false);
  });

  test('the agent token and init script reach the container as environment, never as literals', () => {
    expect(container.env).toEqual(
      expect.arrayContaining([
        { name: 'CODER_AGENT_TOKEN', value: '${coder_agent.main.token}' },
        { name: 'CODER_INIT_SCRIPT', value: '${coder_agent.main.init_script}' },
        { name: 'EDITOR', value: 'vim' },
      ]),
    );
    expect(container.command).toEqual(['sh', '-c', 'exec sh -c "$CODER_INIT_SCRIPT"']);
  });

  test('cpu and memory parameters set equal requests and limits', () => {
    const want = { cpu: '${data.coder_parameter.cpu.value}', memory: '${data.coder_parameter.memory.value}Gi' };
    expect(container.resources).toEqual({ requests: want, limits: want });
    expect(json.data.coder_parameter.cpu.mutable).toBe(true);
  });

  test('volumes: home from the claim, extra volumes as given; scheduling and service-account hygiene', () => {
    expect(pod.spec.volume).toEqual([
      { name: 'home', persistent_volume_claim: { claim_name: '${kubernetes_persistent_volume_claim_v1.home.metadata[0].name}' } },
      { name: 'scratch', empty_dir: { medium: 'Memory', size_limit: '1Gi' } },
    ]);
    expect(container.volume_mount).toEqual([
      { name: 'home', mount_path: '/home/coder' },
      { name: 'scratch', mount_path: '/scratch' },
    ]);
    expect(pod.spec.node_selector).toEqual({ disk: 'ssd' });
    expect(pod.spec.toleration).toEqual([{ key: 'kata', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(pod.spec.automount_service_account_token).toBe(false);
    expect(pod.spec.security_context).toEqual({ run_as_user: '1000', run_as_group: '1000', fs_group: '1000' });
  });

  test('the metadata is counted with the pod and points at its first instance', () => {
    expect(json.resource.coder_metadata.workspace_info.count).toBe(START_COUNT);
    expect(json.resource.coder_metadata.workspace_info.resource_id).toBe('${kubernetes_pod_v1.main[0].id}');
  });

  test('bad volumes, env names and images are refused with the construct path and prop', () => {
    expect(() =>
      synthTemplate((t) => {
        const w = new SysboxWorkspace(t, 'Workspace');
        w.workspace.addVolume({ name: 'x', mountPath: '/var/lib/docker', source: { emptyDir: {} } });
      }),
    ).toThrow('test/Workspace/Pod: invalid volume mountPath: "/var/lib/docker" is already mounted');
    expect(() => synthTemplate((t) => new SysboxWorkspace(t, 'Workspace').workspace.addEnv('CODER_AGENT_TOKEN', 'x'))).toThrow(
      'test/Workspace/Pod: invalid env name: "CODER_AGENT_TOKEN" is set by the workspace itself',
    );
    expect(() => synthTemplate((t) => new KataWorkspace(t, 'Workspace', { image: 'Bad Image' }))).toThrow('test/Workspace/Pod: invalid image: "Bad Image" is not an image reference');
    expect(() => synthTemplate((t) => new KataWorkspace(t, 'Workspace', { homeDiskSize: { default: '5Gi', min: '10Gi', max: '20Gi' } }))).toThrow(
      'test/Workspace/Pod: invalid homeDiskSize.default: 5 is outside 10..20',
    );
  });

  test('is only valid inside a CoderTemplate', () => {
    const { Testing } = require('cdktf');
    const app = Testing.app();
    expect(() => new PodWorkspace(app, 'Loose', {}, { command: ['true'] })).toThrow('Loose: invalid scope: must be created inside a CoderTemplate');
  });
});

// The pod workspace every container backend builds on: what is counted, what persists, what the agent gets.
import { PodWorkspace } from '../constructs/core/pod-workspace';
import { SysboxWorkspace } from '../constructs/sysbox';
import { KataWorkspace } from '../constructs/kata';
import { only, synthTemplate } from './support/synth';

const START_COUNT = '${data.coder_workspace.me.start_count}';

describe('PodWorkspace', () => {
  const { json } = synthTemplate((t) => {
    const w = new KataWorkspace(t, 'Workspace', {
      storageClassName: 'fast',
      tolerations: [{ key: 'kata', operator: 'Exists', effect: 'NoSchedule' }],
      nodeSelector: { disk: 'ssd' },
    });
    w.workspace.addEnv('EDITOR', 'vim');
    w.workspace.addVolume({ name: 'scratch', mountPath: '/scratch', source: { emptyDir: { medium: 'Memory', sizeLimit: '1Gi' } } });
  });
  const deployment = only(json, 'kubernetes_deployment_v1');
  const pod = deployment.spec.template;
  const container = pod.spec.container[0];

  test('a Deployment (Recreate) scaled by start_count runs the pod; the home claim is never counted and may only grow', () => {
    expect(deployment.count).toBeUndefined();
    expect(deployment.spec.replicas).toBe(START_COUNT);
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    expect(deployment.spec.selector).toEqual({ match_labels: { 'app.kubernetes.io/instance': '${local.workspace_name}' } });
    expect(deployment.wait_for_rollout).toBe(false);
    expect(deployment.metadata.name).toBe('${local.workspace_name}');
    const home = only(json, 'kubernetes_persistent_volume_claim_v1');
    expect(home.count).toBeUndefined();
    expect(home.metadata.name).toBe('${local.workspace_name}-home');
    expect(home.spec.resources.requests.storage).toBe('${data.coder_parameter.home_disk_size.value}Gi');
    expect(home.spec.storage_class_name).toBe('fast');
    expect(home.wait_until_bound).toBe(false);
    expect(home.lifecycle.ignore_changes).toEqual([
      'metadata[0].name',
      'metadata[0].namespace',
      'spec[0].storage_class_name',
      'spec[0].access_modes',
      'spec[0].volume_mode',
    ]);
    expect(json.data.coder_parameter.home_disk_size).toMatchObject({ mutable: true, validation: { monotonic: 'increasing' } });
  });

  test('the token comes from a Secret named for this build, made after the Deployment; the init script is plain environment', () => {
    expect(container.env).toEqual(
      expect.arrayContaining([
        { name: 'CODER_AGENT_TOKEN', value_from: { secret_key_ref: { name: '${local.workspace_name}-agent-${local.build_id}', key: 'token' } } },
        { name: 'CODER_INIT_SCRIPT', value: '${coder_agent.main.init_script}' },
        { name: 'EDITOR', value: 'vim' },
      ]),
    );
    expect(JSON.stringify(deployment)).not.toContain('coder_agent.main.token');
    const secret = only(json, 'kubernetes_secret_v1');
    expect(secret).toMatchObject({ count: START_COUNT, data: { token: '${coder_agent.main.token}' }, depends_on: ['kubernetes_deployment_v1.main'] });
    expect(secret.metadata.name).toBe('${local.workspace_name}-agent-${local.build_id}');
    expect(container.command).toEqual(['sh', '-c', 'exec sh -c "$CODER_INIT_SCRIPT"']);
  });

  test('requests are what an idle workspace needs; limits come from the cpu and memory parameters', () => {
    expect(container.resources).toEqual({
      requests: { cpu: '250m', memory: '512Mi' },
      limits: { cpu: '${data.coder_parameter.cpu.value}', memory: '${data.coder_parameter.memory.value}Gi' },
    });
    expect(json.data.coder_parameter.cpu.mutable).toBe(true);
  });

  test('requests above the smallest limit a user may choose are refused', () => {
    expect(() => synthTemplate((t) => new KataWorkspace(t, 'Workspace', { requests: { cpu: '1500m' } }))).toThrow(
      'test/Workspace/Pod: invalid requests.cpu: 1500m exceeds the smallest CPU limit a user may choose (1)',
    );
    expect(() => synthTemplate((t) => new KataWorkspace(t, 'Workspace', { requests: { memory: '2Gi' } }))).toThrow(
      'test/Workspace/Pod: invalid requests.memory: 2Gi exceeds the smallest memory limit a user may choose (1Gi)',
    );
    expect(() => synthTemplate((t) => new KataWorkspace(t, 'Workspace', { requests: { memory: '2GB' } }))).toThrow(
      'test/Workspace/Pod: invalid requests.memory: "2GB" is not a memory quantity such as "512Mi" or "1Gi"',
    );
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
    expect(pod.spec.affinity.pod_anti_affinity.preferred_during_scheduling_ignored_during_execution[0].pod_affinity_term.topology_key).toBe(
      'kubernetes.io/hostname',
    );
  });

  test("restricted by default: non-root, no privilege escalation, no capabilities, the runtime's seccomp profile, fsGroup only on a mismatch", () => {
    expect(pod.spec.security_context).toEqual({
      run_as_user: '1000',
      run_as_group: '1000',
      fs_group: '1000',
      fs_group_change_policy: 'OnRootMismatch',
      run_as_non_root: true,
      seccomp_profile: { type: 'RuntimeDefault' },
    });
    expect(container.security_context).toEqual({ allow_privilege_escalation: false, run_as_non_root: true, capabilities: { drop: ['ALL'] } });
    const { json: baseline } = synthTemplate((t) => new KataWorkspace(t, 'Workspace', { restricted: false }));
    const spec = only(baseline, 'kubernetes_deployment_v1').spec.template.spec;
    expect(spec.security_context).toEqual({ run_as_user: '1000', run_as_group: '1000', fs_group: '1000', fs_group_change_policy: 'OnRootMismatch' });
    expect(spec.container[0].security_context).toBeUndefined();
  });

  test('the metadata is shown on the Deployment', () => {
    expect(json.resource.coder_metadata.workspace_info.count).toBeUndefined();
    expect(json.resource.coder_metadata.workspace_info.resource_id).toBe('${kubernetes_deployment_v1.main.id}');
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
    expect(() => synthTemplate((t) => new KataWorkspace(t, 'Workspace', { image: 'Bad Image' }))).toThrow(
      'test/Workspace/Pod: invalid image: "Bad Image" is not an image reference',
    );
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

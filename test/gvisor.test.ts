// gVisor pools: the RuntimeClass, the Gardener worker configuration, the nvproxy driver rule, and workspaces on a pool.
import { Testing } from 'cdktf';
import { parse } from 'yaml';
import { CoderTemplate } from '../constructs/core/coder-template';
import { GvisorPoolProps, GvisorRuntimeClassPool, GvisorWorkspace, NVPROXY_SUPPORTED_DRIVERS } from '../constructs/gvisor';
import { PlatformStack } from '../constructs/platform';
import { only, podOf, synthTemplate } from './support/synth';

function platform(pool: GvisorPoolProps) {
  const stack = new PlatformStack(Testing.app({ stackTraces: false }), 'platform');
  new GvisorRuntimeClassPool(stack, 'Pool', pool);
  return { json: JSON.parse(Testing.synth(stack, true)), files: Object.fromEntries(stack.renderFiles().map((f) => [f.path, f.content])) };
}

describe('GvisorRuntimeClassPool', () => {
  const pool: GvisorPoolProps = {
    pool: 'gpu',
    debug: true,
    netRaw: true,
    nvproxy: true,
    nvidiaDriverVersion: '570.124.06',
    tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
    overhead: { cpu: '100m', memory: '64Mi' },
  };
  const { json, files } = platform(pool);
  const rc = json.resource.kubernetes_manifest.runtime_class_gvisor_gpu.manifest;

  test("on Gardener: no second gvisor class (its extension makes one); cvmkit 0.1's gvisor-<pool> class kept as it was, for workspaces on old versions", () => {
    expect(Object.keys(json.resource.kubernetes_manifest)).toEqual(['runtime_class_gvisor_gpu']);
    expect(rc).toEqual({
      apiVersion: 'node.k8s.io/v1',
      kind: 'RuntimeClass',
      metadata: { name: 'gvisor-gpu', labels: { 'app.kubernetes.io/managed-by': 'cvmkit' } },
      handler: 'runsc',
      scheduling: {
        nodeSelector: { 'worker.gardener.cloud/pool': 'gpu', 'containerruntime.worker.gardener.cloud/gvisor': 'true' },
        tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
      },
      overhead: { podFixed: { cpu: '100m', memory: '64Mi' } },
    });
    expect(json.provider.coder).toBeUndefined();
  });

  test('the Gardener worker snippet carries the GVisorConfiguration with the honoured flags', () => {
    expect(parse(files['gardener/gpu.yaml'])).toEqual({
      name: 'gpu',
      cri: {
        name: 'containerd',
        containerRuntimes: [
          {
            type: 'gvisor',
            providerConfig: {
              apiVersion: 'gvisor.runtime.extensions.config.gardener.cloud/v1alpha1',
              kind: 'GVisorConfiguration',
              configFlags: { debug: 'true', 'net-raw': 'true', nvproxy: 'true' },
            },
          },
        ],
      },
    });
  });

  test("a managed class on Gardener is the gvisor class itself, with the pool's scheduling", () => {
    const managed = platform({ pool: 'gpu', manageRuntimeClass: true, tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }] });
    expect(Object.keys(managed.json.resource.kubernetes_manifest)).toEqual(['runtime_class_gvisor']);
    expect(managed.json.resource.kubernetes_manifest.runtime_class_gvisor.manifest.scheduling.tolerations).toEqual([
      { key: 'gpu', operator: 'Exists', effect: 'NoSchedule' },
    ]);
  });

  test('a plain pool has no providerConfig; a non-Gardener pool has no snippet and its own label', () => {
    expect(parse(platform({ pool: 'plain' }).files['gardener/plain.yaml']).cri.containerRuntimes).toEqual([{ type: 'gvisor' }]);
    const other = platform({ pool: 'sandbox', gardener: false, poolLabel: 'example.com/pool', runtimeClassName: 'gvisor' });
    expect(other.files).toEqual({});
    expect(other.json.resource.kubernetes_manifest.runtime_class_gvisor.manifest.scheduling).toEqual({ nodeSelector: { 'example.com/pool': 'sandbox' } });
  });

  test('every listed driver is accepted with nvproxy', () => {
    for (const v of NVPROXY_SUPPORTED_DRIVERS) expect(() => platform({ pool: 'gpu', nvproxy: true, nvidiaDriverVersion: v })).not.toThrow();
  });

  test.each<[string, GvisorPoolProps, string]>([
    [
      'an unsupported driver',
      { pool: 'gpu', nvproxy: true, nvidiaDriverVersion: '550.54.14' },
      'invalid props.nvidiaDriverVersion: 550.54.14 is not supported by nvproxy',
    ],
    [
      'an arm64-only driver on amd64',
      { pool: 'gpu', nvproxy: true, nvidiaDriverVersion: '620.6.0' },
      'invalid props.nvidiaDriverVersion: 620.6.0 is not supported by nvproxy',
    ],
    ['nvproxy without a driver version', { pool: 'gpu', nvproxy: true }, 'invalid props.nvidiaDriverVersion: nvproxy needs the NVIDIA driver version'],
    [
      'a driver version without nvproxy',
      { pool: 'gpu', nvidiaDriverVersion: '570.124.06' },
      'invalid props.nvidiaDriverVersion: is only meaningful with nvproxy',
    ],
    ['a pool name that is not a label', { pool: 'GPU pool' }, 'invalid props.pool'],
    ['a bad overhead', { pool: 'gpu', overhead: { cpu: 'lots', memory: '1Gi' } }, 'invalid overhead.cpu: "lots" is not a CPU quantity'],
  ])('refuses %s', (_, props, message) => {
    expect(() => platform(props)).toThrow(message);
  });

  test('an arm64 pool accepts the arm64-only drivers', () => {
    expect(() => platform({ pool: 'gpu', nvproxy: true, nvidiaDriverVersion: '620.6.0', arch: 'arm64' })).not.toThrow();
  });

  test('is cluster-scoped: refused inside a workspace template', () => {
    const template = new CoderTemplate(Testing.app(), 'tpl');
    expect(() => new GvisorRuntimeClassPool(template, 'Pool', { pool: 'x' })).toThrow('tpl/Pool: invalid scope: must be created inside a PlatformStack');
  });
});

describe('GvisorWorkspace', () => {
  test("runs on Gardener's gvisor RuntimeClass, placed on the pool by its own selector and tolerations, restricted, with a persistent home", () => {
    const pool: GvisorPoolProps = { pool: 'sandbox', tolerations: [{ key: 'sandbox', operator: 'Exists', effect: 'NoSchedule' }] };
    const { json } = synthTemplate((t) => new GvisorWorkspace(t, 'Workspace', { pool }));
    const pod = podOf(json);
    expect(pod.spec.runtime_class_name).toBe('gvisor');
    expect(pod.spec.node_selector).toEqual({ 'worker.gardener.cloud/pool': 'sandbox' });
    expect(pod.spec.toleration).toEqual([{ key: 'sandbox', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(pod.spec.security_context.run_as_non_root).toBe(true);
    const other = podOf(synthTemplate((t) => new GvisorWorkspace(t, 'Workspace', { pool: { pool: 'sandbox', gardener: false } })).json);
    expect(other.spec.runtime_class_name).toBe('gvisor-sandbox');
    expect(pod.spec.security_context.run_as_user).toBe('1000');
    expect(json.resource.kubernetes_manifest).toBeUndefined();
    expect(only(json, 'kubernetes_persistent_volume_claim_v1').count).toBeUndefined();
  });

  test('GPUs need an nvproxy pool', () => {
    expect(() => synthTemplate((t) => new GvisorWorkspace(t, 'Workspace', { pool: { pool: 'cpu' }, nvidiaGpus: 1 }))).toThrow(
      'test/Workspace: invalid nvidiaGpus: pool "cpu" has no nvproxy',
    );
    const { json } = synthTemplate(
      (t) => new GvisorWorkspace(t, 'Workspace', { pool: { pool: 'gpu', nvproxy: true, nvidiaDriverVersion: '580.65.06' }, nvidiaGpus: 1 }),
    );
    expect(podOf(json).spec.container[0].resources.limits['nvidia.com/gpu']).toBe('1');
  });
});

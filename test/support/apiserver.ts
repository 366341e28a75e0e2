// Builders for simulated API server tests: a declared cluster and minimal valid objects to break one field at a time.
import { admit, ApiObject, CDI_CRDS, clusterView, ClusterView, KUBEVIRT_CRDS, namespace, Operation, runtimeClass } from '../../src/simulator/apiserver';

type Obj = Record<string, any>;

/** KubeVirt and CDI installed; namespaces `ws` (baseline), `priv` (no label: privileged), `strict` (restricted); three RuntimeClasses. */
export function cluster(extra: ApiObject[] = [], crds = [...KUBEVIRT_CRDS, ...CDI_CRDS]): ClusterView {
  const objects = [
    namespace('ws', { 'pod-security.kubernetes.io/enforce': 'baseline' }),
    namespace('priv'),
    namespace('strict', { 'pod-security.kubernetes.io/enforce': 'restricted' }),
    runtimeClass('sysbox-runc'),
    runtimeClass('kata-qemu'),
    runtimeClass('gvisor', 'runsc'),
    ...extra,
  ];
  return clusterView({ crds, objects }, () => []);
}

/** A valid pod in `ws`; `spec` and `meta` are merged over it. */
export function pod(spec: Obj = {}, meta: Obj = {}): ApiObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'dev', namespace: 'ws', ...meta },
    spec: { containers: [{ name: 'dev', image: 'ubuntu' }], ...spec },
  };
}

/** A valid container named `name` with `extra` merged over it. */
export const container = (extra: Obj = {}, name = 'dev'): Obj => ({ name, image: 'ubuntu', ...extra });

/** A valid object of any kind in `ws`. */
export function object(apiVersion: string, kind: string, body: Obj, meta: Obj = {}): ApiObject {
  return { apiVersion, kind, metadata: { name: 'x', namespace: 'ws', ...meta }, ...body };
}

/** A valid VirtualMachine (pod network, masquerade, one disk backed by a DataVolume, cloud-init from a Secret). */
export function vm(spec: Obj = {}, template: Obj = {}): ApiObject {
  return object('kubevirt.io/v1', 'VirtualMachine', {
    spec: {
      runStrategy: 'Always',
      template: {
        spec: {
          domain: {
            devices: {
              disks: [
                { name: 'root', disk: { bus: 'virtio' } },
                { name: 'ci', disk: { bus: 'virtio' } },
              ],
              interfaces: [{ name: 'default', masquerade: {} }],
            },
            resources: { requests: { memory: '2Gi' } },
          },
          networks: [{ name: 'default', pod: {} }],
          volumes: [
            { name: 'root', dataVolume: { name: 'x-root' } },
            { name: 'ci', cloudInitNoCloud: { secretRef: { name: 'x-ci' } } },
          ],
          ...template,
        },
      },
      ...spec,
    },
  });
}

/** A valid DataVolume importing over HTTP. */
export function dataVolume(spec: Obj = {}): ApiObject {
  return object('cdi.kubevirt.io/v1beta1', 'DataVolume', {
    spec: { source: { http: { url: 'https://example.com/disk.img' } }, storage: { resources: { requests: { storage: '10Gi' } } }, ...spec },
  });
}

/** admit() against `cluster()` (or the given view): CREATE, or UPDATE when `old` is given. */
export function refusals(o: ApiObject, old?: ApiObject, view: ClusterView = cluster(), op?: Operation): string[] {
  return admit(op ?? (old === undefined ? 'CREATE' : 'UPDATE'), o, old, view);
}

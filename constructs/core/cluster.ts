// What a platform team declares about its cluster, so constructs can refuse what it cannot run.
import { IConstruct } from './cdktf';
import { check } from './errors';

/** Facts about the cluster that workspaces run on; rules of some backends depend on them. */
export interface ClusterProfile {
  /**
   * Whether the worker nodes are bare-metal machines (GPUs attached directly, no nested virtualization).
   * @default false
   */
  readonly bareMetal?: boolean;
  /**
   * StorageClasses backed by NFS.
   * @default none
   */
  readonly nfsStorageClasses?: readonly string[];
  /**
   * Istio in the workspace namespace: `none`, `sidecar` (injected sidecar proxies, Istio's legacy
   * data plane) or `ambient` (node-level proxies, no sidecar in the pod).
   * @default "none"
   */
  readonly istio?: 'none' | 'sidecar' | 'ambient';
}

/** GPUs requested by a workspace through the vendor's device plugin. */
export interface GpuRequest {
  /** GPU vendor. */
  readonly vendor: 'nvidia' | 'amd';
  /**
   * Number of GPUs.
   * @default 1
   */
  readonly count?: number;
}

/** The device-plugin resource name of each vendor's GPUs. */
export const GPU_RESOURCES = { nvidia: 'nvidia.com/gpu', amd: 'amd.com/gpu' } as const;

/**
 * The rules Coder documents for container-based VMs (Sysbox, Envbox): NVIDIA GPUs only on bare
 * metal, no AMD GPUs, no NFS storage, no legacy (sidecar) Istio. Returns the GPU resource limits.
 */
export function checkContainerVmRules(
  scope: IConstruct,
  props: { readonly cluster?: ClusterProfile; readonly gpu?: GpuRequest; readonly storageClassName?: string; readonly annotations?: Record<string, string> },
): Record<string, string> {
  const cluster = props.cluster ?? {};
  const gpu = props.gpu;
  if (gpu !== undefined) {
    check(gpu.vendor !== 'amd', scope, 'gpu.vendor', 'AMD GPUs are not supported in container-based VMs (Sysbox); use a KubeVirt VM or Kata with VFIO');
    check(
      cluster.bareMetal === true,
      scope,
      'gpu',
      'NVIDIA GPUs in container-based VMs need bare-metal nodes: declare cluster.bareMetal = true, or drop the GPU',
    );
    check(Number.isInteger(gpu.count ?? 1) && (gpu.count ?? 1) >= 1, scope, 'gpu.count', `${gpu.count} must be a positive whole number`);
  }
  const nfs = cluster.nfsStorageClasses ?? [];
  check(
    props.storageClassName === undefined || !nfs.includes(props.storageClassName),
    scope,
    'storageClassName',
    `"${props.storageClassName}" is declared as NFS; container-based VMs do not support NFS volumes`,
  );
  check(
    cluster.istio !== 'sidecar',
    scope,
    'cluster.istio',
    'legacy Istio sidecar injection is not supported with container-based VMs; use ambient mode or exclude the namespace',
  );
  check(
    props.annotations?.['sidecar.istio.io/inject'] !== 'true',
    scope,
    'annotations',
    'sidecar.istio.io/inject: "true" asks for a legacy Istio sidecar, which container-based VMs do not support',
  );
  return gpu === undefined ? {} : { [GPU_RESOURCES[gpu.vendor]]: String(gpu.count ?? 1) };
}

// The Kata Containers hypervisors cvmkit offers, as data (kata-deploy 4.1 runtime classes and overheads).
import { PodOverhead } from '../platform/runtime-class';

/** Hypervisors with a Kata RuntimeClass. */
export type KataHypervisor = 'qemu' | 'cloud-hypervisor' | 'firecracker';

/** What a hypervisor's RuntimeClass is and can do. */
export interface KataHypervisorInfo {
  /** RuntimeClass name and CRI handler, as kata-deploy names them. */
  readonly runtimeClassName: string;
  /** Display name. */
  readonly displayName: string;
  /** kata-deploy's pod overhead for the shim. */
  readonly overhead: PodOverhead;
  /** Whether PCI devices can be passed through with VFIO. */
  readonly vfio: boolean;
}

/** Label kata-deploy sets on nodes where Kata is installed. */
export const KATA_NODE_LABEL = 'katacontainers.io/kata-runtime';

export const KATA_HYPERVISORS: Readonly<Record<KataHypervisor, KataHypervisorInfo>> = {
  qemu: { runtimeClassName: 'kata-qemu', displayName: 'QEMU', overhead: { cpu: '250m', memory: '320Mi' }, vfio: true },
  'cloud-hypervisor': { runtimeClassName: 'kata-clh', displayName: 'Cloud Hypervisor', overhead: { cpu: '250m', memory: '130Mi' }, vfio: true },
  // Firecracker has no PCI bus: no VFIO, no device hot-plug beyond block and network.
  firecracker: { runtimeClassName: 'kata-fc', displayName: 'Firecracker', overhead: { cpu: '250m', memory: '130Mi' }, vfio: false },
};

export const KATA_HYPERVISOR_KEYS = Object.keys(KATA_HYPERVISORS) as KataHypervisor[];

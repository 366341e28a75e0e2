// A workspace pod in a Kata Containers micro-VM: its own guest kernel, with optional VFIO devices.
import { Construct } from '../core/cdktf';
import { check } from '../core/errors';
import { checkLiterals } from '../core/literals';
import { PodWorkspace, PodWorkspaceProps } from '../core/pod-workspace';
import { KATA_HYPERVISOR_KEYS, KATA_HYPERVISORS, KataHypervisor } from './hypervisors';

/** A PCI device passed into the guest with VFIO, requested from its device plugin. */
export interface VfioDevice {
  /** Device-plugin resource, e.g. `nvidia.com/pgpu`. */
  readonly resource: string;
  /**
   * Number of devices.
   * @default 1
   */
  readonly count?: number;
}

/** Props of {@link KataWorkspace}. */
export interface KataWorkspaceProps extends Omit<PodWorkspaceProps, 'runtimeClassName'> {
  /**
   * Hypervisor the pod's micro-VM runs on.
   * @default "qemu"
   */
  readonly hypervisor?: KataHypervisor;
  /**
   * RuntimeClass name, when the cluster names its classes differently (e.g. `kata-qemu-nvidia-gpu`).
   * @default the hypervisor's kata-deploy class (`kata-qemu`, `kata-clh`, `kata-fc`)
   */
  readonly runtimeClassName?: string;
  /**
   * PCI devices passed through with VFIO. Not on Firecracker, which has no PCI bus.
   * @default none
   */
  readonly vfioDevices?: readonly VfioDevice[];
}

/**
 * A pod in a Kata micro-VM with a persistent home. The guest kernel is the isolation boundary;
 * the agent runs as UID 1000. Volumes reach the guest through virtio-fs (see README for limits).
 */
export class KataWorkspace extends Construct {
  /** The pod and its volumes. */
  public readonly workspace: PodWorkspace;

  constructor(scope: Construct, id: string, props: KataWorkspaceProps = {}) {
    super(scope, id);
    checkLiterals(this, props);
    const hv = props.hypervisor ?? 'qemu';
    check(KATA_HYPERVISOR_KEYS.includes(hv), this, 'hypervisor', `"${hv}" is not one of ${KATA_HYPERVISOR_KEYS.join(', ')}`);
    const info = KATA_HYPERVISORS[hv];
    const devices = props.vfioDevices ?? [];
    check(
      devices.length === 0 || info.vfio,
      this,
      'vfioDevices',
      `${info.displayName} cannot pass PCI devices through (no VFIO); use qemu or cloud-hypervisor`,
    );
    const resources: Record<string, string> = {};
    devices.forEach((d, i) => {
      const count = d.count ?? 1;
      check(/^[a-z0-9.-]+\/[a-z0-9._-]+$/.test(d.resource), this, `vfioDevices[${i}].resource`, `"${d.resource}" is not a device-plugin resource name`);
      check(Number.isInteger(count) && count >= 1, this, `vfioDevices[${i}].count`, `${count} must be a positive whole number`);
      check(!(d.resource in resources), this, `vfioDevices[${i}].resource`, `"${d.resource}" is listed twice`);
      resources[d.resource] = String(count);
    });
    this.workspace = new PodWorkspace(
      this,
      'Pod',
      { ...props, runtimeClassName: props.runtimeClassName ?? info.runtimeClassName },
      { command: ['sh', '-c', 'exec sh -c "$CODER_INIT_SCRIPT"'], extendedResources: resources },
    );
  }
}

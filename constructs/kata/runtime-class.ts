// The RuntimeClass of one Kata hypervisor, for clusters where kata-deploy's own classes are turned off.
import { Construct } from '../core/cdktf';
import { check } from '../core/errors';
import { checkLiterals } from '../core/literals';
import { Toleration } from '../core/scheduling';
import { PodOverhead, RuntimeClass } from '../platform/runtime-class';
import { KATA_HYPERVISOR_KEYS, KATA_HYPERVISORS, KATA_NODE_LABEL, KataHypervisor } from './hypervisors';

/** Props of {@link KataRuntimeClass}. */
export interface KataRuntimeClassProps {
  /**
   * Hypervisor of the class.
   * @default "qemu"
   */
  readonly hypervisor?: KataHypervisor;
  /**
   * Per-pod overhead (the guest VM and the shim).
   * @default kata-deploy's value for the hypervisor (QEMU 320Mi/250m, Cloud Hypervisor and Firecracker 130Mi/250m)
   */
  readonly overhead?: PodOverhead;
  /**
   * Extra node labels (added to `katacontainers.io/kata-runtime: "true"`).
   * @default none
   */
  readonly nodeSelector?: Record<string, string>;
  /**
   * Tolerations of a dedicated Kata pool.
   * @default none
   */
  readonly tolerations?: readonly Toleration[];
}

/** `kata-qemu`, `kata-clh` or `kata-fc`, scheduled on nodes where kata-deploy installed Kata. */
export class KataRuntimeClass extends Construct {
  /** The RuntimeClass. */
  public readonly runtimeClass: RuntimeClass;

  constructor(scope: Construct, id: string, props: KataRuntimeClassProps = {}) {
    super(scope, id);
    checkLiterals(this, props);
    const hv = props.hypervisor ?? 'qemu';
    check(KATA_HYPERVISOR_KEYS.includes(hv), this, 'hypervisor', `"${hv}" is not one of ${KATA_HYPERVISOR_KEYS.join(', ')}`);
    const info = KATA_HYPERVISORS[hv];
    this.runtimeClass = new RuntimeClass(this, 'RuntimeClass', {
      name: info.runtimeClassName,
      handler: info.runtimeClassName,
      nodeSelector: { [KATA_NODE_LABEL]: 'true', ...(props.nodeSelector ?? {}) },
      tolerations: props.tolerations,
      overhead: props.overhead ?? info.overhead,
    });
  }
}

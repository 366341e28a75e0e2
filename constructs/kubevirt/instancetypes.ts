// VM sizes as KubeVirt cluster instance types, and the preference cvmkit's VMs name.
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { Construct } from '../core/cdktf';
import { check } from '../core/errors';
import { checkLiterals } from '../core/literals';

/** Props of {@link VmInstancetypes}. */
export interface VmInstancetypesProps {
  /** The sizes by name: vCPUs and guest memory (a quantity such as `8Gi`). */
  readonly sizes: Readonly<Record<string, { readonly cpu: number; readonly memory: string }>>;
  /**
   * Name of the preference made beside them (virtio disks and NICs, a virtio RNG).
   * @default "cvmkit-linux"
   */
  readonly preference?: string;
}

/**
 * A `VirtualMachineClusterInstancetype` (`instancetype.kubevirt.io/v1beta1`) per size and one
 * `VirtualMachineClusterPreference`: cluster-wide, so every namespace's VMs may name them.
 */
export class VmInstancetypes extends Construct {
  constructor(scope: Construct, id: string, props: VmInstancetypesProps) {
    super(scope, id);
    checkLiterals(this, props, [], []);
    const names = Object.keys(props.sizes).sort();
    check(names.length > 0, this, 'sizes', 'names no size');
    const tfName = (n: string) => n.replace(/\./g, '_');
    for (const name of names) {
      const size = props.sizes[name];
      new Manifest(this, `Size-${name}`, {
        manifest: {
          apiVersion: 'instancetype.kubevirt.io/v1beta1',
          kind: 'VirtualMachineClusterInstancetype',
          metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'cvmkit' } },
          spec: { cpu: { guest: size.cpu }, memory: { guest: size.memory } },
        },
      }).overrideLogicalId(`instancetype_${tfName(name)}`);
    }
    new Manifest(this, 'Preference', {
      manifest: {
        apiVersion: 'instancetype.kubevirt.io/v1beta1',
        kind: 'VirtualMachineClusterPreference',
        metadata: { name: props.preference ?? 'cvmkit-linux', labels: { 'app.kubernetes.io/managed-by': 'cvmkit' } },
        spec: { devices: { preferredDiskBus: 'virtio', preferredInterfaceModel: 'virtio', preferredRng: {} } },
      },
    }).overrideLogicalId('preference');
  }
}

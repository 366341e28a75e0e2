// Bodies of the KubeVirt VirtualMachine and CDI DataVolume objects of a workspace.
import { AGENT_DISK } from '../../cloud-init';
import { Toleration } from '../core/scheduling';
import { windowsDevices, windowsDomain, WindowsGuest } from './windows-guest';

/**
 * An image CDI imports over HTTP (`spec.source.http`): its URL and, when known, its checksum in
 * CDI's `algorithm:hex` form, which CDI's importer verifies against the download (the import fails
 * on a mismatch). In a workspace it is a Terraform reference to one such object per distribution.
 */
export interface HttpImport {
  readonly url: string;
  readonly checksum?: string;
}

/** What the root-disk DataVolume is made from. */
export interface DataVolumeSpec {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  /** The cloud image imported over HTTP (when there is no `sourceRef`). */
  readonly http?: HttpImport;
  /** An empty volume (CDI's blank source) instead of an import. */
  readonly blank?: boolean;
  /** The DataSource cloned instead of an import (a golden image). */
  readonly sourceRef?: { readonly name: string; readonly namespace: string };
  /** Size as a quantity, e.g. `"${var}Gi"`. */
  readonly storage: string;
  readonly storageClassName?: string;
  readonly accessModes?: readonly string[];
  readonly volumeMode?: string;
}

/** A CDI DataVolume (`spec.storage` API) importing a cloud image over HTTP, or cloning a DataSource. */
export function dataVolumeManifest(s: DataVolumeSpec): Record<string, unknown> {
  return {
    apiVersion: 'cdi.kubevirt.io/v1beta1',
    kind: 'DataVolume',
    metadata: {
      name: s.name,
      namespace: s.namespace,
      labels: s.labels,
      // CDI releases 1.55-1.56 garbage-collected completed DataVolumes by default; Terraform
      // would then re-import the disk on the next build. This keeps the object.
      annotations: { ...s.annotations, 'cdi.kubevirt.io/storage.deleteAfterCompletion': 'false' },
    },
    spec: {
      ...(s.sourceRef !== undefined
        ? { sourceRef: { kind: 'DataSource', name: s.sourceRef.name, namespace: s.sourceRef.namespace } }
        : { source: s.blank ? { blank: {} } : { http: s.http } }),
      storage: omitUndefined({
        resources: { requests: { storage: s.storage } },
        storageClassName: s.storageClassName,
        accessModes: s.accessModes && [...s.accessModes],
        volumeMode: s.volumeMode,
      }),
    },
  };
}

/** What the VirtualMachine is made from. */
export interface VirtualMachineSpec {
  readonly name: string;
  readonly namespace: string;
  readonly hostname: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  /**
   * SMBIOS UUID of the guest. KubeVirt passes it to cloud-init as the NoCloud `instance-id`, so a
   * value fixed for the workspace (its id) keeps per-instance setup from running again when the
   * VM object is recreated.
   */
  readonly firmwareUuid: string;
  /** Cores, the CPU request and memory; or a cluster instance type (and preference) that sets them. */
  readonly size:
    { readonly cores: number; readonly cpuRequest: string; readonly memory: string } | { readonly instancetype: string; readonly preference?: string };
  /** Extra data disks: the VM's disk/volume name, the virtio serial and the DataVolume. */
  readonly dataDisks?: readonly { readonly volume: string; readonly serial: string; readonly dataVolume: string }[];
  /** Team shares: a virtiofs filesystem each (its name is the guest's mount tag) backed by the platform's claim. */
  readonly sharedDisks?: readonly { readonly volume: string; readonly claimName: string; readonly readOnly: boolean }[];
  /** GPUs and host devices passed through (`name`, `deviceName`). */
  readonly gpus?: readonly { readonly name: string; readonly deviceName: string }[];
  readonly hostDevices?: readonly { readonly name: string; readonly deviceName: string }[];
  /** `cpu.model: host-passthrough` for nested virtualisation. */
  readonly hostCpu?: boolean;
  /** What KubeVirt does when the node is drained: `LiveMigrate` needs ReadWriteMany storage. */
  readonly evictionStrategy: 'LiveMigrate' | 'None';
  readonly rootDataVolume: string;
  readonly cloudInitSecret: string;
  /** Secret attached as a read-only disk with serial `AGENT_DISK.serial`: the agent token, kept out of user-data. */
  readonly agentSecret: string;
  readonly nodeSelector: Record<string, string>;
  readonly tolerations: readonly Toleration[];
  readonly terminationGracePeriodSeconds: number;
  /**
   * A Windows guest: UEFI Secure Boot, SMM, TPM, Hyper-V enlightenments, q35; the user-data as a
   * ConfigDrive (what Cloudbase-Init reads) and the user-data and Secret disks as SATA CD-ROMs
   * (readable without drivers); an explicit virtio NIC.
   * @default a Linux guest: NoCloud user-data, virtio disks
   */
  readonly windows?: WindowsGuest;
}

/**
 * A KubeVirt VirtualMachine that runs while it exists: `runStrategy: Always` (never the
 * deprecated `running`; KubeVirt also restarts the guest after a node loss), cores and memory
 * (memory requested as it is used: a guest's memory is not overcommitted; CPU requested below its
 * cores), virtio disks, one `masquerade` interface on the pod network
 * (no interface names in the guest config: cloud-init's fallback DHCPs the first NIC), and the
 * workspace labels on the VMI template so they reach the virt-launcher pod the Service selects.
 */
export function virtualMachineManifest(s: VirtualMachineSpec): Record<string, unknown> {
  const size = 'cores' in s.size ? s.size : undefined;
  const windows = s.windows !== undefined ? windowsDomain(s.windows) : undefined;
  // Windows reads ISO 9660 CD-ROMs without extra drivers; Linux finds its seed disks on virtio.
  const seedDisk = s.windows !== undefined ? { cdrom: { bus: 'sata' } } : { disk: { bus: 'virtio' } };
  const podSpec = omitUndefined({
    hostname: s.hostname,
    evictionStrategy: s.evictionStrategy,
    domain: omitUndefined({
      ...(windows ?? {}),
      firmware: { uuid: s.firmwareUuid, ...((windows?.firmware as object | undefined) ?? {}) },
      // With an instance type, KubeVirt refuses a template that sets CPU or memory itself.
      cpu:
        size || s.hostCpu
          ? omitUndefined({ cores: size?.cores, sockets: size && 1, threads: size && 1, model: s.hostCpu ? 'host-passthrough' : undefined })
          : undefined,
      memory: size && { guest: size.memory },
      resources: size && {
        requests: { cpu: size.cpuRequest, memory: size.memory },
        limits: { cpu: size.cores, memory: size.memory },
      },
      devices: {
        disks: [
          { name: 'rootdisk', disk: { bus: 'virtio' }, bootOrder: 1 },
          { name: 'cloudinitdisk', ...seedDisk },
          { name: 'agentdisk', ...seedDisk, serial: AGENT_DISK.serial },
          ...(s.dataDisks ?? []).map((d) => ({ name: d.volume, disk: { bus: 'virtio' }, serial: d.serial })),
        ],
        ...(s.sharedDisks?.length ? { filesystems: s.sharedDisks.map((d) => ({ name: d.volume, virtiofs: {} })) } : {}),
        interfaces: [{ name: 'default', masquerade: {}, ...(s.windows !== undefined ? { model: 'virtio' } : {}) }],
        rng: {},
        // Said outright: `virtctl console` and cloud-init's output need the serial console.
        autoattachSerialConsole: true,
        ...(s.windows !== undefined ? windowsDevices(s.windows) : {}),
        ...(s.gpus?.length ? { gpus: s.gpus.map((d) => ({ name: d.name, deviceName: d.deviceName })) } : {}),
        ...(s.hostDevices?.length ? { hostDevices: s.hostDevices.map((d) => ({ name: d.name, deviceName: d.deviceName })) } : {}),
      },
    }),
    networks: [{ name: 'default', pod: {} }],
    volumes: [
      { name: 'rootdisk', dataVolume: { name: s.rootDataVolume } },
      { name: 'cloudinitdisk', [s.windows !== undefined ? 'cloudInitConfigDrive' : 'cloudInitNoCloud']: { secretRef: { name: s.cloudInitSecret } } },
      { name: 'agentdisk', secret: { secretName: s.agentSecret } },
      ...(s.dataDisks ?? []).map((d) => ({ name: d.volume, dataVolume: { name: d.dataVolume } })),
      ...(s.sharedDisks ?? []).map((d) => ({ name: d.volume, persistentVolumeClaim: { claimName: d.claimName, ...(d.readOnly ? { readOnly: true } : {}) } })),
    ],
    nodeSelector: Object.keys(s.nodeSelector).length > 0 ? s.nodeSelector : undefined,
    tolerations: s.tolerations.length > 0 ? s.tolerations.map((t) => ({ ...t })) : undefined,
    terminationGracePeriodSeconds: s.terminationGracePeriodSeconds,
  });
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { name: s.name, namespace: s.namespace, labels: s.labels, annotations: s.annotations },
    spec: {
      runStrategy: 'Always',
      ...('instancetype' in s.size
        ? {
            instancetype: { kind: 'VirtualMachineClusterInstancetype', name: s.size.instancetype },
            ...(s.size.preference !== undefined ? { preference: { kind: 'VirtualMachineClusterPreference', name: s.size.preference } } : {}),
          }
        : {}),
      template: { metadata: { labels: s.labels }, spec: podSpec },
    },
  };
}

function omitUndefined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

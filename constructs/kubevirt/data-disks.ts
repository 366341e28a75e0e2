// Extra persistent data disks of a KubeVirt workspace: a DataVolume each, formatted and mounted by cloud-init.
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { Construct } from '../core/cdktf';
import { DATA_VOLUME_CREATION_FIELDS } from '../core/disks';
import { check } from '../core/errors';
import { checkLiterals } from '../core/literals';
import { isDnsLabel } from '../core/names';
import { Size } from '../core/size';
import { isCdiChecksum } from './images';
import { dataVolumeManifest } from './manifests';

/** Props of `KubevirtWorkspace.addDisk()`. */
export interface DataDiskProps {
  /**
   * Short name (a DNS-1123 label of at most 13 characters): the DataVolume's suffix, the VM's disk
   * name, the virtio serial `cvmkit-<name>` and the file system's label.
   */
  readonly name: string;
  /** Size, fixed at creation, e.g. `50Gi`. */
  readonly size: Size | string;
  /** Where the guest mounts it (absolute). */
  readonly mountPath: string;
  /**
   * A disk image to import instead of a blank disk (its file system is mounted as it is).
   * @default a blank disk, formatted ext4 on first boot
   */
  readonly imageUrl?: string;
  /**
   * Checksum of `imageUrl` in CDI's `algorithm:hex` form (`sha256:<64 hex digits>`; md5, sha1 and
   * sha512 too): CDI verifies the download against it and fails the import on a mismatch.
   * @default none: the download is not verified
   */
  readonly imageChecksum?: string;
  /**
   * Storage class of the DataVolume.
   * @default the workspace's storage class
   */
  readonly storageClassName?: string;
}

/** What the VM and cloud-init need to know of a data disk. */
export interface DataDisk {
  readonly name: string;
  /** The VM's disk and volume name. */
  readonly volume: string;
  /** virtio serial, so the guest finds it under /dev/disk/by-id/virtio-<serial>. */
  readonly serial: string;
  readonly mountPath: string;
  /** Whether cloud-init makes the file system (blank disks only). */
  readonly format: boolean;
  /** The DataVolume's name (a Terraform reference). */
  readonly dataVolume: string;
  readonly resource: Manifest;
}

const RESERVED = ['root', 'cloudinit', 'agent'];

/** Checks `props` and makes the DataVolume: never counted on start_count, its spec fixed at creation like the root disk's. */
export function makeDataDisk(
  scope: Construct,
  existing: readonly DataDisk[],
  props: DataDiskProps,
  at: {
    readonly name: string;
    readonly namespace: string;
    readonly labels: Record<string, string>;
    readonly annotations: Record<string, string>;
    readonly storageClassName?: string;
  },
): DataDisk {
  checkLiterals(scope, props, [], ['disk']);
  const where = (p: string) => `addDisk(${props.name}).${p}`;
  check(
    isDnsLabel(props.name) && props.name.length <= 13,
    scope,
    where('name'),
    `"${props.name}" must be a DNS-1123 label of at most 13 characters (the virtio serial is cvmkit-<name>, 20 at most)`,
  );
  check(!RESERVED.includes(props.name), scope, where('name'), `"${props.name}" is reserved for the workspace's own disks`);
  check(!existing.some((d) => d.name === props.name), scope, where('name'), `a disk "${props.name}" was already added`);
  check(
    /^\/[^\s:]*[^/\s:]$/.test(props.mountPath) && !['/', '/boot', '/home', '/etc', '/usr', '/var', '/opt/coder'].includes(props.mountPath),
    scope,
    where('mountPath'),
    `"${props.mountPath}" must be an absolute path that is not a system directory`,
  );
  check(!existing.some((d) => d.mountPath === props.mountPath), scope, where('mountPath'), `"${props.mountPath}" is already a disk's mount point`);
  const size = typeof props.size === 'string' ? Size.tryParse(props.size) : props.size;
  check(size !== undefined && size.toMebibytes() % 1024 === 0, scope, where('size'), `"${String(props.size)}" is not a whole number of Gi such as "50Gi"`);
  check(props.imageUrl === undefined || /^https?:\/\/\S+$/.test(props.imageUrl), scope, where('imageUrl'), `"${props.imageUrl}" must be an http(s) URL`);
  check(props.imageChecksum === undefined || props.imageUrl !== undefined, scope, where('imageChecksum'), 'is given without an imageUrl to verify');
  check(
    props.imageChecksum === undefined || isCdiChecksum(props.imageChecksum),
    scope,
    where('imageChecksum'),
    `"${props.imageChecksum}" must be "sha256:" and 64 lower-case hex digits (or md5, sha1, sha512 with theirs)`,
  );
  const resource = new Manifest(scope, `Disk-${props.name}`, {
    manifest: dataVolumeManifest({
      name: at.name,
      namespace: at.namespace,
      labels: at.labels,
      annotations: at.annotations,
      // Without an image CDI makes an empty volume; the guest formats it once.
      ...(props.imageUrl !== undefined
        ? { http: props.imageChecksum !== undefined ? { url: props.imageUrl, checksum: props.imageChecksum } : { url: props.imageUrl } }
        : { blank: true }),
      storage: `${size!.toGibibytes()}Gi`,
      storageClassName: props.storageClassName ?? at.storageClassName,
    }),
    lifecycle: { ignoreChanges: [...DATA_VOLUME_CREATION_FIELDS] },
  });
  resource.overrideLogicalId(`disk_${props.name.replace(/-/g, '_')}`);
  return {
    name: props.name,
    volume: `data-${props.name}`,
    serial: `cvmkit-${props.name}`,
    mountPath: props.mountPath,
    format: props.imageUrl === undefined,
    dataVolume: resource.getStringAttribute('manifest.metadata.name'),
    resource,
  };
}

/** What the cloud-init templates get of the disks (`disks` in their context). */
export function cloudInitDisks(disks: readonly DataDisk[]): { device: string; label: string; mountPath: string; format: boolean }[] {
  return disks.map((d) => ({ device: `/dev/disk/by-id/virtio-${d.serial}`, label: d.name, mountPath: d.mountPath, format: d.format }));
}

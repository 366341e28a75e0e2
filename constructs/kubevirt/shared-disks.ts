// Team shares in a KubeVirt workspace: the platform's claim attached with virtiofs, mounted by the guest at every boot.
import { IConstruct } from '../core/cdktf';
import { check } from '../core/errors';
import { checkLiterals } from '../core/literals';
import { isDnsLabel } from '../core/names';
import { ClaimAccessMode, SHARED_DISK_NAME_MAX, sharedClaimName } from '../platform/shared-disk';

/** Props of `KubevirtWorkspace.addSharedDisk()`. */
export interface SharedDiskMountProps {
  /** Where the guest mounts the share (absolute). */
  readonly mountPath: string;
  /**
   * Mounts the share read-only (the claim is attached read-only too).
   * @default false
   */
  readonly readOnly?: boolean;
  /**
   * The access mode the platform gave the share's claim (settings `sharedDisks[].accessMode`). Every
   * workspace of the template mounts it, on whatever node it runs: only ReadWriteMany, or
   * ReadOnlyMany mounted read-only, allows that.
   * @default "ReadWriteMany"
   */
  readonly accessMode?: ClaimAccessMode;
}

/** What the VM and cloud-init need of a share. */
export interface SharedDiskMount {
  readonly name: string;
  /** The VM's filesystem and volume name: the virtiofs tag the guest mounts. */
  readonly tag: string;
  readonly claimName: string;
  readonly mountPath: string;
  readonly readOnly: boolean;
  readonly accessMode: ClaimAccessMode;
}

const SYSTEM_DIRECTORIES = ['/', '/boot', '/home', '/etc', '/usr', '/var', '/opt/coder', '/tmp', '/run'];

/** Checks a share's mount (`scope` is the workspace) against the ones before it. */
export function sharedDiskMount(
  scope: IConstruct,
  existing: readonly SharedDiskMount[],
  taken: readonly string[],
  name: string,
  props: SharedDiskMountProps,
): SharedDiskMount {
  checkLiterals(scope, { name, ...props }, [], [`addSharedDisk(${name})`]);
  const where = (p: string) => `addSharedDisk(${name}).${p}`;
  check(
    isDnsLabel(name) && name.length <= SHARED_DISK_NAME_MAX,
    scope,
    where('name'),
    `"${name}" must be a DNS-1123 label of at most ${SHARED_DISK_NAME_MAX} characters (the share's name in the settings)`,
  );
  check(!existing.some((d) => d.name === name), scope, where('name'), `the share "${name}" was already added`);
  check(
    /^\/[^\s:'"\\]*[^/\s:'"\\]$/.test(props.mountPath) && !SYSTEM_DIRECTORIES.includes(props.mountPath),
    scope,
    where('mountPath'),
    `"${props.mountPath}" must be an absolute path that is not a system directory`,
  );
  check(!taken.includes(props.mountPath), scope, where('mountPath'), `"${props.mountPath}" is already a disk's or share's mount point`);
  const accessMode = props.accessMode ?? 'ReadWriteMany';
  const readOnly = props.readOnly ?? false;
  check(
    accessMode === 'ReadWriteMany' || (accessMode === 'ReadOnlyMany' && readOnly),
    scope,
    where('accessMode'),
    accessMode === 'ReadOnlyMany'
      ? 'ReadOnlyMany claims can only be mounted with readOnly: true'
      : `"${accessMode}" lets a single node (or pod) use the claim, but every workspace of the template mounts it: the share's claim must be ReadWriteMany (or ReadOnlyMany, mounted readOnly)`,
  );
  return { name, tag: `share-${name}`, claimName: sharedClaimName(name), mountPath: props.mountPath, readOnly, accessMode };
}

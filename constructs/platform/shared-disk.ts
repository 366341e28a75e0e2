// A team share: a ReadWriteMany claim per workspace namespace, owned by a platform stack and never by a workspace.
import { PersistentVolumeClaimV1 } from '@cdktf/provider-kubernetes/lib/persistent-volume-claim-v1';
import { Construct } from '../core/cdktf';
import { CLAIM_CREATION_FIELDS } from '../core/disks';
import { check } from '../core/errors';
import { checkLiterals } from '../core/literals';
import { isDnsLabel } from '../core/names';
import { Size } from '../core/size';
import { PlatformStack } from './stack';

/** Access modes a claim may have (what `kubectl` spells). */
export type ClaimAccessMode = 'ReadWriteMany' | 'ReadOnlyMany' | 'ReadWriteOnce' | 'ReadWriteOncePod';

/** The claim of the share `name` in each namespace: what workspaces mount. */
export const sharedClaimName = (name: string): string => `cvmkit-share-${name}`;

/** The longest share name: its VM filesystem name `share-<name>` is the virtiofs tag, kept well under virtiofs's 36 bytes. */
export const SHARED_DISK_NAME_MAX = 20;

/** Props of {@link SharedDisk}. */
export interface SharedDiskProps {
  /** The share's name (a DNS-1123 label of at most 20 characters): the claim is `cvmkit-share-<name>`. */
  readonly name: string;
  /** Size, e.g. `100Gi`; growing it later expands the claim in place (if the StorageClass allows), shrinking is refused by the API server. */
  readonly size: Size | string;
  /** Namespaces to make the claim in: those of the workspaces that mount it (a claim serves its own namespace only). */
  readonly namespaces: readonly string[];
  /**
   * StorageClass of the claim: one that provisions ReadWriteMany file volumes (CephFS, NFS, Azure Files…).
   * @default the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * Access mode of the claim. Workspaces refuse to mount anything but ReadWriteMany (or ReadOnlyMany read-only):
   * every workspace of a template mounts it, on any node.
   * @default "ReadWriteMany"
   */
  readonly accessMode?: ClaimAccessMode;
}

/**
 * A PersistentVolumeClaim `cvmkit-share-<name>` (Filesystem mode: virtiofs shares a directory) in
 * each namespace. It belongs to the platform stack: no workspace's Terraform state holds it, so
 * deleting a workspace never touches it; Terraform refuses to destroy it (`prevent_destroy`), and a
 * new storage class or access mode in the settings applies to namespaces added later only (the
 * API server refuses to change a claim's spec but for its size).
 */
export class SharedDisk extends Construct {
  /** The claims, by namespace. */
  public readonly claims: ReadonlyMap<string, PersistentVolumeClaimV1>;

  constructor(scope: Construct, id: string, props: SharedDiskProps) {
    super(scope, id);
    PlatformStack.of(this);
    checkLiterals(this, props);
    check(
      isDnsLabel(props.name) && props.name.length <= SHARED_DISK_NAME_MAX,
      this,
      'name',
      `"${props.name}" must be a DNS-1123 label of at most ${SHARED_DISK_NAME_MAX} characters`,
    );
    const size = typeof props.size === 'string' ? Size.tryParse(props.size) : props.size;
    check(size !== undefined && size.toMebibytes() % 1024 === 0, this, 'size', `"${String(props.size)}" is not a whole number of Gi such as "100Gi"`);
    const accessMode = props.accessMode ?? 'ReadWriteMany';
    check(
      ['ReadWriteMany', 'ReadOnlyMany', 'ReadWriteOnce', 'ReadWriteOncePod'].includes(accessMode),
      this,
      'accessMode',
      `"${accessMode}" must be ReadWriteMany, ReadOnlyMany, ReadWriteOnce or ReadWriteOncePod`,
    );
    check(props.namespaces.length > 0, this, 'namespaces', 'names no namespace');
    for (const ns of props.namespaces) check(isDnsLabel(ns), this, 'namespaces', `"${ns}" is not a DNS-1123 label`);
    const claims = new Map<string, PersistentVolumeClaimV1>();
    for (const ns of [...new Set(props.namespaces)].sort()) {
      const claim = new PersistentVolumeClaimV1(this, `Claim-${ns}`, {
        metadata: {
          name: sharedClaimName(props.name),
          namespace: ns,
          labels: { 'app.kubernetes.io/managed-by': 'cvmkit', 'cvmkit.dev/shared-disk': props.name },
        },
        spec: {
          accessModes: [accessMode],
          volumeMode: 'Filesystem',
          resources: { requests: { storage: `${size!.toGibibytes()}Gi` } },
          storageClassName: props.storageClassName,
        },
        // A WaitForFirstConsumer class binds when the first workspace mounts it.
        waitUntilBound: false,
        lifecycle: { preventDestroy: true, ignoreChanges: [...CLAIM_CREATION_FIELDS] },
      });
      claim.overrideLogicalId(`share_${props.name.replace(/-/g, '_')}_${ns.replace(/-/g, '_')}`);
      claims.set(ns, claim);
    }
    this.claims = claims;
  }
}

// Persistent disks of a workspace, guarded so that no template version and no rename can replace them.
import { PersistentVolumeClaimV1 } from '@cdktf/provider-kubernetes/lib/persistent-volume-claim-v1';
import { Construct } from './cdktf';

/**
 * Fields of a PersistentVolumeClaim fixed when it is created. The API server refuses to change
 * them (a claim's spec is immutable but for its size) and the provider would replace the claim,
 * that is delete the user's data, so Terraform ignores later changes: a new storage class, access
 * mode, naming rule or namespace in a template version applies to new workspaces only.
 */
export const CLAIM_CREATION_FIELDS = [
  'metadata[0].name',
  'metadata[0].namespace',
  'spec[0].storage_class_name',
  'spec[0].access_modes',
  'spec[0].volume_mode',
] as const;

/**
 * Fields of a CDI DataVolume (`kubernetes_manifest`) fixed when it is created: its name and
 * namespace, and its whole spec (source, size, storage class, access and volume modes), which
 * CDI's webhook refuses to update ("Cannot update DataVolume Spec").
 */
export const DATA_VOLUME_CREATION_FIELDS = ['manifest.metadata.name', 'manifest.metadata.namespace', 'manifest.spec'] as const;

/** What a workspace claim is made of. */
export interface WorkspaceClaimProps {
  /** Object name (id-based). */
  readonly name: string;
  /** Namespace at creation. */
  readonly namespace: string;
  /** Labels (may be updated in place). */
  readonly labels: Record<string, string>;
  /** Annotations (may be updated in place). */
  readonly annotations: Record<string, string>;
  /** Size quantity, e.g. `${data.coder_parameter.home_disk_size.value}Gi`; growing it expands the volume in place. */
  readonly size: string;
  /**
   * StorageClass at creation.
   * @default the cluster's default StorageClass
   */
  readonly storageClassName?: string;
}

/**
 * A ReadWriteOnce claim that lives as long as the workspace: never counted on start_count, its
 * creation-time fields guarded ({@link CLAIM_CREATION_FIELDS}). `id` is its Terraform name.
 */
export function workspaceClaim(scope: Construct, id: string, props: WorkspaceClaimProps): PersistentVolumeClaimV1 {
  const claim = new PersistentVolumeClaimV1(scope, `Claim-${id}`, {
    metadata: { name: props.name, namespace: props.namespace, labels: props.labels, annotations: props.annotations },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: props.size } }, storageClassName: props.storageClassName },
    // A WaitForFirstConsumer class binds only when the pod schedules: don't block on it.
    waitUntilBound: false,
    lifecycle: { ignoreChanges: [...CLAIM_CREATION_FIELDS] },
  });
  claim.overrideLogicalId(id);
  return claim;
}

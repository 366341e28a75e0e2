// Golden images: one prepared root disk per distribution in the cluster, which workspace disks clone.
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { RoleBindingV1 } from '@cdktf/provider-kubernetes/lib/role-binding-v1';
import { RoleV1 } from '@cdktf/provider-kubernetes/lib/role-v1';
import { Construct } from '../core/cdktf';
import { check } from '../core/errors';
import { checkLiterals } from '../core/literals';
import { isDnsLabel } from '../core/names';
import { DISTROS, DistroKey, isDistroKey } from './distros';
import { isCdiChecksum } from './images';

/** Where golden images live unless a template or the settings say otherwise. */
export const DEFAULT_GOLDEN_IMAGE_NAMESPACE = 'cvmkit-golden-images';

/** Size of a distribution's golden disk in Gi: the image's virtual size plus file-system overhead (CDI refuses less). A clone's target is at least as large. */
export const goldenDiskGi = (key: DistroKey): number => DISTROS[key].imageVirtualSizeGi + 2;

/** Props of {@link GoldenImages}. */
export interface GoldenImagesProps {
  /**
   * Namespace of the golden images; workspaces clone from its DataSources.
   * @default "cvmkit-golden-images"
   */
  readonly namespace?: string;
  /** The distributions, each with the HTTP image used where it has no container disk (mirrors applied). */
  readonly images: Readonly<Partial<Record<DistroKey, string>>>;
  /**
   * Checksums of those HTTP images in CDI's `algorithm:hex` form, verified by CDI's importer (a
   * mismatch fails the import).
   * @default none: the HTTP imports are not verified
   */
  readonly checksums?: Readonly<Partial<Record<DistroKey, string>>>;
  /**
   * When a `DataImportCron` looks for a new digest of a container disk (cron format).
   * @default "0 3 * * 1" (Mondays 03:00)
   */
  readonly schedule?: string;
  /**
   * Imports each `DataImportCron` keeps (older ones are garbage-collected; clones are independent copies).
   * @default 2
   */
  readonly importsToKeep?: number;
  /**
   * Storage class of the golden disks (a class with CSI snapshots or clones makes workspace clones fast).
   * @default the cluster's default
   */
  readonly storageClassName?: string;
  /**
   * The Coder provisioner's service account: CDI lets it clone from this namespace only with
   * `create` on `datavolumes/source` here.
   * @default { name: "coder", namespace: "coder" }
   */
  readonly provisioner?: { readonly name: string; readonly namespace: string };
}

/**
 * A namespace of golden images: per distribution a `DataSource` named after the distribution key.
 * Where the KubeVirt community publishes a container disk, a `DataImportCron` imports it and
 * re-imports new digests on its schedule (the DataSource follows the newest import, garbage
 * collection keeps `importsToKeep`); elsewhere a DataVolume imports the HTTP image once and a
 * DataSource points at it. Plus the RBAC a cross-namespace clone needs.
 */
export class GoldenImages extends Construct {
  /** The namespace, as given. */
  public readonly namespace: string;

  constructor(scope: Construct, id: string, props: GoldenImagesProps) {
    super(scope, id);
    checkLiterals(this, props, [], []);
    this.namespace = props.namespace ?? DEFAULT_GOLDEN_IMAGE_NAMESPACE;
    check(isDnsLabel(this.namespace), this, 'namespace', `"${this.namespace}" is not a DNS-1123 label`);
    const keep = props.importsToKeep ?? 2;
    check(Number.isInteger(keep) && keep >= 1, this, 'importsToKeep', `${keep} must be a whole number of at least 1`);
    const schedule = props.schedule ?? '0 3 * * 1';
    check(schedule.trim().split(/\s+/).length === 5, this, 'schedule', `"${schedule}" is not a five-field cron schedule`);
    const keys = Object.keys(props.images);
    check(keys.length > 0, this, 'images', 'names no distribution');
    for (const k of keys) check(isDistroKey(k), this, 'images', `unknown distribution "${k}"`);
    for (const [k, sum] of Object.entries(props.checksums ?? {})) {
      check(keys.includes(k), this, 'checksums', `"${k}" is not one of the images`);
      check(
        typeof sum === 'string' && isCdiChecksum(sum),
        this,
        `checksums["${k}"]`,
        `"${sum}" must be "sha256:" and 64 lower-case hex digits (or md5, sha1, sha512 with theirs)`,
      );
    }

    const ns = new NamespaceV1(this, 'Namespace', { metadata: { name: this.namespace, labels: { 'app.kubernetes.io/managed-by': 'cvmkit' } } });
    ns.overrideLogicalId('golden_images');
    const tfName = (key: string) => key.replace(/\./g, '_');
    const namespace = ns.metadata.name;
    for (const key of keys.sort() as DistroKey[]) {
      const d = DISTROS[key];
      const storage = {
        resources: { requests: { storage: `${goldenDiskGi(key)}Gi` } },
        ...(props.storageClassName ? { storageClassName: props.storageClassName } : {}),
      };
      const metadata = { name: key, namespace, labels: { 'app.kubernetes.io/managed-by': 'cvmkit', 'cvmkit.dev/distro': key } };
      if (d.goldenRegistry !== undefined) {
        const cron = new Manifest(this, `Cron-${key}`, {
          manifest: {
            apiVersion: 'cdi.kubevirt.io/v1beta1',
            kind: 'DataImportCron',
            metadata,
            spec: {
              schedule,
              importsToKeep: keep,
              garbageCollect: 'Outdated',
              managedDataSource: key,
              template: { spec: { source: { registry: { url: d.goldenRegistry } }, storage } },
            },
          },
        });
        cron.overrideLogicalId(`cron_${tfName(key)}`);
      } else {
        const disk = new Manifest(this, `Disk-${key}`, {
          manifest: {
            apiVersion: 'cdi.kubevirt.io/v1beta1',
            kind: 'DataVolume',
            metadata: { ...metadata, annotations: { 'cdi.kubevirt.io/storage.deleteAfterCompletion': 'false' } },
            spec: {
              source: { http: { url: props.images[key]!, ...(props.checksums?.[key] !== undefined ? { checksum: props.checksums[key] } : {}) } },
              storage,
            },
          },
        });
        disk.overrideLogicalId(`image_${tfName(key)}`);
        new Manifest(this, `Source-${key}`, {
          manifest: {
            apiVersion: 'cdi.kubevirt.io/v1beta1',
            kind: 'DataSource',
            metadata,
            spec: { source: { pvc: { name: key, namespace: this.namespace } } },
          },
          dependsOn: [disk],
        }).overrideLogicalId(`source_${tfName(key)}`);
      }
    }

    const sa = props.provisioner ?? { name: 'coder', namespace: 'coder' };
    const role = new RoleV1(this, 'CloneSource', {
      metadata: { name: 'cvmkit-golden-image-clone', namespace },
      rule: [
        { apiGroups: ['cdi.kubevirt.io'], resources: ['datavolumes/source'], verbs: ['create'] },
        { apiGroups: ['cdi.kubevirt.io'], resources: ['datasources'], verbs: ['get', 'list'] },
      ],
    });
    role.overrideLogicalId('clone_source');
    new RoleBindingV1(this, 'CloneSourceBinding', {
      metadata: { name: 'cvmkit-golden-image-clone', namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name },
      subject: [{ kind: 'ServiceAccount', name: sa.name, namespace: sa.namespace, apiGroup: '' }],
    }).overrideLogicalId('clone_source');
  }
}

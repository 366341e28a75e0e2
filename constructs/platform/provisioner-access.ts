// The workspace namespaces and the least-privilege RBAC of the Coder provisioner's service account.
import { ClusterRoleBindingV1 } from '@cdktf/provider-kubernetes/lib/cluster-role-binding-v1';
import { ClusterRoleV1 } from '@cdktf/provider-kubernetes/lib/cluster-role-v1';
import { Construct } from '../core/cdktf';
import { check } from '../core/errors';
import { checkLiterals } from '../core/literals';
import { isDnsLabel } from '../core/names';
import type { PodSecurityLevel } from '../core/pod-spec';
import { ProvisionerNeeds } from './rbac';
import { PlatformStack } from './stack';
import { PLATFORM_LABELS } from '../core/labels';
import { WorkspaceNamespace } from './workspace-namespace';

/** One namespace workspaces run in. */
export interface WorkspaceNamespaceSpec {
  /** Its name. */
  readonly name: string;
  /** The Pod Security level it enforces. */
  readonly level: PodSecurityLevel;
  /**
   * Whether it is the single namespace of cvmkit 0.1, kept for the workspaces that live there:
   * it keeps its Terraform addresses so that applying this stack never destroys it.
   * @default false
   */
  readonly legacy?: boolean;
}

/** Props of {@link ProvisionerAccess}. */
export interface ProvisionerAccessProps {
  /** What the catalog's templates create (see `provisionerNeeds`). */
  readonly needs: ProvisionerNeeds;
  /** The namespaces workspaces run in (one per Pod Security level, plus a legacy one). */
  readonly namespaces: readonly WorkspaceNamespaceSpec[];
  /**
   * Service account the Coder provisioner runs as.
   * @default { name: "coder", namespace: "coder" } (the Coder Helm chart's default)
   */
  readonly serviceAccount?: { readonly name: string; readonly namespace: string };
}

/**
 * The workspace namespaces ({@link WorkspaceNamespace}: Pod Security level, the provisioner's Role,
 * network rules) and, only when a template uses `kubernetes_manifest`, a ClusterRole to read
 * CustomResourceDefinitions (the provider reads them at plan time).
 */
export class ProvisionerAccess extends Construct {
  /** The namespaces, by name. */
  public readonly namespaces: ReadonlyMap<string, WorkspaceNamespace>;
  /** The CRD-reading ClusterRole, when needed. */
  public readonly crdReader?: ClusterRoleV1;

  constructor(scope: Construct, id: string, props: ProvisionerAccessProps) {
    super(scope, id);
    PlatformStack.of(this);
    // `needs` is derived from the synthesized templates, not given by a person.
    checkLiterals(this, props, ['needs']);
    const sa = props.serviceAccount ?? { name: 'coder', namespace: 'coder' };
    check(
      isDnsLabel(sa.namespace) && /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(sa.name),
      this,
      'serviceAccount',
      `"${sa.namespace}/${sa.name}" is not a service account`,
    );
    check(props.needs.resources.length > 0, this, 'needs', 'the templates create no Kubernetes objects');
    check(props.namespaces.length > 0, this, 'namespaces', 'must name at least one namespace');
    check(new Set(props.namespaces.map((n) => n.name)).size === props.namespaces.length, this, 'namespaces', 'lists a namespace twice');
    check(props.namespaces.filter((n) => n.legacy).length <= 1, this, 'namespaces', 'at most one legacy namespace');
    const namespaces = new Map<string, WorkspaceNamespace>();
    for (const n of props.namespaces) {
      const suffix = n.legacy ? '' : `_${n.level}`;
      namespaces.set(
        n.name,
        new WorkspaceNamespace(this, `Namespace-${n.name}`, { name: n.name, level: n.level, needs: props.needs, serviceAccount: sa, addressSuffix: suffix }),
      );
    }
    this.namespaces = namespaces;

    if (props.needs.readsCrds) {
      this.crdReader = new ClusterRoleV1(this, 'CrdReader', {
        metadata: { name: 'coder-provisioner-crd-reader', labels: { ...PLATFORM_LABELS } },
        rule: [{ apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['get', 'list', 'watch'] }],
      });
      this.crdReader.overrideLogicalId('crd_reader');
      new ClusterRoleBindingV1(this, 'CrdReaderBinding', {
        metadata: { name: 'coder-provisioner-crd-reader', labels: { ...PLATFORM_LABELS } },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: this.crdReader.metadata.name },
        subject: [{ kind: 'ServiceAccount', name: sa.name, namespace: sa.namespace, apiGroup: '' }],
      }).overrideLogicalId('crd_reader');
    }
  }
}

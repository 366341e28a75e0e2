// The workspace namespace and the least-privilege RBAC of the Coder provisioner's service account.
import { ClusterRoleBindingV1 } from '@cdktf/provider-kubernetes/lib/cluster-role-binding-v1';
import { ClusterRoleV1 } from '@cdktf/provider-kubernetes/lib/cluster-role-v1';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { RoleBindingV1 } from '@cdktf/provider-kubernetes/lib/role-binding-v1';
import { RoleV1 } from '@cdktf/provider-kubernetes/lib/role-v1';
import { Construct } from '../core/cdktf';
import { check } from '../core/errors';
import { checkLiterals } from '../core/literals';
import { isDnsLabel } from '../core/names';
import { MANAGE_VERBS, ProvisionerNeeds } from './rbac';
import { PlatformStack } from './stack';

/** Props of {@link ProvisionerAccess}. */
export interface ProvisionerAccessProps {
  /** What the catalog's templates create (see `provisionerNeeds`). */
  readonly needs: ProvisionerNeeds;
  /**
   * Namespace workspaces are created in; created here (not Coder's own namespace).
   * @default "coder-workspaces"
   */
  readonly namespace?: string;
  /**
   * Service account the Coder provisioner runs as.
   * @default { name: "coder", namespace: "coder" } (the Coder Helm chart's default)
   */
  readonly serviceAccount?: { readonly name: string; readonly namespace: string };
}

const LABELS = { 'app.kubernetes.io/managed-by': 'cvmkit', 'app.kubernetes.io/part-of': 'coder' };

/**
 * A Role in the workspace namespace with exactly the resources the templates create (grouped by
 * API group), bound to the provisioner; plus, only when a template uses `kubernetes_manifest`, a
 * ClusterRole to read CustomResourceDefinitions. The namespace's Pod Security level is
 * `privileged` only when a template needs it (Envbox), else `baseline`.
 */
export class ProvisionerAccess extends Construct {
  /** The workspace namespace. */
  public readonly namespace: NamespaceV1;
  /** The namespaced Role. */
  public readonly role: RoleV1;
  /** The CRD-reading ClusterRole, when needed. */
  public readonly crdReader?: ClusterRoleV1;

  constructor(scope: Construct, id: string, props: ProvisionerAccessProps) {
    super(scope, id);
    PlatformStack.of(this);
    // `needs` is derived from the synthesized templates, not given by a person.
    checkLiterals(this, props, ['needs']);
    const ns = props.namespace ?? 'coder-workspaces';
    const sa = props.serviceAccount ?? { name: 'coder', namespace: 'coder' };
    check(isDnsLabel(ns), this, 'namespace', `"${ns}" is not a DNS-1123 label`);
    check(isDnsLabel(sa.namespace) && /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(sa.name), this, 'serviceAccount', `"${sa.namespace}/${sa.name}" is not a service account`);
    check(props.needs.resources.length > 0, this, 'needs', 'the templates create no Kubernetes objects');
    const level = props.needs.privilegedPods ? 'privileged' : 'baseline';

    this.namespace = new NamespaceV1(this, 'Namespace', {
      metadata: { name: ns, labels: { ...LABELS, 'pod-security.kubernetes.io/enforce': level, 'pod-security.kubernetes.io/warn': level } },
    });
    this.namespace.overrideLogicalId('workspaces');

    const byGroup = new Map<string, string[]>();
    for (const r of props.needs.resources) byGroup.set(r.group, [...(byGroup.get(r.group) ?? []), r.resource]);
    const subject = [{ kind: 'ServiceAccount', name: sa.name, namespace: sa.namespace, apiGroup: '' }];

    this.role = new RoleV1(this, 'Role', {
      metadata: { name: 'coder-provisioner', namespace: this.namespace.metadata.name, labels: LABELS },
      rule: [...byGroup.entries()].map(([group, resources]) => ({ apiGroups: [group], resources, verbs: [...MANAGE_VERBS] })),
    });
    this.role.overrideLogicalId('provisioner');
    new RoleBindingV1(this, 'RoleBinding', {
      metadata: { name: 'coder-provisioner', namespace: this.namespace.metadata.name, labels: LABELS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: this.role.metadata.name },
      subject,
    }).overrideLogicalId('provisioner');

    if (props.needs.readsCrds) {
      this.crdReader = new ClusterRoleV1(this, 'CrdReader', {
        metadata: { name: 'coder-provisioner-crd-reader', labels: LABELS },
        rule: [{ apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['get', 'list', 'watch'] }],
      });
      this.crdReader.overrideLogicalId('crd_reader');
      new ClusterRoleBindingV1(this, 'CrdReaderBinding', {
        metadata: { name: 'coder-provisioner-crd-reader', labels: LABELS },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: this.crdReader.metadata.name },
        subject,
      }).overrideLogicalId('crd_reader');
    }
  }
}

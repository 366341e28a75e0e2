// A namespace workspaces run in: its Pod Security level, the provisioner's Role there, and network rules.
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { RoleBindingV1 } from '@cdktf/provider-kubernetes/lib/role-binding-v1';
import { RoleV1 } from '@cdktf/provider-kubernetes/lib/role-v1';
import { Construct } from '../core/cdktf';
import { check } from '../core/errors';
import { PLATFORM_LABELS } from '../core/labels';
import { isDnsLabel } from '../core/names';
import type { PodSecurityLevel } from '../core/pod-spec';
import { EVENT_VERBS, MANAGE_VERBS, ProvisionerNeeds } from './rbac';

export { PLATFORM_LABELS } from '../core/labels';

/** The cloud metadata endpoints (IPv4, and AWS's IPv6 one): credentials of the node live there. */
export const METADATA_ENDPOINTS = { ipv4: '169.254.169.254/32', ipv6: 'fd00:ec2::254/128' } as const;

/** Props of {@link WorkspaceNamespace}. */
export interface WorkspaceNamespaceProps {
  /** Namespace name. */
  readonly name: string;
  /** Pod Security level enforced (and warned and audited) by the namespace. */
  readonly level: PodSecurityLevel;
  /** What the templates create (the Role's rules). */
  readonly needs: ProvisionerNeeds;
  /** The provisioner's service account. */
  readonly serviceAccount: { readonly name: string; readonly namespace: string };
  /**
   * Suffix of the Terraform names (`workspaces<suffix>`, `provisioner<suffix>`); empty for the
   * namespace of cvmkit 0.1, whose addresses must not change (a new address would destroy it).
   */
  readonly addressSuffix: string;
}

/**
 * A workspace namespace. Terraform never destroys it (`prevent_destroy`: deleting a namespace
 * deletes every disk in it). The provisioner may manage exactly the templates' kinds there (the
 * verbs the provider uses) and read events (the provider reads them when a pod fails). Ingress is
 * denied but for what each workspace allows (its own owner's workspaces); egress is open but for the
 * cloud metadata endpoint.
 */
export class WorkspaceNamespace extends Construct {
  /** The namespace. */
  public readonly namespace: NamespaceV1;
  /** The provisioner's Role in it. */
  public readonly role: RoleV1;

  constructor(scope: Construct, id: string, props: WorkspaceNamespaceProps) {
    super(scope, id);
    check(isDnsLabel(props.name), this, 'name', `"${props.name}" is not a DNS-1123 label`);
    const suffix = props.addressSuffix;
    this.namespace = new NamespaceV1(this, 'Namespace', {
      metadata: {
        name: props.name,
        labels: {
          ...PLATFORM_LABELS,
          'pod-security.kubernetes.io/enforce': props.level,
          'pod-security.kubernetes.io/warn': props.level,
          'pod-security.kubernetes.io/audit': props.level,
        },
      },
      lifecycle: { preventDestroy: true },
    });
    this.namespace.overrideLogicalId(`workspaces${suffix}`);
    const namespace = this.namespace.metadata.name;

    const byGroup = new Map<string, string[]>();
    for (const r of props.needs.resources) byGroup.set(r.group, [...(byGroup.get(r.group) ?? []), r.resource]);
    this.role = new RoleV1(this, 'Role', {
      metadata: { name: 'coder-provisioner', namespace, labels: { ...PLATFORM_LABELS } },
      rule: [
        ...[...byGroup.entries()].map(([group, resources]) => ({ apiGroups: [group], resources, verbs: [...MANAGE_VERBS] })),
        { apiGroups: [''], resources: ['events'], verbs: [...EVENT_VERBS] },
      ],
    });
    this.role.overrideLogicalId(`provisioner${suffix}`);
    new RoleBindingV1(this, 'RoleBinding', {
      metadata: { name: 'coder-provisioner', namespace, labels: { ...PLATFORM_LABELS } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: this.role.metadata.name },
      subject: [{ kind: 'ServiceAccount', name: props.serviceAccount.name, namespace: props.serviceAccount.namespace, apiGroup: '' }],
    }).overrideLogicalId(`provisioner${suffix}`);

    new NetworkPolicyV1(this, 'DenyIngress', {
      metadata: { name: 'workspaces-deny-ingress', namespace, labels: { ...PLATFORM_LABELS } },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    }).overrideLogicalId(`deny_ingress${suffix}`);
    new NetworkPolicyV1(this, 'EgressWithoutMetadata', {
      metadata: { name: 'workspaces-egress-without-metadata', namespace, labels: { ...PLATFORM_LABELS } },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: [METADATA_ENDPOINTS.ipv4] } }, { ipBlock: { cidr: '::/0', except: [METADATA_ENDPOINTS.ipv6] } }] },
        ],
      },
    }).overrideLogicalId(`egress_without_metadata${suffix}`);
  }
}

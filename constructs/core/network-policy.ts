// The ingress a workspace accepts: from its own owner's workspaces, nothing else.
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { CoderTemplate } from './coder-template';
import { Construct } from './cdktf';
import { PLATFORM_LABELS } from './labels';

/** Props of {@link SameOwnerIngress}. */
export interface SameOwnerIngressProps {
  /** The workspace's object name (`app.kubernetes.io/instance` of its pods). */
  readonly name: string;
  /** The workspace's namespace. */
  readonly namespace: string;
  /** Labels and annotations of the policy object. */
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

/**
 * A NetworkPolicy that lets the workspace's pods (or a VM's virt-launcher pod) accept connections
 * from the pods of the same owner's workspaces, in any workspace namespace of the platform. With
 * the platform stack's default deny, that is all they accept: other users' workspaces cannot reach
 * them. (Coder's own connections are outbound from the agent; peer-to-peer connections that would
 * come in directly fall back to Coder's relay.)
 */
export class SameOwnerIngress extends Construct {
  /** The policy (escape hatch). */
  public readonly policy: NetworkPolicyV1;

  constructor(scope: Construct, id: string, props: SameOwnerIngressProps) {
    super(scope, id);
    const template = CoderTemplate.of(this);
    this.policy = new NetworkPolicyV1(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels, annotations: props.annotations },
      spec: {
        podSelector: { matchLabels: { 'app.kubernetes.io/instance': props.name } },
        policyTypes: ['Ingress'],
        ingress: [
          { from: [{ podSelector: { matchLabels: { 'com.coder.user.id': template.owner.id } }, namespaceSelector: { matchLabels: { ...PLATFORM_LABELS } } }] },
        ],
      },
    });
    this.policy.overrideLogicalId('same_owner');
  }
}

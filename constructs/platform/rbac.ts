// What the Coder provisioner may do in the cluster, computed from what the templates create.

/** One Kubernetes resource type a template manages. */
export interface ApiResource {
  /** API group, `""` for the core group. */
  readonly group: string;
  /** Plural resource name, e.g. `virtualmachines`. */
  readonly resource: string;
}

/** What the provisioner needs, derived from synthesized templates. */
export interface ProvisionerNeeds {
  /** Namespaced resources the templates create, sorted by group then resource. */
  readonly resources: readonly ApiResource[];
  /** Whether a template uses `kubernetes_manifest`, which reads CRDs (cluster-scoped) at plan time. */
  readonly readsCrds: boolean;
  /** Whether a template's pod is privileged or mounts host paths (the namespace must then allow it). */
  readonly privilegedPods: boolean;
}

/**
 * Verbs the kubernetes provider uses on the objects it manages: create, get (read, and wait for a
 * deletion), patch and update (typed updates, server-side apply of manifests), delete. The
 * templates never list or watch them (Deployments do not wait for rollouts).
 */
export const MANAGE_VERBS = ['create', 'delete', 'get', 'patch', 'update'] as const;

/** Verbs on events: the provider lists a failing pod's events to explain the failure. */
export const EVENT_VERBS = ['get', 'list'] as const;

/** Typed Kubernetes resources of hashicorp/kubernetes and what they manage. */
const TYPED: Record<string, ApiResource> = {
  kubernetes_pod_v1: { group: '', resource: 'pods' },
  kubernetes_persistent_volume_claim_v1: { group: '', resource: 'persistentvolumeclaims' },
  kubernetes_secret_v1: { group: '', resource: 'secrets' },
  kubernetes_service_v1: { group: '', resource: 'services' },
  kubernetes_config_map_v1: { group: '', resource: 'configmaps' },
  kubernetes_deployment_v1: { group: 'apps', resource: 'deployments' },
  kubernetes_network_policy_v1: { group: 'networking.k8s.io', resource: 'networkpolicies' },
};

/** Kinds whose plural is not `<lower-case kind>s`. */
const IRREGULAR_PLURALS: Record<string, string> = { NetworkPolicy: 'networkpolicies', Ingress: 'ingresses' };

/** The plural resource of a kind. */
export function pluralOf(kind: string): string {
  return IRREGULAR_PLURALS[kind] ?? `${kind.toLowerCase()}s`;
}

type TerraformJson = { resource?: Record<string, Record<string, any>> };

/**
 * Reads synthesized templates (Terraform JSON) and lists what the provisioner must be allowed to
 * manage. An unknown `kubernetes_*` resource type is an error rather than a silent gap in RBAC.
 */
export function provisionerNeeds(templates: readonly TerraformJson[]): ProvisionerNeeds {
  const found = new Map<string, ApiResource>();
  let readsCrds = false;
  let privilegedPods = false;
  const add = (r: ApiResource) => found.set(`${r.group}/${r.resource}`, r);
  for (const json of templates) {
    for (const [type, byName] of Object.entries(json.resource ?? {})) {
      if (!type.startsWith('kubernetes_')) continue;
      for (const body of Object.values(byName)) {
        if (type === 'kubernetes_manifest') {
          readsCrds = true;
          const apiVersion = String(body.manifest.apiVersion);
          add({ group: apiVersion.includes('/') ? apiVersion.split('/')[0] : '', resource: pluralOf(String(body.manifest.kind)) });
          continue;
        }
        const typed = TYPED[type];
        if (typed === undefined) throw new Error(`RBAC: no API resource known for Terraform type ${type}; add it to TYPED in constructs/platform/rbac.ts`);
        add(typed);
        if (type === 'kubernetes_pod_v1') privilegedPods ||= podIsPrivileged(body.spec);
        if (type === 'kubernetes_deployment_v1') privilegedPods ||= podIsPrivileged(body.spec?.template?.spec);
      }
    }
  }
  const resources = [...found.values()].sort((a, b) => a.group.localeCompare(b.group) || a.resource.localeCompare(b.resource));
  return { resources, readsCrds, privilegedPods };
}

function podIsPrivileged(spec: any): boolean {
  const specs = Array.isArray(spec) ? spec : [spec];
  return specs.some(
    (s: any) => (s?.volume ?? []).some((v: any) => v.host_path !== undefined) || (s?.container ?? []).some((c: any) => c.security_context?.privileged === true),
  );
}

// The platform stacks: cluster-scoped prerequisites of the whole catalog, one Terraform module each.
import { Construct } from '../constructs/core/cdktf';
import { CvmkitValidationError } from '../constructs/core/errors';
import { GvisorPoolProps, GvisorRuntimeClassPool, gvisorRuntimeClassName } from '../constructs/gvisor/pool';
import { KataHypervisor } from '../constructs/kata/hypervisors';
import { KataRuntimeClass } from '../constructs/kata/runtime-class';
import { ProvisionerAccess } from '../constructs/platform/provisioner-access';
import { provisionerNeeds } from '../constructs/platform/rbac';
import { PlatformStack } from '../constructs/platform/stack';
import { TemplateDefinition } from './definition';

/** A synthesized catalog template, as platform stacks see it. */
export interface CatalogTemplate {
  readonly definition: TemplateDefinition;
  /** Its Terraform JSON. */
  readonly json: Record<string, any>;
}

/** One platform stack of the catalog. */
export interface PlatformDefinition {
  /** Folder name under `dist/platform/`. */
  readonly name: string;
  /** What an administrator gets by applying it. */
  readonly description: string;
  /** Builds the stack, or returns undefined when no template needs it. */
  build(scope: Construct, id: string, templates: readonly CatalogTemplate[]): PlatformStack | undefined;
}

/** The namespace and the provisioner's RBAC, exactly as wide as what the templates create. */
export const workspaceAccess: PlatformDefinition = {
  name: 'workspace-access',
  description: 'The workspace namespace and the least-privilege RBAC of the Coder provisioner, computed from the catalog.',
  build(scope, id, templates) {
    const stack = new PlatformStack(scope, id);
    const namespaces = new Set(templates.map((t) => String(t.json.variable?.namespace?.default ?? 'coder-workspaces')));
    if (namespaces.size !== 1) throw new CvmkitValidationError(id, 'namespace', `the catalog's templates use several namespaces (${[...namespaces].join(', ')}); one platform stack serves one`);
    new ProvisionerAccess(stack, 'Access', { needs: provisionerNeeds(templates.map((t) => t.json)), namespace: [...namespaces][0] });
    return stack;
  },
};

/** gVisor RuntimeClasses (one per pool) and the Gardener worker configuration for each pool. */
export const gvisorPools: PlatformDefinition = {
  name: 'gvisor',
  description: 'gVisor RuntimeClasses bound to node pools, with the Gardener worker cri configuration of each pool.',
  build(scope, id, templates) {
    const pools = new Map<string, { pool: GvisorPoolProps; from: string }>();
    for (const t of templates) {
      for (const pool of t.definition.platform?.gvisorPools ?? []) {
        const name = gvisorRuntimeClassName(pool);
        const seen = pools.get(name);
        if (seen !== undefined && JSON.stringify(seen.pool) !== JSON.stringify(pool)) {
          throw new CvmkitValidationError(t.definition.name, 'platform.gvisorPools', `RuntimeClass ${name} is declared differently by ${seen.from}`);
        }
        pools.set(name, { pool, from: t.definition.name });
      }
    }
    if (pools.size === 0) return undefined;
    const stack = new PlatformStack(scope, id);
    for (const [name, { pool }] of [...pools.entries()].sort(([a], [b]) => a.localeCompare(b))) new GvisorRuntimeClassPool(stack, name, pool);
    return stack;
  },
};

/** Kata RuntimeClasses for the hypervisors the templates use. */
export const kataRuntimes: PlatformDefinition = {
  name: 'kata',
  description: 'Kata Containers RuntimeClasses (with pod overhead) for clusters where kata-deploy does not create them.',
  build(scope, id, templates) {
    const hypervisors = new Set<KataHypervisor>(templates.flatMap((t) => t.definition.platform?.kataHypervisors ?? []));
    if (hypervisors.size === 0) return undefined;
    const stack = new PlatformStack(scope, id);
    for (const hv of [...hypervisors].sort()) new KataRuntimeClass(stack, hv, { hypervisor: hv });
    return stack;
  },
};

/** Every platform stack, in the order an administrator applies them. */
export const PLATFORM: readonly PlatformDefinition[] = [workspaceAccess, gvisorPools, kataRuntimes];

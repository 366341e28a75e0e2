// The platform stacks: cluster-scoped prerequisites of the whole catalog, one Terraform module each.
import { Construct } from '../constructs/core/cdktf';
import { CvmkitValidationError } from '../constructs/core/errors';
import { GvisorPoolProps, GvisorRuntimeClassPool } from '../constructs/gvisor/pool';
import { KataHypervisor } from '../constructs/kata/hypervisors';
import { KataRuntimeClass } from '../constructs/kata/runtime-class';
import { GoldenImages } from '../constructs/kubevirt/golden-images';
import { VmInstancetypes } from '../constructs/kubevirt/instancetypes';
import type { PodSecurityLevel } from '../constructs/core/pod-spec';
import { ProvisionerAccess, WorkspaceNamespaceSpec } from '../constructs/platform/provisioner-access';
import { provisionerNeeds } from '../constructs/platform/rbac';
import { SharedDisk } from '../constructs/platform/shared-disk';
import { PlatformStack } from '../constructs/platform/stack';
import { TemplateDefinition } from './definition';
import { DEFAULT_NAMESPACE, OrganisationSettings } from './settings';

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
  build(scope: Construct, id: string, templates: readonly CatalogTemplate[], settings?: OrganisationSettings): PlatformStack | undefined;
}

const STRICTNESS: readonly PodSecurityLevel[] = ['restricted', 'baseline', 'privileged'];

/**
 * The namespaces workspaces run in: one per Pod Security level the templates need (a namespace
 * used by several levels enforces the loosest), plus cvmkit 0.1's single namespace, kept at the
 * level it had for the workspaces that still live there.
 */
export function workspaceNamespaces(templates: readonly CatalogTemplate[], settings: OrganisationSettings = {}): WorkspaceNamespaceSpec[] {
  const levels = new Map<string, PodSecurityLevel>();
  for (const t of templates) {
    const name = String(t.json.variable?.namespace?.default ?? DEFAULT_NAMESPACE);
    const level = t.definition.podSecurity;
    const seen = levels.get(name);
    levels.set(name, seen === undefined || STRICTNESS.indexOf(level) > STRICTNESS.indexOf(seen) ? level : seen);
  }
  const legacy = settings.namespace ?? DEFAULT_NAMESPACE;
  const specs: WorkspaceNamespaceSpec[] = [...levels.entries()].filter(([name]) => name !== legacy).map(([name, level]) => ({ name, level }));
  const privileged = provisionerNeeds(templates.map((t) => t.json)).privilegedPods;
  return [{ name: legacy, level: privileged ? 'privileged' : 'baseline', legacy: true }, ...specs.sort((a, b) => a.name.localeCompare(b.name))];
}

/** The namespaces and the provisioner's RBAC, exactly as wide as what the templates create. */
export const workspaceAccess: PlatformDefinition = {
  name: 'workspace-access',
  description:
    'The workspace namespaces (one per Pod Security level, plus the one of cvmkit 0.1), the least-privilege RBAC of the Coder provisioner computed from the catalog, and network rules.',
  build(scope, id, templates, settings) {
    const stack = new PlatformStack(scope, id);
    new ProvisionerAccess(stack, 'Access', { needs: provisionerNeeds(templates.map((t) => t.json)), namespaces: workspaceNamespaces(templates, settings) });
    return stack;
  },
};

/** The Gardener worker configuration of each gVisor pool, and the RuntimeClasses the platform manages. */
export const gvisorPools: PlatformDefinition = {
  name: 'gvisor',
  description:
    'The Gardener worker cri configuration of each gVisor pool (Gardener then creates the gvisor RuntimeClass), and the RuntimeClasses of pools the platform manages.',
  build(scope, id, templates, settings) {
    const pools = new Map<string, { pool: GvisorPoolProps; from: string }>();
    for (const t of templates) {
      for (const pool of t.definition.platform?.gvisorPools ?? []) {
        const seen = pools.get(pool.pool);
        if (seen !== undefined && JSON.stringify(seen.pool) !== JSON.stringify(pool)) {
          throw new CvmkitValidationError(t.definition.name, 'platform.gvisorPools', `pool ${pool.pool} is declared differently by ${seen.from}`);
        }
        pools.set(pool.pool, { pool, from: t.definition.name });
      }
    }
    if (pools.size === 0) return undefined;
    const stack = new PlatformStack(scope, id);
    const manage = settings?.platform?.manageRuntimeClasses;
    for (const [name, { pool }] of [...pools.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      new GvisorRuntimeClassPool(stack, name, manage === undefined ? pool : { ...pool, manageRuntimeClass: manage });
    }
    return stack;
  },
};

/** Kata RuntimeClasses for the hypervisors the templates use, when the platform manages them. */
export const kataRuntimes: PlatformDefinition = {
  name: 'kata',
  description:
    'Kata Containers RuntimeClasses (with pod overhead) for clusters where kata-deploy does not create them (settings: platform.manageRuntimeClasses).',
  build(scope, id, templates, settings) {
    // kata-deploy creates kata-qemu, kata-clh, kata-fc…: a second definition would conflict.
    if (settings?.platform?.manageRuntimeClasses !== true) return undefined;
    const hypervisors = new Set<KataHypervisor>(templates.flatMap((t) => t.definition.platform?.kataHypervisors ?? []));
    if (hypervisors.size === 0) return undefined;
    const stack = new PlatformStack(scope, id);
    for (const hv of [...hypervisors].sort()) new KataRuntimeClass(stack, hv, { hypervisor: hv });
    return stack;
  },
};

/**
 * The golden images the KubeVirt templates clone (`imageSource: golden`): read from each template's
 * `golden_image_namespace` and `image_sources` locals (URL and checksum per distribution), so the stack makes exactly what they reference.
 */
export const goldenImages: PlatformDefinition = {
  name: 'golden-images',
  description:
    'A golden image per distribution the KubeVirt templates offer (a DataImportCron polling the community container disk, or a one-time HTTP import), as DataSources workspace disks clone, and the RBAC cross-namespace cloning needs.',
  build(scope, id, templates, settings) {
    const images: Record<string, string> = {};
    const checksums: Record<string, string> = {};
    let namespace: { name: string; from: string } | undefined;
    for (const t of templates) {
      const ns = t.json.locals?.golden_image_namespace;
      if (typeof ns !== 'string') continue;
      if (namespace !== undefined && namespace.name !== ns) {
        throw new CvmkitValidationError(
          t.definition.name,
          'goldenImageNamespace',
          `"${ns}" differs from "${namespace.name}" of ${namespace.from}: one golden-image namespace per catalog`,
        );
      }
      namespace = { name: ns, from: t.definition.name };
      for (const [key, source] of Object.entries((t.json.locals?.image_sources ?? {}) as Record<string, { url: string; checksum?: string }>)) {
        images[key] = source.url;
        if (source.checksum !== undefined) checksums[key] = source.checksum;
        else delete checksums[key];
      }
    }
    if (namespace === undefined) return undefined;
    const stack = new PlatformStack(scope, id);
    new GoldenImages(stack, 'Images', { namespace: namespace.name, images, checksums, storageClassName: settings?.storageClass });
    return stack;
  },
};

/** The VM sizes the KubeVirt templates offer as cluster instance types (their `vm_instancetypes` local), and the preference they name. */
export const vmInstancetypes: PlatformDefinition = {
  name: 'vm-instancetypes',
  description: 'KubeVirt cluster instance types for the VM sizes the templates offer (settings: instancetypes) and the cvmkit-linux preference.',
  build(scope, id, templates) {
    const sizes: Record<string, { cpu: number; memory: string; from: string }> = {};
    for (const t of templates) {
      for (const [name, size] of Object.entries((t.json.locals?.vm_instancetypes ?? {}) as Record<string, { cpu: number; memory: string }>)) {
        const seen = sizes[name];
        if (seen !== undefined && (seen.cpu !== size.cpu || seen.memory !== size.memory)) {
          throw new CvmkitValidationError(
            t.definition.name,
            'instancetypes',
            `${name} is ${size.cpu} vCPU/${size.memory} here but ${seen.cpu} vCPU/${seen.memory} in ${seen.from}: an instance type is cluster-wide`,
          );
        }
        sizes[name] = { ...size, from: t.definition.name };
      }
    }
    if (Object.keys(sizes).length === 0) return undefined;
    const stack = new PlatformStack(scope, id);
    new VmInstancetypes(stack, 'Sizes', { sizes: Object.fromEntries(Object.entries(sizes).map(([n, s]) => [n, { cpu: s.cpu, memory: s.memory }])) });
    return stack;
  },
};

/**
 * The team shares the KubeVirt templates mount (their `shared_disks` local), made as the settings
 * declare them (`sharedDisks`), in each namespace such a template's workspaces live in: its own and
 * cvmkit 0.1's, where older workspaces keep their disks (a claim serves its own namespace only).
 */
export const sharedDisks: PlatformDefinition = {
  name: 'shared-disks',
  description:
    'A ReadWriteMany PersistentVolumeClaim per team share (settings: sharedDisks) in each workspace namespace of the KubeVirt templates that mount it; Terraform never destroys them.',
  build(scope, id, templates, settings) {
    const declared = new Map<string, NonNullable<OrganisationSettings['sharedDisks']>[number]>();
    for (const share of settings?.sharedDisks ?? []) {
      if (declared.has(share.name)) throw new CvmkitValidationError('settings', 'sharedDisks', `declares the share "${share.name}" twice`);
      declared.set(share.name, share);
    }
    const namespaces = new Map<string, Set<string>>();
    for (const t of templates) {
      const used = (t.json.locals?.shared_disks ?? {}) as Record<string, { accessMode: string }>;
      for (const [name, use] of Object.entries(used)) {
        const share = declared.get(name);
        if (share === undefined)
          throw new CvmkitValidationError(
            t.definition.name,
            `sharedDisks.${name}`,
            `the template mounts the share "${name}", which the settings do not declare (sharedDisks)`,
          );
        if ((share.accessMode ?? 'ReadWriteMany') !== use.accessMode)
          throw new CvmkitValidationError(
            t.definition.name,
            `sharedDisks.${name}.accessMode`,
            `the template mounts it as ${use.accessMode} but the settings make it ${share.accessMode ?? 'ReadWriteMany'}`,
          );
        const set = namespaces.get(name) ?? new Set<string>();
        set.add(String(t.json.variable?.namespace?.default ?? DEFAULT_NAMESPACE));
        set.add(settings?.namespace ?? DEFAULT_NAMESPACE);
        namespaces.set(name, set);
      }
    }
    if (namespaces.size === 0) return undefined;
    const stack = new PlatformStack(scope, id);
    for (const [name, ns] of [...namespaces.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const share = declared.get(name)!;
      new SharedDisk(stack, name, { name, size: share.size, storageClassName: share.storageClass, accessMode: share.accessMode, namespaces: [...ns] });
    }
    return stack;
  },
};

/** Every platform stack, in the order an administrator applies them. */
export const PLATFORM: readonly PlatformDefinition[] = [workspaceAccess, gvisorPools, kataRuntimes, goldenImages, vmInstancetypes, sharedDisks];

// Organisation settings: one validated file (cvmkit.config.json or .yaml) that every template honours.
import type { ErrorObject } from 'ajv';
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { DistroKey } from '../constructs/kubevirt/distros';
import type { PodSecurityLevel } from '../constructs/core/pod-spec';
import type { WorkspacePresetProps } from '../constructs/core/preset';
import { literalProblem, propPath } from '../constructs/core/literals';
import { Toleration } from '../constructs/core/scheduling';
import { Backend } from './definition';
import { IdiomSettings, presetsFor } from './settings-idiom';
import { SETTINGS_SCHEMA } from './settings-schema';

/** Where a backend's workspaces are scheduled. */
export interface NodePool {
  /** Node labels the workspace pods or VMs must have. */
  readonly nodeSelector?: Record<string, string>;
  /** Taints of the pool that workspaces tolerate. */
  readonly tolerations?: readonly Toleration[];
}

/** A team share of the settings (`sharedDisks`). */
export interface SharedDiskSetting {
  /** DNS-1123 label of at most 20 characters: the claim is `cvmkit-share-<name>`. */
  readonly name: string;
  /** Size, whole Gi (e.g. `100Gi`). */
  readonly size: string;
  /** StorageClass of the claim (one that provisions ReadWriteMany file volumes); the cluster's default otherwise. */
  readonly storageClass?: string;
  /** Access mode of the claim (default ReadWriteMany); workspaces refuse anything but ReadWriteMany, or ReadOnlyMany mounted readOnly. */
  readonly accessMode?: 'ReadWriteMany' | 'ReadOnlyMany' | 'ReadWriteOnce' | 'ReadWriteOncePod';
  /** Where the catalog's KubeVirt VMs mount it (default `/shared/<name>`). */
  readonly mountPath?: string;
  /** Mount it read-only (default false). */
  readonly readOnly?: boolean;
}

/** What an organisation decides once for all its templates (Coder's idiom: see `IdiomSettings`). */
export interface OrganisationSettings extends IdiomSettings {
  /**
   * Base name of the workspace namespaces: workspaces run in `<namespace>-baseline`,
   * `<namespace>-restricted` or `<namespace>-privileged` by their Pod Security level; `<namespace>`
   * itself is where cvmkit 0.1 put every workspace, kept (privileged) for those.
   */
  readonly namespace?: string;
  /** StorageClass of every workspace volume and root disk. */
  readonly storageClass?: string;
  /** Image URL prefixes to rewrite, e.g. `{ "https://cloud-images.ubuntu.com/": "https://mirror.example.com/ubuntu/" }`. */
  readonly imageMirrors?: Record<string, string>;
  /** Distributions KubeVirt templates offer, in order. */
  readonly distros?: readonly DistroKey[];
  /** Where new KubeVirt root disks come from: `golden` (the catalog's default) clones golden images, `http` imports the cloud image. */
  readonly imageSource?: 'golden' | 'http';
  /** Namespace of the golden images (default `cvmkit-golden-images`). */
  readonly goldenImageNamespace?: string;
  /**
   * The Windows golden image (a CDI DataSource the platform team provides) Windows templates clone:
   * default `windows` in `goldenImageNamespace`; `diskSize` (default `64Gi`) is its disk's size.
   */
  readonly windowsImage?: { readonly namespace?: string; readonly name?: string; readonly diskSize?: string };
  /** Devices KubeVirt VMs may get: the resource names the cluster permits, and the GPUs and host devices every VM of the catalog template gets. */
  readonly vmDevices?: {
    readonly permitted: readonly string[];
    readonly gpus?: readonly { readonly name: string; readonly deviceName: string }[];
    readonly hostDevices?: readonly { readonly name: string; readonly deviceName: string }[];
  };
  /** Expose the host CPU to KubeVirt guests so they can run their own VMs. */
  readonly nestedVirtualization?: boolean;
  /** A graphical console in KubeVirt VMs: `vnc` adds an in-guest desktop and a "Desktop (VNC)" app (default `none`). */
  readonly vmConsole?: 'none' | 'vnc';
  /**
   * Team shares: a ReadWriteMany claim `cvmkit-share-<name>` per workspace namespace (the
   * `shared-disks` platform stack), mounted with virtiofs by every VM of the catalog's KubeVirt
   * template at `mountPath` (default `/shared/<name>`).
   */
  readonly sharedDisks?: readonly SharedDiskSetting[];
  /** VM sizes KubeVirt templates offer as cluster instance types (a `Size` parameter instead of cpu and memory), by name. */
  readonly instancetypes?: Readonly<Record<string, { readonly cpu: number; readonly memory: string }>>;
  /** Node placement per backend. */
  readonly nodePools?: Partial<Record<Backend, NodePool>>;
  /** Default registry namespace of `cvmkit publish`. */
  readonly registryNamespace?: string;
  /** What container workspaces reserve on a node (their requests); limits come from the parameters. */
  readonly requests?: { readonly cpu?: string; readonly memory?: string };
  /** Sysbox workspaces: how pods get their user namespace (`annotation` for CRI-O, `hostUsers` for containerd 2.0.5+). */
  readonly sysbox?: { readonly userNamespaces?: 'annotation' | 'hostUsers' };
  /** What the platform stacks manage. */
  readonly platform?: {
    /**
     * Whether the platform stacks create the RuntimeClasses the catalog uses (Kata's, gVisor's
     * outside Gardener). By default the installers' own classes are used (kata-deploy's `kata-qemu`…,
     * Gardener's `gvisor`) and a second copy would conflict with them.
     */
    readonly manageRuntimeClasses?: boolean;
  };
  /**
   * The repository's own templates: compiled JavaScript modules, or patterns with `*` in a path
   * segment, relative to the settings file (e.g. `lib/templates/*` + `/index.js`). Every
   * TemplateDefinition a module exports is a template.
   * @default none: only the built-in catalog
   */
  readonly templates?: readonly string[];
  /** Whether cvmkit's built-in catalog is offered besides `templates`. @default `builtin` */
  readonly catalog?: 'builtin' | 'none';
}

export { SETTINGS_SCHEMA, SETTINGS_SCHEMA_FILE, settingsJsonSchema } from './settings-schema';

/** File names looked up, in order, when no `--config` is given. */
export const SETTINGS_FILES = ['cvmkit.config.json', 'cvmkit.config.yaml', 'cvmkit.config.yml'];

let validator: import('ajv').ValidateFunction | undefined;

/** Checks parsed settings; the error names the file and the key. */
export function checkSettings(value: unknown, file: string): OrganisationSettings {
  // ajv loads only when there is a settings file to check.
  if (validator === undefined) {
    const Ajv = (require('ajv') as typeof import('ajv')).default;
    validator = new Ajv({ allErrors: true, strict: true, verbose: true, allowUnionTypes: true }).compile(SETTINGS_SCHEMA);
  }
  if (!validator(value)) throw new Error(`${file}: ${problems(validator.errors ?? []).join('; ')}`);
  return value as OrganisationSettings;
}

/** The problems to report: a refused literal hides the other complaints about the same value. */
function problems(errors: readonly ErrorObject[]): string[] {
  const refused = errors.filter((e) => e.keyword === 'not');
  const hidden = new Set(refused.map((e) => `${e.instancePath}\0${e.propertyName ?? ''}`));
  const rest = errors.filter((e) => {
    if (e.keyword === 'not') return false;
    // The failing rule of a key is reported with the key itself (below); this summary adds nothing.
    if (e.keyword === 'propertyNames') return false;
    return !hidden.has(`${e.instancePath}\0${e.propertyName ?? ''}`);
  });
  return [...refused, ...rest].map(describe);
}

/** `imageMirrors["https://…"]`, `nodePools.kubevirt.tolerations[0].key` from a JSON pointer. */
function keyPath(pointer: string): string {
  if (pointer === '') return '(top level)';
  const segments = pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  return propPath(segments);
}

function describe(e: ErrorObject): string {
  const where = keyPath(e.instancePath);
  if (e.keyword === 'not') {
    // A refused literal: a value, or a key (propertyNames) of the object at instancePath.
    if (e.propertyName !== undefined) return `${where}: key ${literalProblem(e.propertyName)}`;
    return `${where}: ${literalProblem(String(e.data))}`;
  }
  if (e.keyword === 'additionalProperties') {
    const extra = (e.params as { additionalProperty: string }).additionalProperty;
    return `${where === '(top level)' ? '' : `${where}.`}${extra}: unknown key`;
  }
  if (e.keyword === 'type') return `${where}: must be ${([] as string[]).concat((e.params as { type: string | string[] }).type).join(' or ')}`;
  if (e.propertyName !== undefined) return `${where}: key ${JSON.stringify(e.propertyName)} ${e.message}`;
  if (e.keyword === 'enum') return `${where}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
  return `${where}: ${e.message}`;
}

/**
 * Loads the settings from `file`, or from the first of {@link SETTINGS_FILES} in `dir`; no file
 * means defaults. YAML and JSON are both accepted.
 */
export function loadSettings(file: string | undefined, dir = process.cwd()): { settings: OrganisationSettings; file?: string } {
  const found = file !== undefined ? path.resolve(dir, file) : SETTINGS_FILES.map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
  if (found === undefined) return { settings: {} };
  if (!fs.existsSync(found)) throw new Error(`${found}: no such settings file`);
  const text = fs.readFileSync(found, 'utf8');
  let parsed: unknown;
  try {
    parsed = found.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new Error(`${found}: not valid ${found.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message}`);
  }
  return { settings: checkSettings(parsed ?? {}, found), file: found };
}

/** Rewrites `url` with the first matching mirror prefix. */
export function mirrored(url: string, mirrors: Record<string, string> | undefined): string {
  for (const [from, to] of Object.entries(mirrors ?? {})) if (url.startsWith(from)) return to + url.slice(from.length);
  return url;
}

/** Default base name of the workspace namespaces (cvmkit 0.1's single namespace). */
export const DEFAULT_NAMESPACE = 'coder-workspaces';

/** The namespace of workspaces whose pods meet `level`: one namespace per Pod Security level. */
export function namespaceFor(settings: OrganisationSettings, level: PodSecurityLevel): string {
  return `${settings.namespace ?? DEFAULT_NAMESPACE}-${level}`;
}

/**
 * CoderTemplate props from the settings, for a template whose pods meet `level`: its namespace and
 * presets. Pass the definition (`this` in `build`) so that presets set for that template apply;
 * with a level alone only the global `presets` do.
 */
export function templateProps(
  settings: OrganisationSettings = {},
  level: PodSecurityLevel | { readonly podSecurity: PodSecurityLevel; readonly name: string },
): { namespace: string; presets?: WorkspacePresetProps[] } {
  const definition = typeof level === 'string' ? undefined : level;
  const presets = presetsFor(settings, definition?.name);
  return { namespace: namespaceFor(settings, definition?.podSecurity ?? (level as PodSecurityLevel)), ...(presets ? { presets } : {}) };
}

/** Storage, placement and requests props of a backend's workspace construct, from the settings. */
export function workspaceProps(settings: OrganisationSettings = {}, backend: Backend) {
  const pool = settings.nodePools?.[backend];
  return {
    storageClassName: settings.storageClass,
    nodeSelector: pool?.nodeSelector,
    tolerations: pool?.tolerations,
    ...(settings.requests ? { requests: settings.requests } : {}),
    ...(backend === 'sysbox' && settings.sysbox?.userNamespaces ? { userNamespaces: settings.sysbox.userNamespaces } : {}),
    ...(settings.modules ? { modules: settings.modules } : {}),
    ...(settings.troubleshootingUrl ? { troubleshootingUrl: settings.troubleshootingUrl } : {}),
  };
}

/**
 * The settings of a later template version that changes every creation-time choice a platform
 * team makes: another StorageClass, an image mirror for every cloud image and another namespace.
 * The lifecycle simulation upgrades to it: existing workspaces must keep their disks and namespace.
 */
export function upgradedSettings(settings: OrganisationSettings = {}): OrganisationSettings {
  return {
    ...settings,
    storageClass: `${settings.storageClass ?? 'standard'}-upgraded`,
    imageMirrors: { 'https://': 'https://mirror.upgraded.example/' },
    namespace: `${settings.namespace ?? DEFAULT_NAMESPACE}-upgraded`.slice(0, 52),
  };
}

// What a catalog entry declares: its metadata and how to build its CoderTemplate.
import { Construct } from '../constructs/core/cdktf';
import { CoderTemplate } from '../constructs/core/coder-template';
import { GvisorPoolProps } from '../constructs/gvisor/pool';
import { KataHypervisor } from '../constructs/kata/hypervisors';
import type { PodSecurityLevel } from '../constructs/core/pod-spec';
import type { OrganisationSettings } from './settings';

/** Isolation backends cvmkit models. */
export type Backend = 'kubevirt' | 'sysbox' | 'envbox' | 'gvisor' | 'kata';

/** One published template. */
export interface TemplateDefinition {
  /** Folder and `coder templates push` name: lower-case letters, digits and `-`. */
  readonly name: string;
  /** Name shown in Coder and the registry. */
  readonly displayName: string;
  /** One sentence on what a workspace of this template is. */
  readonly description: string;
  /** Coder built-in icon, e.g. `/icon/kubernetes.svg`. */
  readonly icon: string;
  /** Registry tags. */
  readonly tags: readonly string[];
  /** Isolation backend. */
  readonly backend: Backend;
  /** Isolation in a few words, e.g. "hardware virtualization (KVM)". */
  readonly isolation: string;
  /**
   * The Pod Security level its pods meet, which picks its namespace (`<base>-<level>`): Envbox
   * alone is `privileged`; the others run in a `baseline` or `restricted` namespace.
   */
  readonly podSecurity: PodSecurityLevel;
  /**
   * Path of the Handlebars source of the user-facing README: absolute, or relative to the root of
   * the repository that defines the template (cvmkit's package for the built-in catalog; the folder
   * of the settings file whose `templates` lists it).
   */
  readonly readme: string;
  /**
   * Cluster-scoped objects the template's workspaces need, created by the platform stacks.
   * @default none
   */
  readonly platform?: PlatformRequirements;
  /** Builds the template's stack in `scope` under `id`, honouring the organisation's settings. */
  build(scope: Construct, id: string, settings?: OrganisationSettings): CoderTemplate;
}

/** What a template needs from the cluster that only an administrator creates once. */
export interface PlatformRequirements {
  /** gVisor node pools whose RuntimeClasses the template's pods use. */
  readonly gvisorPools?: readonly GvisorPoolProps[];
  /** Kata hypervisors whose RuntimeClasses the template's pods use. */
  readonly kataHypervisors?: readonly KataHypervisor[];
}

/** The named definitions, in the order named (all of them when none are named); throws naming the unknown ones. */
export function selectDefinitions(names: readonly string[], definitions: readonly TemplateDefinition[]): TemplateDefinition[] {
  if (names.length === 0) return [...definitions];
  const unknown = names.filter((n) => !definitions.some((d) => d.name === n));
  if (unknown.length > 0) {
    throw new Error(`unknown template(s): ${unknown.join(', ')}; the catalog has ${definitions.map((d) => d.name).join(', ')}`);
  }
  return names.map((n) => definitions.find((d) => d.name === n)!);
}

// Settings for Coder's idiom: registry modules, presets (for all templates or per template) and the agent's troubleshooting link.
import type { WorkspacePresetProps } from '../constructs/core/preset';
import { JETBRAINS_IDES } from '../constructs/modules/catalog';
import type { WorkspaceModulesProps } from '../constructs/modules/workspace-modules';
import type { WindowsModulesProps } from '../constructs/kubevirt/windows-props';

/** A preset in the settings: parameter values by name, plus the preset's own keys. */
export interface PresetSettings {
  /** One line on what the preset is for. */
  readonly description?: string;
  /** Icon shown next to the preset's name. */
  readonly icon?: string;
  /** Whether the form preselects it (one per template). */
  readonly default?: boolean;
  /** Prebuilt workspaces Coder keeps ready for it (Premium). */
  readonly prebuilds?: number;
  /** Parameter values by name; values may also be given beside the keys above (`{ cpu: 2 }`). */
  readonly parameters?: Readonly<Record<string, string | number | boolean>>;
  readonly [parameter: string]: string | number | boolean | Readonly<Record<string, string | number | boolean>> | undefined;
}

/** The settings keys of this file (part of `OrganisationSettings`). */
export interface IdiomSettings {
  /**
   * Registry modules every template's workspaces get (none by default: templates stay
   * offline-friendly). `windowsRdp` applies to Windows templates, the others to Linux ones.
   */
  readonly modules?: WorkspaceModulesProps & WindowsModulesProps;
  /** Presets of every template, by preset name. */
  readonly presets?: Readonly<Record<string, PresetSettings>>;
  /** Per-template settings by template name; a template's `presets` replace the global ones. */
  readonly perTemplate?: Readonly<Record<string, { readonly presets?: Readonly<Record<string, PresetSettings>> }>>;
  /** Page the workspace page links when an agent does not connect in time (e.g. your runbook). */
  readonly troubleshootingUrl?: string;
}

/** Keys of a preset that are not parameter values. */
const PRESET_KEYS = ['description', 'icon', 'default', 'prebuilds', 'parameters'];

/** JSON Schema properties of {@link IdiomSettings}; `literal` is the settings file's refused-sequence string rule. */
export function idiomSchema(literal: (rest?: Record<string, unknown>) => Record<string, unknown>) {
  // `not` holds only for strings with a template sequence or line break (numbers and booleans pass).
  const value = { type: ['string', 'number', 'boolean'], not: { type: 'string', pattern: '[$%]\\{|[\\r\\n]' } };
  const parameterName = literal({ pattern: '^[a-z][a-z0-9_]{0,63}$' });
  const preset = {
    type: 'object',
    propertyNames: parameterName,
    properties: {
      description: literal({ maxLength: 128 }),
      icon: literal(),
      default: { type: 'boolean' },
      prebuilds: { type: 'integer', minimum: 0 },
      parameters: { type: 'object', propertyNames: parameterName, additionalProperties: value },
    },
    additionalProperties: value,
  };
  const presets = { type: 'object', propertyNames: literal({ minLength: 1 }), additionalProperties: preset };
  const folder = literal({ pattern: '^/' });
  const ides = { type: 'array', uniqueItems: true, items: { enum: [...JETBRAINS_IDES] } };
  const object = (properties: Record<string, unknown>, required: string[] = []) => ({
    type: 'object',
    additionalProperties: false,
    properties,
    ...(required.length ? { required } : {}),
  });
  const orTrue = (o: Record<string, unknown>) => ({ ...o, type: ['boolean', 'object'] });
  return {
    modules: object({
      codeServer: orTrue(
        object({
          installVersion: literal({ pattern: '^\\d+\\.\\d+\\.\\d+$' }),
          extensions: { type: 'array', items: literal() },
          folder,
          cached: { type: 'boolean' },
        }),
      ),
      jetbrains: orTrue(object({ ides: { ...ides, minItems: 1 }, defaultIdes: ides, folder })),
      dotfiles: orTrue(object({ uri: literal(), defaultUri: literal() })),
      gitClone: { type: 'array', items: object({ url: literal(), branchName: literal(), folderName: literal(), baseDir: folder }, ['url']) },
      windowsRdp: orTrue(
        object({ share: { enum: ['owner', 'authenticated', 'public'] }, devolutionsGatewayVersion: literal({ pattern: '^(latest|\\d{4}\\.\\d+\\.\\d+)$' }) }),
      ),
    }),
    presets,
    perTemplate: { type: 'object', propertyNames: literal({ pattern: '^[a-z][a-z0-9-]*$' }), additionalProperties: object({ presets }) },
    troubleshootingUrl: literal({ pattern: '^https?://' }),
  };
}

/** The presets of template `name`: its own when the settings give them, else the global ones. */
export function presetsFor(settings: IdiomSettings, name: string | undefined): WorkspacePresetProps[] | undefined {
  const chosen = (name !== undefined ? settings.perTemplate?.[name]?.presets : undefined) ?? settings.presets;
  if (chosen === undefined) return undefined;
  return Object.entries(chosen).map(([presetName, p]) => {
    const values = Object.fromEntries(Object.entries(p).filter(([k]) => !PRESET_KEYS.includes(k))) as Record<string, string | number | boolean>;
    return {
      name: presetName,
      description: p.description,
      icon: p.icon,
      default: p.default,
      prebuilds: p.prebuilds,
      parameters: { ...values, ...(p.parameters ?? {}) },
    };
  });
}

// A named set of parameter values users pick when creating a workspace (`data "coder_workspace_preset"`).
import { DataCoderWorkspacePreset } from '../../.gen/providers/coder/data-coder-workspace-preset';
import { Construct, IConstruct } from './cdktf';
import { check, CvmkitValidationError } from './errors';
import { checkLiterals, literalText } from './literals';
import { WorkspaceParameterProps } from './parameter';

/** A preset's parameter value, as the parameter's type reads it. */
export type PresetValue = string | number | boolean;

/** Props of {@link WorkspacePreset}. */
export interface WorkspacePresetProps {
  /** Name shown in the workspace form; unique in the template. */
  readonly name: string;
  /** Values by parameter name; each is checked against the parameter's options and bounds at synth. */
  readonly parameters: Readonly<Record<string, PresetValue>>;
  /**
   * One line on what the preset is for (at most 128 characters).
   * @default no description
   */
  readonly description?: string;
  /**
   * Icon shown next to the name (Coder built-in `/icon/...` or a URL).
   * @default no icon
   */
  readonly icon?: string;
  /**
   * Whether the form preselects this preset (at most one per template).
   * @default false
   */
  readonly default?: boolean;
  /**
   * Prebuilt workspaces Coder keeps ready for this preset (a Premium feature).
   * @default none
   */
  readonly prebuilds?: number;
}

/** A parameter a preset may set: the template's own, or one a module declares (known by name only). */
export interface PresetTarget {
  readonly name: string;
  /** The parameter's props; undefined for a module's parameter. */
  readonly props?: WorkspaceParameterProps;
}

/** The Terraform name of a preset's data source: its name in lower case, other characters `_`. */
export function presetAddress(name: string): string {
  const id = name
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z_]/.test(id) ? id : `preset_${id}`;
}

/**
 * A `data "coder_workspace_preset"`. Its values are checked when the template is synthesized,
 * once every parameter exists: a name the template does not have, a value outside a number's
 * bounds, not among the options, of the wrong type, or not matching the regex is an error naming
 * the preset and the parameter (Coder itself would accept the first and fail the workspace later).
 */
export class WorkspacePreset extends Construct {
  /** The L1 data source (escape hatch). */
  public readonly resource: DataCoderWorkspacePreset;
  /** The props as given. */
  public readonly props: WorkspacePresetProps;

  constructor(scope: Construct, id: string, props: WorkspacePresetProps, targets: () => readonly PresetTarget[]) {
    super(scope, id);
    this.props = props;
    check(props.name.trim() !== '', this, 'name', 'must not be empty');
    checkLiterals(this, props, ['description']);
    check(
      props.description === undefined || props.description.length <= 128,
      this,
      'description',
      `has ${props.description?.length} characters; Coder allows 128`,
    );
    const prebuilds = props.prebuilds;
    check(prebuilds === undefined || (Number.isInteger(prebuilds) && prebuilds >= 0), this, 'prebuilds', `${prebuilds} must be a whole number, 0 or more`);
    for (const [name, value] of Object.entries(props.parameters)) {
      check(String(value) !== '', this, `parameters.${name}`, `preset "${props.name}" sets an empty value; Coder refuses empty preset values`);
    }
    // Values are checked at synth: parameters may be added after the preset (addParameter).
    this.node.addValidation({ validate: () => checkPresetValues(this, props, targets()) });

    this.resource = new DataCoderWorkspacePreset(this, 'Resource', {
      name: props.name,
      description: literalText(props.description),
      icon: props.icon,
      default: props.default,
      parameters: Object.fromEntries(Object.entries(props.parameters).map(([k, v]) => [k, String(v)])),
      prebuilds: prebuilds === undefined ? undefined : { instances: prebuilds },
    });
    this.resource.overrideLogicalId(presetAddress(props.name));
  }
}

/** Throws the first problem of the preset's values; returns no messages otherwise (cdktf's validation contract). */
function checkPresetValues(scope: IConstruct, preset: WorkspacePresetProps, targets: readonly PresetTarget[]): string[] {
  const fail = (name: string, problem: string) => {
    throw new CvmkitValidationError(scope, `parameters.${name}`, `preset "${preset.name}" ${problem}`);
  };
  for (const [name, value] of Object.entries(preset.parameters)) {
    const target = targets.find((t) => t.name === name);
    if (target === undefined)
      fail(name, `sets "${name}", which is not a parameter of the template (it has ${targets.map((t) => t.name).join(', ') || 'none'})`);
    const p = target!.props;
    if (p === undefined) continue;
    const text = String(value);
    const type = p.type ?? 'string';
    const options = p.options?.map((o) => String(o.value));
    if (type === 'number' && !Number.isFinite(Number(text))) fail(name, `sets ${JSON.stringify(value)}, which is not a number`);
    if (type === 'bool' && text !== 'true' && text !== 'false') fail(name, `sets ${JSON.stringify(value)}, which is not true or false`);
    if (options !== undefined && !options.includes(text))
      fail(name, `sets ${JSON.stringify(value)}, which is not one of the parameter's options (${options.join(', ')})`);
    const v = p.validation;
    if (type === 'number' && v !== undefined) {
      const n = Number(text);
      if ((v.min !== undefined && n < v.min) || (v.max !== undefined && n > v.max))
        fail(name, `sets ${n}, outside the parameter's bounds ${v.min ?? '-inf'}..${v.max ?? 'inf'}`);
    }
    if (v?.regex !== undefined && !new RegExp(v.regex).test(text))
      fail(name, `sets ${JSON.stringify(value)}, which does not match the parameter's regex ${v.regex}`);
  }
  return [];
}

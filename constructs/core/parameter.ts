// A value the workspace user chooses when creating (or, if mutable, updating) a workspace.
import { DataCoderParameter } from '../../.gen/providers/coder/data-coder-parameter';
import { Construct, Fn, Token } from './cdktf';
import { check } from './errors';
import { checkLiterals, literalText } from './literals';

/** One choice of a parameter with options. */
export interface ParameterOption {
  /** Label shown to the user. */
  readonly name: string;
  /** Value stored when chosen. */
  readonly value: string | number;
  /**
   * Icon path (Coder built-in `/icon/...` or a URL).
   * @default no icon
   */
  readonly icon?: string;
  /**
   * One-line explanation shown under the label.
   * @default no description
   */
  readonly description?: string;
}

/** Rules Coder enforces on the value. */
export interface ParameterValidation {
  /**
   * Smallest accepted number (number parameters only).
   * @default no minimum
   */
  readonly min?: number;
  /**
   * Largest accepted number (number parameters only).
   * @default no maximum
   */
  readonly max?: number;
  /**
   * Whether a mutable number may only grow or only shrink between builds. Only allowed on a
   * mutable parameter: on an immutable one Coder never checks it.
   * @default no direction enforced
   */
  readonly monotonic?: 'increasing' | 'decreasing';
  /**
   * Regular expression a string value must match (string parameters only).
   * @default no pattern
   */
  readonly regex?: string;
  /**
   * Message shown when the value is rejected (required with `regex`).
   * @default Coder's generic message
   */
  readonly error?: string;
}

/** Props of {@link WorkspaceParameter}. */
export interface WorkspaceParameterProps {
  /** Stable key of the parameter: lower-case letters, digits and `_`. Changing it re-prompts users. */
  readonly name: string;
  /**
   * Label shown to the user.
   * @default the name
   */
  readonly displayName?: string;
  /**
   * Help text shown under the label (Markdown).
   * @default no description
   */
  readonly description?: string;
  /**
   * Value type.
   * @default "string"
   */
  readonly type?: 'string' | 'number' | 'bool';
  /**
   * Default value; must satisfy the options and validation.
   * @default no default (the user must choose)
   */
  readonly default?: string | number | boolean;
  /**
   * Whether the value may change after the workspace is created. Make a parameter mutable only
   * when every resource it feeds accepts the change on a real cluster.
   * @default false
   */
  readonly mutable?: boolean;
  /**
   * Position in the form, lowest first.
   * @default Coder's ordering (by name)
   */
  readonly order?: number;
  /**
   * Icon shown next to the label.
   * @default no icon
   */
  readonly icon?: string;
  /**
   * The values to choose from.
   * @default free input
   */
  readonly options?: readonly ParameterOption[];
  /**
   * Rules on the value.
   * @default no rules
   */
  readonly validation?: ParameterValidation;
}

const NAME = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * A `data "coder_parameter"`. Validates its props against the rules Coder applies when the
 * template is pushed, so a bad parameter fails at synth instead of at push.
 */
export class WorkspaceParameter extends Construct {
  /** The L1 data source (escape hatch). */
  public readonly resource: DataCoderParameter;
  /** The props as given. */
  public readonly props: WorkspaceParameterProps;

  constructor(scope: Construct, id: string, props: WorkspaceParameterProps) {
    super(scope, id);
    this.props = props;
    const type = props.type ?? 'string';
    check(NAME.test(props.name), this, 'name', `"${props.name}" must match ${NAME}`);
    // Labels and help text are prose for people: escaped. Names, values and icons are refused.
    checkLiterals(this, props, ['displayName', 'description', 'options', 'validation']);
    props.options?.forEach((o, i) => checkLiterals(this, { value: o.value, icon: o.icon }, [], ['options', i]));
    checkLiterals(this, props.validation, ['error'], ['validation']);
    validateOptions(this, type, props);
    validateRules(this, type, props);

    const v = props.validation;
    this.resource = new DataCoderParameter(this, 'Resource', {
      name: props.name,
      displayName: literalText(props.displayName),
      description: literalText(props.description),
      type,
      default: props.default === undefined ? undefined : String(props.default),
      mutable: props.mutable ?? false,
      order: props.order,
      icon: props.icon,
      option: props.options?.map((o) => ({ name: literalText(o.name), value: String(o.value), icon: o.icon, description: literalText(o.description) })),
      validation: v && { min: v.min, max: v.max, monotonic: v.monotonic, regex: v.regex, error: literalText(v.error) },
    });
    this.resource.overrideLogicalId(props.name);
  }

  /** The chosen value as a Terraform string. */
  public get value(): string {
    return this.resource.value;
  }

  /** The chosen value converted with `tonumber()`, for number parameters. */
  public get numberValue(): number {
    return Token.asNumber(Fn.tonumber(this.resource.value));
  }
}

function validateOptions(scope: Construct, type: string, props: WorkspaceParameterProps): void {
  const options = props.options;
  if (options === undefined) return;
  check(options.length > 0, scope, 'options', 'must not be empty when given');
  const values = options.map((o) => String(o.value));
  const dup = values.find((v, i) => values.indexOf(v) !== i);
  check(dup === undefined, scope, 'options', `value "${dup}" appears twice`);
  if (type === 'number') {
    const bad = values.find((v) => !Number.isFinite(Number(v)));
    check(bad === undefined, scope, 'options', `"${bad}" is not a number`);
  }
  if (props.default !== undefined) {
    check(values.includes(String(props.default)), scope, 'default', `"${props.default}" is not one of the options (${values.join(', ')})`);
  }
}

function validateRules(scope: Construct, type: string, props: WorkspaceParameterProps): void {
  const v = props.validation;
  if (props.default !== undefined) {
    const ok = type === 'number' ? Number.isFinite(Number(props.default)) : type === 'bool' ? ['true', 'false'].includes(String(props.default)) : true;
    check(ok, scope, 'default', `"${props.default}" is not a ${type}`);
  }
  if (v === undefined) return;
  const numeric = v.min !== undefined || v.max !== undefined || v.monotonic !== undefined;
  check(!numeric || type === 'number', scope, 'validation', 'min, max and monotonic apply to number parameters only');
  check(v.regex === undefined || type === 'string', scope, 'validation', 'regex applies to string parameters only');
  check(v.regex === undefined || v.error !== undefined, scope, 'validation', 'a regex needs an error message');
  check(v.min === undefined || v.max === undefined || v.min <= v.max, scope, 'validation', `min ${v.min} is greater than max ${v.max}`);
  check(
    v.monotonic === undefined || props.mutable === true,
    scope,
    'validation',
    'monotonic only takes effect on a mutable parameter; set mutable: true or drop monotonic',
  );
  if (type === 'number' && props.default !== undefined) {
    const d = Number(props.default);
    check(
      (v.min === undefined || d >= v.min) && (v.max === undefined || d <= v.max),
      scope,
      'default',
      `${d} is outside ${v.min ?? '-inf'}..${v.max ?? 'inf'}`,
    );
  }
  if (v.regex !== undefined && props.default !== undefined) {
    check(new RegExp(v.regex).test(String(props.default)), scope, 'default', `"${props.default}" does not match ${v.regex}`);
  }
}

/**
 * Props of a mutable number parameter chosen within a checked range (CPU cores, memory GiB,
 * disk GiB); pass `mutable: false` over it for sizes that cannot change after creation.
 */
export function rangeParameterProps(
  name: string,
  displayName: string,
  description: string,
  range: { readonly default: number; readonly min: number; readonly max: number },
  order: number,
  icon: string,
): WorkspaceParameterProps {
  return { name, displayName, description, type: 'number', default: range.default, mutable: true, order, icon, validation: { min: range.min, max: range.max } };
}

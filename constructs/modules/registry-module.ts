// One module of registry.coder.com in a template: a `module` block at a pinned version, counted on start_count.
import { Construct, TerraformHclModule, Token } from '../core/cdktf';
import { CoderTemplate } from '../core/coder-template';
import { check } from '../core/errors';
import { checkLiterals } from '../core/literals';
import { REGISTRY_MODULES, RegistryModuleName, RegistryModuleSpec } from './catalog';

/** Props of {@link CoderRegistryModule}. */
export interface CoderRegistryModuleProps {
  /** Which module (see `REGISTRY_MODULES`); its source and pinned version come from there. */
  readonly module: RegistryModuleName;
  /** The module block's name in main.tf (`module.<name>`): lower-case letters, digits and `_`. */
  readonly name: string;
  /** Input variables by the module's own names (`agent_id`, `folder`…); values may be references. */
  readonly inputs: Readonly<Record<string, unknown>>;
}

/**
 * A registry module as a Terraform `module` block: source and version pinned from the catalog,
 * `count = data.coder_workspace.me.start_count` (its scripts and apps belong to a running
 * workspace; it holds no data). Inputs are checked against the module's declared variables here,
 * and again by Terraform itself against the offline stand-ins (`cvmkit validate`).
 */
export class CoderRegistryModule extends Construct {
  /** The L1 module block (escape hatch: `module.set(name, value)`). */
  public readonly module: TerraformHclModule;
  /** The module's data. */
  public readonly spec: RegistryModuleSpec;
  /** Workspace parameters the module adds to the template with these inputs. */
  public readonly declaredParameters: readonly string[];

  constructor(scope: Construct, id: string, props: CoderRegistryModuleProps) {
    super(scope, id);
    const spec: RegistryModuleSpec = REGISTRY_MODULES[props.module];
    check(spec !== undefined, this, 'module', `unknown module "${props.module}"; known: ${Object.keys(REGISTRY_MODULES).join(', ')}`);
    check(/^[a-z][a-z0-9_]{0,62}$/.test(props.name), this, 'name', `"${props.name}" must match ^[a-z][a-z0-9_]{0,62}$`);
    checkLiterals(this, props.inputs, [], ['inputs']);
    const inputs = Object.fromEntries(Object.entries(props.inputs).filter(([, v]) => v !== undefined));
    for (const [name, value] of Object.entries(inputs)) checkInput(this, spec, name, value);
    for (const [name, v] of Object.entries(spec.variables)) {
      check(!v.required || name in inputs, this, `inputs.${name}`, `the ${props.module} module requires it`);
    }
    this.spec = spec;
    this.declaredParameters = spec.parameters.filter((p) => isUnset(inputs[p.unlessInput])).map((p) => p.name);

    const template = CoderTemplate.of(this);
    template.addModuleParameters(this.declaredParameters);
    this.module = new TerraformHclModule(this, 'Resource', { source: spec.source, version: spec.version, variables: inputs });
    this.module.overrideLogicalId(props.name);
    this.module.addOverride('count', template.startCount);
  }
}

function isUnset(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

/** The module's variable exists, and a literal value meets its enumeration or pattern. */
function checkInput(scope: Construct, spec: RegistryModuleSpec, name: string, value: unknown): void {
  const variable = spec.variables[name];
  const known = Object.keys(spec.variables).join(', ');
  check(variable !== undefined, scope, `inputs.${name}`, `the module ${spec.source} ${spec.version} has no such variable (it has ${known})`);
  const literals = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && !Token.isUnresolved(v));
  for (const v of literals) {
    if (variable.oneOf !== undefined) check(variable.oneOf.includes(v), scope, `inputs.${name}`, `"${v}" is not one of ${variable.oneOf.join(', ')}`);
    if (variable.pattern !== undefined) check(new RegExp(variable.pattern).test(v), scope, `inputs.${name}`, `"${v}" does not match ${variable.pattern}`);
  }
}

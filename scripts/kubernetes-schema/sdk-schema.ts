// Turns evaluated terraform-plugin-sdk/v2 `schema.Resource` values into JSON schemas, following the SDK's core_schema rules.
import { describe, External, FuncRef, GoMap, GoStruct, Opaque, Poison, Value } from './go-eval';
import { JsonAttribute, JsonBlock, JsonNestedBlock, JsonSchema, ValidationFact } from './json-schema';

const SDK = 'github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema';
const VALIDATION = 'github.com/hashicorp/terraform-plugin-sdk/v2/helper/validation';
const TIMEOUTS = ['Create', 'Read', 'Update', 'Delete', 'Default'];

function get(s: GoStruct, field: string): Value {
  const v = s.fields.get(field) ?? null;
  if (v instanceof Poison) throw new Error(`${field}: ${v.error}`);
  return v;
}
function flag(s: GoStruct, field: string): boolean {
  const v = get(s, field);
  if (v === null || typeof v === 'boolean') return v === true;
  // `Deprecated` and similar strings count as set when non-empty.
  if (typeof v === 'string') return v !== '';
  throw new Error(`${field} is not a known boolean (${describe(v)})`);
}
function int(s: GoStruct, field: string): number {
  const v = get(s, field);
  if (v === null) return 0;
  if (typeof v !== 'number') throw new Error(`${field} is not a known integer (${describe(v)})`);
  return v;
}
function valueType(v: Value): string {
  if (v instanceof External && v.path === SDK && v.name.startsWith('Type')) return v.name;
  throw new Error(`not a schema.ValueType: ${describe(v)}`);
}
function isSchema(v: Value): v is GoStruct {
  return v instanceof GoStruct && v.type === `${SDK}.Schema`;
}
function isResource(v: Value): v is GoStruct {
  return v instanceof GoStruct && v.type === `${SDK}.Resource`;
}
/** The `Schema` map of a resource (a literal or the result of a schema function). */
function schemaMap(r: GoStruct): GoMap {
  const m = get(r, 'Schema');
  if (m instanceof GoMap) return m;
  throw new Error(`Schema is not a map (${describe(m)})`);
}
function schemaOf(v: Value, name: string): GoStruct {
  if (v instanceof Poison) throw new Error(`${name}: ${v.error}`);
  if (!isSchema(v)) throw new Error(`${name}: not a *schema.Schema (${describe(v)})`);
  return v;
}

/** A validator value (`validateName`, `validation.StringInSlice([...], false)`) as a check name and arguments. */
export function checkOf(v: Value, missing: Set<string>): { check: string; args?: unknown[] } {
  if (v instanceof External && v.path === VALIDATION) return { check: v.name };
  if (v instanceof FuncRef) {
    const name = v.name.startsWith(`${VALIDATION}.`) ? v.name.slice(VALIDATION.length + 1) : v.name;
    if (name.includes('/')) throw new Error(`validator from another package: ${v.name}`);
    if (!v.args) return { check: name };
    return { check: name, args: v.args.map((a) => argument(a, missing)) };
  }
  throw new Error(`validator is ${describe(v)}`);
}

function argument(v: Value, missing: Set<string>): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map((x) => argument(x, missing));
  if (v instanceof FuncRef && v.name === 'regexp.MustCompile') return argument(v.args![0], missing);
  if (v instanceof FuncRef || (v instanceof External && v.path === VALIDATION)) return checkOf(v, missing);
  if (v instanceof External) {
    // Collected so that one run names every constant the table lacks.
    missing.add(`${v.path}.${v.name}`);
    return null;
  }
  throw new Error(`validator argument is ${describe(v)}`);
}

export class SdkConverter {
  /** Validators the table cannot hold (function literals), by attribute path. */
  readonly skipped: string[] = [];
  /** Constants of k8s.io/api the enumerations name but k8s-constants.ts lacks. */
  readonly missing = new Set<string>();
  private facts: ValidationFact[] = [];
  private typeName = '';

  /** The JSON schema and the validation facts of one resource or data source (`typeName` names it in reports). */
  resource(typeName: string, v: Value): { schema: JsonSchema; facts: ValidationFact[] } {
    if (v instanceof Poison) throw new Error(v.error);
    if (!isResource(v)) throw new Error(`not a *schema.Resource (${describe(v)})`);
    this.facts = [];
    this.typeName = typeName;
    const block = this.block(schemaMap(v), '');
    block.attributes ??= {};
    if (flag(v, 'DeprecationMessage')) block.deprecated = true;
    // The SDK adds `id` and, when the resource declares timeouts, a `timeouts` block (core_schema.go).
    block.attributes.id ??= { type: 'string', description_kind: 'plain', optional: true, computed: true };
    const timeouts = get(v, 'Timeouts');
    if (timeouts instanceof GoStruct && !block.attributes.timeouts && !block.block_types?.timeouts) {
      const attributes: Record<string, JsonAttribute> = {};
      for (const t of TIMEOUTS) if (get(timeouts, t) !== null) attributes[t.toLowerCase()] = { type: 'string', description_kind: 'plain', optional: true };
      block.block_types = { ...block.block_types, timeouts: { nesting_mode: 'single', block: { attributes, description_kind: 'plain' } } };
    }
    return { schema: { version: int(v, 'SchemaVersion'), block }, facts: this.facts };
  }

  /** The provider's own configuration block (no implicit `id`). */
  providerBlock(p: Value): JsonBlock {
    if (!(p instanceof GoStruct)) throw new Error(`provider is ${describe(p)}`);
    const m = get(p, 'Schema');
    if (!(m instanceof GoMap)) throw new Error('provider Schema is not a map');
    return this.block(m, '', false);
  }

  /** `record` is false inside computed-only nested objects, which configuration never sets. */
  private block(m: GoMap, prefix: string, record = true): JsonBlock {
    const attributes: Record<string, JsonAttribute> = {};
    const blockTypes: Record<string, JsonNestedBlock> = {};
    for (const [key, raw] of m.entries) {
      const name = String(key);
      const path = prefix ? `${prefix}.${name}` : name;
      const s = schemaOf(raw, path);
      const elem = get(s, 'Elem');
      const type = valueType(get(s, 'Type'));
      const computedOnly = flag(s, 'Computed') && !flag(s, 'Optional');
      if (record && !computedOnly) this.recordChecks(s, path);
      if (elem === null || (type === 'TypeMap' && isResource(elem)) || computedOnly || !isResource(elem)) {
        attributes[name] = this.attribute(s, path);
      } else {
        blockTypes[name] = this.nestedBlock(s, elem, path, record);
      }
    }
    const out: JsonBlock = { description_kind: 'plain' };
    if (Object.keys(attributes).length) out.attributes = attributes;
    if (Object.keys(blockTypes).length) out.block_types = blockTypes;
    return out;
  }

  private attribute(s: GoStruct, path: string): JsonAttribute {
    let required = flag(s, 'Required');
    let optional = flag(s, 'Optional');
    // A required attribute with an environment default is optional to Terraform (coreConfigSchemaAttribute).
    const defaultFunc = get(s, 'DefaultFunc');
    if (required && defaultFunc !== null) {
      if (!(defaultFunc instanceof FuncRef && defaultFunc.name === `${SDK}.EnvDefaultFunc`)) throw new Error(`${path}: DefaultFunc on a required attribute`);
      if (defaultFunc.args?.[1] !== null) [required, optional] = [false, true];
    }
    const a: JsonAttribute = { type: this.ctyType(s), description_kind: 'plain' };
    if (required) a.required = true;
    if (optional) a.optional = true;
    if (flag(s, 'Computed')) a.computed = true;
    if (flag(s, 'Sensitive')) a.sensitive = true;
    if (flag(s, 'Deprecated')) a.deprecated = true;
    if (flag(s, 'WriteOnly')) a.write_only = true;
    return a;
  }

  private nestedBlock(s: GoStruct, elem: GoStruct, path: string, record: boolean): JsonNestedBlock {
    const type = valueType(get(s, 'Type'));
    const nesting = type === 'TypeList' ? 'list' : type === 'TypeSet' ? 'set' : type === 'TypeMap' ? 'map' : undefined;
    if (!nesting) throw new Error(`${path}: ${type} with a resource element`);
    let min = int(s, 'MinItems');
    let max = int(s, 'MaxItems');
    if (flag(s, 'Required') && min === 0) min = 1;
    if (flag(s, 'Optional') && min > 0) min = 0;
    if (flag(s, 'Computed') && !flag(s, 'Optional')) [min, max] = [0, 0];
    const block = this.block(schemaMap(elem), path, record);
    if (flag(s, 'Deprecated')) block.deprecated = true;
    const out: JsonNestedBlock = { nesting_mode: nesting, block };
    if (min) out.min_items = min;
    if (max) out.max_items = max;
    return out;
  }

  private ctyType(s: GoStruct): unknown {
    const type = valueType(get(s, 'Type'));
    const scalar: Record<string, string> = { TypeString: 'string', TypeBool: 'bool', TypeInt: 'number', TypeFloat: 'number' };
    if (scalar[type]) return scalar[type];
    const kind = { TypeList: 'list', TypeSet: 'set', TypeMap: 'map' }[type];
    if (!kind) throw new Error(`unknown schema type ${type}`);
    const elem = get(s, 'Elem');
    let elemType: unknown = 'string';
    if (isSchema(elem)) elemType = this.ctyType(elem);
    else if (elem instanceof External) elemType = scalar[valueType(elem)];
    else if (isResource(elem)) elemType = type === 'TypeMap' ? 'string' : this.objectType(schemaMap(elem));
    else if (elem !== null) throw new Error(`unknown Elem ${describe(elem)}`);
    return [kind, elemType];
  }

  /** The implied object type of a nested resource, as an attribute's element type. */
  private objectType(m: GoMap): unknown {
    const block = this.block(m, '', false);
    const attrs: Record<string, unknown> = {};
    for (const [k, a] of Object.entries(block.attributes ?? {})) attrs[k] = a.type;
    for (const [k, b] of Object.entries(block.block_types ?? {})) {
      const inner = this.impliedBlockType(b.block);
      attrs[k] = b.nesting_mode === 'single' ? inner : [b.nesting_mode, inner];
    }
    return ['object', attrs];
  }

  private impliedBlockType(b: JsonBlock): unknown {
    const attrs: Record<string, unknown> = {};
    for (const [k, a] of Object.entries(b.attributes ?? {})) attrs[k] = a.type;
    for (const [k, n] of Object.entries(b.block_types ?? {}))
      attrs[k] = n.nesting_mode === 'single' ? this.impliedBlockType(n.block) : [n.nesting_mode, this.impliedBlockType(n.block)];
    return ['object', attrs];
  }

  private recordChecks(s: GoStruct, path: string): void {
    const add = (validator: Value, each?: true) => {
      if (validator === null) return;
      if (validator instanceof Opaque) {
        this.skipped.push(`${this.typeName} ${path} (${validator.what})`);
        return;
      }
      const { check, args } = checkOf(validator, this.missing);
      this.facts.push({ path, check, ...(args ? { args } : {}), ...(each ? { each } : {}) });
    };
    add(get(s, 'ValidateFunc'));
    add(get(s, 'ValidateDiagFunc'));
    const elem = get(s, 'Elem');
    if (isSchema(elem)) {
      add(get(elem, 'ValidateFunc'), true);
      add(get(elem, 'ValidateDiagFunc'), true);
    }
    for (const rule of ['ConflictsWith', 'ExactlyOneOf', 'AtLeastOneOf', 'RequiredWith']) {
      const keys = get(s, rule);
      if (keys !== null) this.facts.push({ path, check: rule, args: [argument(keys, this.missing)] });
    }
  }
}

// Turns evaluated terraform-plugin-go `tfprotov5.Schema` values (kubernetes_manifest and its data sources) into JSON schemas.
import { describe, External, GoMap, GoStruct, Poison, Value } from './go-eval';
import { JsonAttribute, JsonBlock, JsonNestedBlock, JsonSchema } from './json-schema';

const TFTYPES = 'github.com/hashicorp/terraform-plugin-go/tftypes';
const PROTO = 'github.com/hashicorp/terraform-plugin-go/tfprotov5';
const NESTING: Record<string, JsonNestedBlock['nesting_mode']> = {
  SchemaNestedBlockNestingModeSingle: 'single',
  SchemaNestedBlockNestingModeList: 'list',
  SchemaNestedBlockNestingModeSet: 'set',
  SchemaNestedBlockNestingModeMap: 'map',
};

function field(s: GoStruct, name: string): Value {
  const v = s.fields.get(name) ?? null;
  if (v instanceof Poison) throw new Error(`${name}: ${v.error}`);
  return v;
}
const struct = (v: Value, what: string): GoStruct =>
  v instanceof GoStruct
    ? v
    : (() => {
        throw new Error(`${what} is ${describe(v)}`);
      })();
const list = (v: Value): Value[] =>
  v === null
    ? []
    : Array.isArray(v)
      ? v
      : (() => {
          throw new Error(`expected a slice, got ${describe(v)}`);
        })();
const bool = (s: GoStruct, name: string): boolean => field(s, name) === true;
const int = (s: GoStruct, name: string): number => (typeof field(s, name) === 'number' ? (field(s, name) as number) : 0);

/** A `tftypes` type as cty's JSON type notation. */
export function ctyType(v: Value): unknown {
  if (v instanceof External && v.path === TFTYPES) {
    const scalar: Record<string, string> = { String: 'string', Number: 'number', Bool: 'bool', DynamicPseudoType: 'dynamic' };
    if (scalar[v.name]) return scalar[v.name];
  }
  if (v instanceof GoStruct && v.type.startsWith(`${TFTYPES}.`)) {
    const kind = v.type.slice(TFTYPES.length + 1);
    if (kind === 'List' || kind === 'Set' || kind === 'Map') return [kind.toLowerCase(), ctyType(field(v, 'ElementType'))];
    if (kind === 'Object') {
      const attrs = field(v, 'AttributeTypes');
      if (!(attrs instanceof GoMap)) throw new Error('object type without AttributeTypes');
      return ['object', Object.fromEntries([...attrs.entries].map(([k, t]) => [String(k), ctyType(t)]))];
    }
  }
  throw new Error(`unknown tftypes type ${describe(v)}`);
}

function block(v: Value): JsonBlock {
  const b = struct(v, 'Block');
  const out: JsonBlock = { description_kind: 'plain' };
  const attributes: Record<string, JsonAttribute> = {};
  for (const raw of list(field(b, 'Attributes'))) {
    const a = struct(raw, 'attribute');
    const json: JsonAttribute = { type: ctyType(field(a, 'Type')), description_kind: 'plain' };
    if (bool(a, 'Required')) json.required = true;
    if (bool(a, 'Optional')) json.optional = true;
    if (bool(a, 'Computed')) json.computed = true;
    if (bool(a, 'Sensitive')) json.sensitive = true;
    if (bool(a, 'Deprecated')) json.deprecated = true;
    attributes[String(field(a, 'Name'))] = json;
  }
  const blockTypes: Record<string, JsonNestedBlock> = {};
  for (const raw of list(field(b, 'BlockTypes'))) {
    const n = struct(raw, 'nested block');
    const mode = field(n, 'Nesting');
    const nesting = mode instanceof External && mode.path === PROTO ? NESTING[mode.name] : undefined;
    if (!nesting) throw new Error(`unknown nesting ${describe(mode)}`);
    const json: JsonNestedBlock = { nesting_mode: nesting, block: block(field(n, 'Block')) };
    if (int(n, 'MinItems')) json.min_items = int(n, 'MinItems');
    if (int(n, 'MaxItems')) json.max_items = int(n, 'MaxItems');
    blockTypes[String(field(n, 'TypeName'))] = json;
  }
  if (Object.keys(attributes).length) out.attributes = attributes;
  if (Object.keys(blockTypes).length) out.block_types = blockTypes;
  if (bool(b, 'Deprecated')) out.deprecated = true;
  return out;
}

/** Every schema of a `map[string]*tfprotov5.Schema` value. */
export function protocolSchemas(v: Value): Record<string, JsonSchema> {
  if (!(v instanceof GoMap)) throw new Error(`expected a schema map, got ${describe(v)}`);
  const out: Record<string, JsonSchema> = {};
  for (const [name, raw] of v.entries) {
    const s = struct(raw, String(name));
    out[String(name)] = { version: int(s, 'Version'), block: block(field(s, 'Block')) };
  }
  return out;
}

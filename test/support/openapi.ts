// Validates Kubernetes objects against the upstream OpenAPI (Swagger 2.0) specs in ../shared/schemas with ajv.
// The specs do not forbid unknown fields; here they are errors (that is what catches typos). A value
// that is a Terraform expression (`${...}`) cannot be type-checked: only its place is checked.
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import * as fs from 'fs';
import * as path from 'path';

const SCHEMAS = path.join(__dirname, '..', '..', '..', 'shared', 'schemas');

/** Which spec and definition describe an apiVersion/kind. */
const ROOTS: Record<string, { file: string; definition: string }> = {
  'kubevirt.io/v1/VirtualMachine': { file: 'kubevirt-v1.9.0-swagger.json', definition: 'v1.VirtualMachine' },
  'cdi.kubevirt.io/v1beta1/DataVolume': { file: 'cdi-v1.66.0-swagger.json', definition: 'v1beta1.DataVolume' },
  'node.k8s.io/v1/RuntimeClass': { file: 'kubernetes-release-1.36-swagger.json', definition: 'io.k8s.api.node.v1.RuntimeClass' },
};

const EXPRESSION = { type: 'string', pattern: '^\\$\\{[\\s\\S]*\\}$' };

/** Makes a spec strict (no unknown fields) and tolerant of Terraform expressions and int-or-string. */
function strict(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strict);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    // Descriptions, defaults and vendor extensions carry no validation.
    if (k === 'description' || k === 'default' || k === 'example' || k.startsWith('x-')) continue;
    out[k] = k === 'properties' || k === 'definitions' ? Object.fromEntries(Object.entries(v as object).map(([p, s]) => [p, strict(s)])) : strict(v);
  }
  if (out.properties !== undefined && out.additionalProperties === undefined) out.additionalProperties = false;
  // Quantity and IntOrString are strings in the spec, but numbers are valid too.
  if (out.format === 'int-or-string' || out.format === 'quantity') return { anyOf: [{ type: 'string' }, { type: 'number' }] };
  if (out.type !== undefined || out.$ref !== undefined) return { anyOf: [out, EXPRESSION] };
  return out;
}

const validators = new Map<string, ReturnType<Ajv['compile']>>();

function validatorFor(key: string) {
  const root = ROOTS[key];
  if (root === undefined) throw new Error(`no upstream schema known for ${key}`);
  let v = validators.get(key);
  if (v === undefined) {
    const spec = JSON.parse(fs.readFileSync(path.join(SCHEMAS, root.file), 'utf8'));
    const definitions = strict(spec.definitions) as Record<string, unknown>;
    // The specs use OpenAPI's formats (date-time, int32…): ajv-formats checks the ones JSON Schema
    // knows, and without it ajv warns of every one it ignores.
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    v = ajv.compile({ $ref: `#/definitions/${root.definition}`, definitions });
    validators.set(key, v);
  }
  return v;
}

/** The problems of `object` against its upstream schema (empty when valid). */
export function openApiProblems(object: { apiVersion: string; kind: string }): string[] {
  const validate = validatorFor(`${object.apiVersion}/${object.kind}`);
  if (validate(object)) return [];
  // anyOf wraps every node: report the innermost, most specific errors.
  return (validate.errors ?? [])
    .filter((e) => e.keyword !== 'anyOf' && !(e.keyword === 'pattern' && e.schemaPath.endsWith('/1/pattern')) && !(e.keyword === 'type' && e.schemaPath.endsWith('/1/type')))
    .map((e) => `${e.instancePath || '/'}: ${e.message}${e.keyword === 'additionalProperties' ? ` (${(e.params as { additionalProperty: string }).additionalProperty})` : ''}`);
}

// The upstream OpenAPI (Swagger 2.0) specs, read at run time from outside the project, and strict ajv validators over them.
// The specs do not forbid unknown fields; here they are errors (that is what catches typos). A value that is a
// Terraform expression (`${...}`) cannot be type-checked: only its place is checked.
import type Ajv from 'ajv-draft-04';
import type { ValidateFunction } from 'ajv-draft-04';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PROJECT_ROOT } from '../../paths';

export const KUBERNETES_SPEC = 'kubernetes-release-1.36-swagger.json';
const KUBEVIRT_SPEC = 'kubevirt-v1.9.0-swagger.json';
const CDI_SPEC = 'cdi-v1.66.0-swagger.json';

/** Roots of the CRD specs, which carry no group-version-kind of their own. */
const CRD_ROOTS: Record<string, { file: string; definition: string }> = {
  'kubevirt.io/v1/VirtualMachine': { file: KUBEVIRT_SPEC, definition: 'v1.VirtualMachine' },
  'instancetype.kubevirt.io/v1beta1/VirtualMachineClusterInstancetype': { file: KUBEVIRT_SPEC, definition: 'v1beta1.VirtualMachineClusterInstancetype' },
  'instancetype.kubevirt.io/v1beta1/VirtualMachineClusterPreference': { file: KUBEVIRT_SPEC, definition: 'v1beta1.VirtualMachineClusterPreference' },
  'kubevirt.io/v1/VirtualMachineInstance': { file: KUBEVIRT_SPEC, definition: 'v1.VirtualMachineInstance' },
  'cdi.kubevirt.io/v1beta1/DataVolume': { file: CDI_SPEC, definition: 'v1beta1.DataVolume' },
  'cdi.kubevirt.io/v1beta1/DataSource': { file: CDI_SPEC, definition: 'v1beta1.DataSource' },
  'cdi.kubevirt.io/v1beta1/DataImportCron': { file: CDI_SPEC, definition: 'v1beta1.DataImportCron' },
};

/** Whether the specs can be read, and from where (or why not). */
export interface OpenApiStatus {
  readonly available: boolean;
  readonly dir?: string;
  readonly reason?: string;
}

/** `CVMKIT_OPENAPI_DIR`, else `<project>/../shared/schemas`; the specs are never part of the project. */
export function openApiStatus(): OpenApiStatus {
  const fromEnv = process.env.CVMKIT_OPENAPI_DIR;
  const dir = fromEnv !== undefined && fromEnv !== '' ? path.resolve(fromEnv) : path.join(PROJECT_ROOT, '..', 'shared', 'schemas');
  if (fs.existsSync(path.join(dir, KUBERNETES_SPEC))) return { available: true, dir };
  const where = fromEnv ? `CVMKIT_OPENAPI_DIR=${fromEnv}` : dir;
  return {
    available: false,
    reason: `OpenAPI check skipped: ${KUBERNETES_SPEC} not found in ${where} (set CVMKIT_OPENAPI_DIR to a folder with the Kubernetes 1.36, KubeVirt v1.9.0 and CDI v1.66.0 swagger.json files)`,
  };
}

export type Definitions = Record<string, Record<string, unknown>>;
const specs = new Map<string, Definitions>();
/** Bump when strip() or strict() change: derived forms of the specs are cached on disk across provider processes. */
const CACHE_VERSION = 3;
const CACHE_DIR = path.join(os.tmpdir(), 'cvmkit-openapi-cache');

/** A cache file for something derived from a spec file (keyed by the spec's path, size and mtime). */
function cacheFile(file: string, what: string): string {
  const spec = path.join(openApiStatus().dir!, file);
  const st = fs.statSync(spec);
  const key = createHash('sha256').update(`${CACHE_VERSION}|${spec}|${st.size}|${st.mtimeMs}|${what}`).digest('hex').slice(0, 32);
  return path.join(CACHE_DIR, `${key}.${what.startsWith('shape') ? 'json' : 'js'}`);
}

function writeCache(file: string, content: string): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}`;
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, file);
  } catch {
    // A read-only temp folder only costs speed.
  }
}

/** The spec without descriptions and vendor extensions (a tenth of its size): what validation and conversion read. */
function strip(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strip);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'description' || k === 'example' || (k.startsWith('x-') && k !== 'x-kubernetes-group-version-kind')) continue;
    out[k] = k === 'properties' || k === 'definitions' ? Object.fromEntries(Object.entries(v as object).map(([p, x]) => [p, strip(x)])) : strip(v);
  }
  return out;
}

/** The definitions of one spec file, stripped (parsed once per process; the stripped form is cached on disk). */
export function definitionsOf(file: string): Definitions {
  let defs = specs.get(file);
  if (defs === undefined) {
    const status = openApiStatus();
    if (!status.available) throw new Error(status.reason);
    const cached = cacheFile(file, 'shape');
    if (fs.existsSync(cached)) defs = JSON.parse(fs.readFileSync(cached, 'utf8')) as Definitions;
    else {
      defs = strip((JSON.parse(fs.readFileSync(path.join(status.dir!, file), 'utf8')) as { definitions: Definitions }).definitions) as Definitions;
      writeCache(cached, JSON.stringify(defs));
    }
    specs.set(file, defs);
  }
  return defs;
}

let gvkIndex: Map<string, string> | undefined;

/** The spec file and definition that describe an apiVersion/kind, if any. */
export function rootFor(apiVersion: string, kind: string): { file: string; definition: string } | undefined {
  const crd = CRD_ROOTS[`${apiVersion}/${kind}`];
  if (crd !== undefined) return crd;
  if (gvkIndex === undefined) {
    gvkIndex = new Map();
    for (const [name, def] of Object.entries(definitionsOf(KUBERNETES_SPEC))) {
      for (const g of (def['x-kubernetes-group-version-kind'] ?? []) as { group: string; version: string; kind: string }[]) {
        // The first definition wins: the canonical type, not a list or a copy under another package.
        const key = `${g.group === '' ? g.version : `${g.group}/${g.version}`}/${g.kind}`;
        if (!gvkIndex.has(key) && name.startsWith('io.k8s.api.')) gvkIndex.set(key, name);
      }
    }
  }
  const definition = gvkIndex.get(`${apiVersion}/${kind}`);
  return definition === undefined ? undefined : { file: KUBERNETES_SPEC, definition };
}

const EXPRESSION = { type: 'string', pattern: '^\\$\\{[\\s\\S]*\\}$' };
const NUMBER_OR_STRING = { anyOf: [{ type: 'string' }, { type: 'number' }] };

/**
 * Makes a spec strict (no unknown fields) and tolerant of int-or-string and quantities; with `expressions`, also
 * of Terraform expressions (synthesized JSON). Admission sees concrete values and uses the smaller, faster form.
 */
function strict(node: unknown, expressions: boolean): unknown {
  const recurse = (x: unknown) => strict(x, expressions);
  if (Array.isArray(node)) return node.map(recurse);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    // Descriptions, defaults and vendor extensions carry no validation.
    if (k === 'description' || k === 'default' || k === 'example' || k.startsWith('x-')) continue;
    out[k] = k === 'properties' || k === 'definitions' ? Object.fromEntries(Object.entries(v as object).map(([p, s]) => [p, recurse(s)])) : recurse(v);
  }
  if (out.properties !== undefined && out.additionalProperties === undefined) out.additionalProperties = false;
  if (out.format === 'int-or-string' || out.format === 'quantity') return NUMBER_OR_STRING;
  if (expressions && (out.type !== undefined || out.$ref !== undefined)) return { anyOf: [out, EXPRESSION] };
  return out;
}

const compilers = new Map<string, Ajv>();
const validators = new Map<string, ValidateFunction>();

/** Loads generated validator code with this module's require, so ajv's runtime helpers resolve from the project. */
function loadStandalone(code: string): ValidateFunction {
  const module = { exports: {} as { default?: ValidateFunction } };
  new Function('require', 'module', 'exports', code)(require, module, module.exports);
  return (module.exports.default ?? module.exports) as ValidateFunction;
}

function compile(file: string, definition: string, expressions: boolean): ValidateFunction {
  let ajv = compilers.get(`${file}|${expressions}`);
  if (ajv === undefined) {
    const defs = strict(definitionsOf(file), expressions) as Record<string, unknown>;
    // Quantity and IntOrString are declared as strings (the Kubernetes spec has no format on Quantity).
    for (const name of Object.keys(defs)) if (/\.(Quantity|IntOrString)$/.test(name)) defs[name] = NUMBER_OR_STRING;
    // ajv is loaded only when a validator must be compiled (~70 ms); cached validators need only its runtime helpers.
    const AjvDraft04 = (require('ajv-draft-04') as { default: typeof Ajv }).default;
    ajv = new AjvDraft04({ allErrors: true, strict: false, validateFormats: false, code: { source: true } });
    ajv.addSchema({ id: file, definitions: defs });
    compilers.set(`${file}|${expressions}`, ajv);
  }
  const validate = ajv.compile({ $ref: `${file}#/definitions/${definition}` });
  // Compiling the Pod schema takes about a second; a provider process starts often, so keep the code.
  const standaloneCode = (require('ajv/dist/standalone') as { default: (ajv: Ajv, v: ValidateFunction) => string }).default;
  writeCache(cacheFile(file, `${definition}|${expressions}`), standaloneCode(ajv, validate));
  return validate;
}

function validatorFor(file: string, definition: string, expressions: boolean): ValidateFunction {
  const key = `${file}#${definition}|${expressions}`;
  let v = validators.get(key);
  if (v === undefined) {
    const cached = cacheFile(file, `${definition}|${expressions}`);
    v = fs.existsSync(cached) ? loadStandalone(fs.readFileSync(cached, 'utf8')) : compile(file, definition, expressions);
    validators.set(key, v);
  }
  return v;
}

/** One way an object differs from its schema. */
export interface SchemaProblem {
  /** Dotted field path: `spec.containers[0].name`. */
  readonly path: string;
  readonly kind: 'unknown field' | 'type' | 'required' | 'enum' | 'other';
  readonly detail: string;
}

const dotted = (pointer: string) =>
  pointer
    .split('/')
    .slice(1)
    .map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s.replace(/~1/g, '/').replace(/~0/g, '~')}`))
    .join('')
    .replace(/^\./, '');

/**
 * The problems of `object` against its upstream schema; undefined when no schema describes its kind.
 * `expressions`: accept Terraform expressions (`${...}`) wherever a value goes (synthesized, unapplied JSON).
 */
export function schemaProblems(object: { apiVersion: string; kind: string }, expressions = false): SchemaProblem[] | undefined {
  const root = rootFor(object.apiVersion, object.kind);
  if (root === undefined) return undefined;
  const validate = validatorFor(root.file, root.definition, expressions);
  if (validate(object)) return [];
  const problems: SchemaProblem[] = [];
  // anyOf wraps every node: report the innermost, most specific errors.
  for (const e of validate.errors ?? []) {
    if (e.keyword === 'anyOf' || /\/1\/(pattern|type)$/.test(e.schemaPath)) continue;
    const at = dotted(e.instancePath);
    if (e.keyword === 'additionalProperties') {
      const field = (e.params as { additionalProperty: string }).additionalProperty;
      problems.push({ path: at === '' ? field : `${at}.${field}`, kind: 'unknown field', detail: 'unknown field' });
    } else if (e.keyword === 'type') problems.push({ path: at, kind: 'type', detail: String((e.params as { type: string }).type) });
    else if (e.keyword === 'required') {
      const field = (e.params as { missingProperty: string }).missingProperty;
      problems.push({ path: at === '' ? field : `${at}.${field}`, kind: 'required', detail: 'Required value' });
    } else if (e.keyword === 'enum')
      problems.push({
        path: at,
        kind: 'enum',
        detail: `supported values: ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((x) => JSON.stringify(x)).join(', ')}`,
      });
    else problems.push({ path: at, kind: 'other', detail: e.message ?? e.keyword });
  }
  return problems;
}

/** Human-readable problems (`/spec/x: must NOT have additional properties (y)` style is gone: `spec.x.y: unknown field`). */
export function openApiProblems(object: { apiVersion: string; kind: string }): string[] {
  const problems = schemaProblems(object, true);
  if (problems === undefined) throw new Error(`no upstream schema known for ${object.apiVersion}/${object.kind}`);
  return problems.map((p) => `${p.path}: ${p.kind === 'type' ? `must be of type ${p.detail}` : p.detail}`);
}

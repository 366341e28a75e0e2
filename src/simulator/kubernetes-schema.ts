// The hashicorp/kubernetes 2.38.0 schema, derived from the installed @cdktf/provider-kubernetes
// bindings (generated from exactly that schema): attribute names, types and block nesting come
// from each struct's `…ToHclTerraform` function, required-ness from the TypeScript declarations,
// computed-only attributes from the output classes' getters without setters.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ProviderSchemas, SchemaAttribute, SchemaBlock } from './schema-types';

const PACKAGE = path.dirname(require.resolve('@cdktf/provider-kubernetes/package.json'));

interface HclEntry {
  readonly name: string;
  readonly isBlock: boolean;
  readonly type: string;
  readonly storage: string;
  /** For blocks: the function that renders the nested struct. */
  readonly nested?: string;
}

/** Sources of one binding module: its JS (functions and class) and its declarations. */
interface ModuleSource {
  readonly js: string;
  readonly dts: string;
}

function readModule(dir: string): ModuleSource {
  const structs = path.join(dir, 'index-structs');
  const extra = fs.existsSync(structs) ? fs.readdirSync(structs).map((f) => path.join(structs, f)) : [];
  const all = [path.join(dir, 'index.js'), path.join(dir, 'index.d.ts'), ...extra];
  const read = (keep: (f: string) => boolean) => all.filter(keep).filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  return { js: read((f) => f.endsWith('.js')), dts: read((f) => f.endsWith('.d.ts')) };
}

const ENTRY = /(\w+): \{\s*value: ([^\n]*),\s*isBlock: (true|false),\s*type: "(\w+)",\s*storageClassType: "(\w+)",\s*\}/g;

function entriesOf(body: string): HclEntry[] {
  return [...body.matchAll(ENTRY)].map((m) => ({ name: m[1], isBlock: m[3] === 'true', type: m[4], storage: m[5], nested: /(\w+ToHclTerraform)\b/.exec(m[2])?.[1] }));
}

function functionBody(js: string, name: string): string {
  const start = js.indexOf(`function ${name}(struct) {`);
  if (start < 0) throw new Error(`binding function ${name} not found`);
  return js.slice(start, js.indexOf('// remove undefined attributes', start));
}

const camel = (snake: string) => snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** `readonly x?: T;` members of an interface: which are optional. */
function optionality(dts: string, iface: string): Map<string, boolean> {
  const start = dts.search(new RegExp(`export interface ${iface}( extends [^{]*)? \\{`));
  const out = new Map<string, boolean>();
  if (start < 0) return out;
  const body = dts.slice(start, dts.indexOf('\n}', start));
  for (const m of body.matchAll(/readonly (\w+)(\??):/g)) out.set(m[1], m[2] === '?');
  return out;
}

/** Getters without setters of a class: computed-only attributes, with their TypeScript type. */
function computedOnly(dts: string, cls: string): Map<string, string> {
  const start = dts.indexOf(`export declare class ${cls} `);
  const out = new Map<string, string>();
  if (start < 0) return out;
  const end = dts.indexOf('export declare class ', start + 10);
  const body = dts.slice(start, end < 0 ? undefined : end);
  const setters = new Set([...body.matchAll(/set (\w+)\(/g)].map((m) => m[1]));
  for (const m of body.matchAll(/get (\w+)\(\): ([^;]+);/g)) {
    if (!setters.has(m[1]) && !m[1].endsWith('Input') && m[1] !== 'internalValue' && m[1] !== 'terraformResourceType') out.set(m[1], m[2]);
  }
  return out;
}

const snake = (c: string) => c.replace(/[A-Z]/g, (x) => `_${x.toLowerCase()}`);

function tsTypeToCty(ts: string): unknown {
  if (ts === 'string') return 'string';
  if (ts === 'number') return 'number';
  if (ts.startsWith('boolean')) return 'bool';
  if (ts === 'string[]') return ['list', 'string'];
  if (ts === 'number[]') return ['list', 'number'];
  if (ts.includes('StringMap')) return ['map', 'string'];
  return 'dynamic';
}

function attributeType(e: HclEntry): unknown {
  const s = e.storage;
  if (s === 'anyMap' || s === 'any') return 'dynamic';
  const leaf = (x: string) => (x.startsWith('string') ? 'string' : x.startsWith('number') ? 'number' : x.startsWith('boolean') ? 'bool' : 'dynamic');
  if (e.type === 'simple') return leaf(s);
  if (e.type === 'list') return ['list', leaf(s.replace(/List$/, ''))];
  if (e.type === 'set') return ['set', leaf(s.replace(/List$/, ''))];
  if (e.type === 'map') return ['map', leaf(s.replace(/Map$/, ''))];
  return 'dynamic';
}

/** Builds a block from the entries of a struct, recursing into nested blocks. */
function blockOf(src: ModuleSource, entries: HclEntry[], iface: string, outputClass: string, depth = 0): SchemaBlock {
  if (depth > 12) return { attributes: [], block_types: [] };
  const optional = optionality(src.dts, iface);
  const attributes: SchemaAttribute[] = [];
  const blockTypes: SchemaBlock['block_types'] = [];
  for (const e of entries) {
    const isOptional = optional.get(camel(e.name)) ?? true;
    if (e.isBlock && e.nested) {
      const structName = e.nested.replace(/ToHclTerraform$/, '');
      const nestedIface = structName.charAt(0).toUpperCase() + structName.slice(1);
      const nested = blockOf(src, entriesOf(functionBody(src.js, e.nested)), nestedIface, `${nestedIface}OutputReference`, depth + 1);
      blockTypes.push({ type_name: e.name, block: nested, nesting: e.type === 'set' ? 'set' : e.type === 'struct' ? 'single' : 'list', min_items: isOptional ? 0 : 1, max_items: 0 });
    } else {
      // Optional attributes of the kubernetes provider are mostly optional+computed (server defaults).
      attributes.push({ name: e.name, type: attributeType(e), required: !isOptional, optional: isOptional, computed: isOptional && e.name !== 'manifest' });
    }
  }
  for (const [name, ts] of computedOnly(src.dts, outputClass)) {
    const n = snake(name);
    if (!attributes.some((a) => a.name === n) && !blockTypes.some((b) => b.type_name === n)) attributes.push({ name: n, type: tsTypeToCty(ts), computed: true });
  }
  return { attributes, block_types: blockTypes };
}

/** The schema of the resource class in `module` (e.g. `pod-v1`). */
function resourceSchema(moduleDir: string, className: string): SchemaBlock {
  const src = readModule(moduleDir);
  const start = src.js.indexOf('synthesizeHclAttributes() {');
  const body = src.js.slice(start, src.js.indexOf('// remove undefined attributes', start));
  const block = blockOf(src, entriesOf(body), `${className}Config`, className);
  // `id` is computed by every SDK resource even when the bindings let it be set.
  for (const a of block.attributes) if (a.name === 'id') Object.assign(a, { optional: true, computed: true, required: false });
  return block;
}

/** Every resource type of the package: `kubernetes_pod_v1` → its schema block. */
function deriveAll(): ProviderSchemas {
  const lib = path.join(PACKAGE, 'lib');
  const resources: Record<string, SchemaBlock> = {};
  const dataSources: Record<string, SchemaBlock> = {};
  let provider: SchemaBlock = { attributes: [], block_types: [] };
  for (const dir of fs.readdirSync(lib)) {
    const index = path.join(lib, dir, 'index.js');
    if (!fs.existsSync(index)) continue;
    const head = fs.readFileSync(index, 'utf8');
    const type = /static tfResourceType = "([\w]+)"|tfResourceType = "([\w]+)"/.exec(head);
    const cls = /class (\w+) extends cdktf\.(TerraformResource|TerraformDataSource|TerraformProvider)/.exec(head);
    if (!cls) continue;
    const block = resourceSchema(path.join(lib, dir), cls[1]);
    if (cls[2] === 'TerraformProvider') provider = { ...block, attributes: block.attributes.filter((a) => a.name !== 'alias') };
    else if (type && cls[2] === 'TerraformDataSource') dataSources[type[1] ?? type[2]] = block;
    else if (type) resources[type[1] ?? type[2]] = block;
  }
  return { provider, resources, dataSources };
}

/** The schema, cached per package version under the OS temp folder (deriving it takes a moment). */
export function kubernetesSchemas(): ProviderSchemas {
  const version = JSON.parse(fs.readFileSync(path.join(PACKAGE, 'package.json'), 'utf8')).version as string;
  const cache = path.join(os.tmpdir(), `cvmkit-kubernetes-schema-${version}-v1.json`);
  if (fs.existsSync(cache)) return JSON.parse(fs.readFileSync(cache, 'utf8')) as ProviderSchemas;
  const schemas = deriveAll();
  const tmp = `${cache}.${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify(schemas));
  fs.renameSync(tmp, cache);
  return schemas;
}

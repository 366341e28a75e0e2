// Renders a synthesized stack as HCL: Terraform JSON for the values, the bindings for block shapes.
import { resolve } from 'cdktf/lib/_tokens';
import { containsMapToken, containsNumberListTokenElement, containsStringListTokenElement, unresolved } from 'cdktf/lib/tokens/private/encoding';
import { IConstruct, TerraformElement, TerraformStack } from '../constructs/core/cdktf';
import { layoutHcl } from './hcl-layout';

/**
 * Which keys of a body are nested blocks (HCL `name { }`) rather than attributes (`name = {}`).
 * Terraform JSON cannot tell the two apart; the generated bindings can, so the tree is read from
 * the `isBlock` marks of each element's `toHclTerraform()`.
 */
type BlockTree = Map<string, BlockTree>;

interface Wrapped {
  value: unknown;
  isBlock?: boolean;
}

// The marks are read from the unresolved `toHclTerraform()`: resolving a whole stack again costs
// as much as synthesizing it, and the bindings build their block wrappers eagerly. Only values
// that are still tokens (a Lazy, an encoded list or map) are resolved, and the walk drops
// undefined values as cdktf's resolve does, so the tree is the one a full resolve would give.
function settle(scope: IConstruct, x: unknown): unknown {
  if (typeof x === 'string' || typeof x === 'number') return unresolved(x) ? resolve(scope, x) : x;
  if (typeof x !== 'object' || x === null) return x;
  if (Array.isArray(x)) return containsStringListTokenElement(x) || containsNumberListTokenElement(x) ? resolve(scope, x) : x;
  return unresolved(x) || containsMapToken(x as Record<string, unknown>) ? resolve(scope, x) : x;
}

function wrapped(scope: IConstruct, x: unknown): Wrapped | undefined {
  if (typeof x !== 'object' || x === null || !('value' in x)) return undefined;
  const w = x as Wrapped & { type?: unknown };
  if (w.isBlock === undefined && w.type === undefined) return undefined;
  const value = settle(scope, w.value);
  return value === undefined ? undefined : { value, isBlock: w.isBlock };
}

function blockTree(scope: IConstruct, raw: unknown, into: BlockTree = new Map()): BlockTree {
  const body = settle(scope, raw);
  if (typeof body !== 'object' || body === null) return into;
  for (const [key, value] of Object.entries(body)) {
    const attr = wrapped(scope, settle(scope, value));
    if (attr?.isBlock) {
      const child = into.get(key) ?? new Map();
      for (const item of Array.isArray(attr.value) ? attr.value : [attr.value]) blockTree(scope, item, child);
      into.set(key, child);
    }
  }
  return into;
}

/** Meta-arguments and Terraform's own blocks, valid on every resource and data source. */
const META_BLOCKS: BlockTree = new Map([['lifecycle', new Map()]]);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const RESERVED = new Set(['true', 'false', 'null', 'for', 'in', 'if']);

/** Splits a template string into literal text and `${...}`/`%{...}` sequences (kept verbatim). */
function templateParts(s: string): { text: string; literal: boolean }[] {
  const parts: { text: string; literal: boolean }[] = [];
  let literal = '';
  let i = 0;
  while (i < s.length) {
    if (s.startsWith('$${', i) || s.startsWith('%%{', i)) {
      literal += s.slice(i, i + 3);
      i += 3;
    } else if (s.startsWith('${', i) || s.startsWith('%{', i)) {
      if (literal) parts.push({ text: literal, literal: true });
      literal = '';
      const end = matchingBrace(s, i + 2);
      parts.push({ text: s.slice(i, end + 1), literal: false });
      i = end + 1;
    } else {
      literal += s[i++];
    }
  }
  if (literal) parts.push({ text: literal, literal: true });
  return parts;
}

/** Index of the `}` closing an interpolation whose body starts at `from` (strings nest templates). */
function matchingBrace(s: string, from: number): number {
  let depth = 1;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === '"') {
      i = closingQuote(s, i + 1);
    } else if (c === '{') {
      depth++;
    } else if (c === '}' && --depth === 0) {
      return i;
    }
  }
  throw new Error(`unterminated interpolation in ${JSON.stringify(s.slice(0, 80))}`);
}

function closingQuote(s: string, from: number): number {
  for (let i = from; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s.startsWith('${', i) || s.startsWith('%{', i)) i = matchingBrace(s, i + 2);
    else if (s[i] === '"') return i;
  }
  throw new Error(`unterminated string in ${JSON.stringify(s.slice(0, 80))}`);
}

/**
 * The heredoc marker for `s`. Terraform ends a heredoc at the first line that equals the marker
 * once surrounding whitespace is trimmed (`  EOT`, `EOT\t`, even a no-break space before it), so
 * the marker must not occur in `s` at all: `EOT`, else `EOT1`, `EOT2`…
 */
function heredocMarker(s: string): string {
  for (let n = 0; ; n++) {
    const marker = n === 0 ? 'EOT' : `EOT${n}`;
    if (!s.includes(marker)) return marker;
  }
}

// Characters a heredoc cannot carry verbatim: a carriage return (a lone one is "Invalid
// character" to Terraform) and other control characters; such strings are quoted and escaped.
const NOT_HEREDOC = /[\u0000-\u0008\u000b-\u001f\u007f]/;

function escapeLiteral(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A Terraform JSON string as HCL: a lone `${…}` becomes the bare expression; multi-line text that
 * ends with a newline becomes a heredoc whose marker no line of it can close early; anything else
 * a quoted template. `${…}`/`%{…}` sequences are kept (they are templates in the JSON too), and
 * their escapes `$${`/`%%{` stay escapes.
 */
export function renderString(s: string, heredoc = true): string {
  const parts = templateParts(s);
  if (parts.length === 1 && !parts[0].literal && parts[0].text.startsWith('${')) return parts[0].text.slice(2, -1).trim();
  if (heredoc && s.includes('\n') && s.endsWith('\n') && !NOT_HEREDOC.test(s)) {
    const marker = heredocMarker(s);
    return `<<${marker}\n${s}${marker}`;
  }
  return `"${parts.map((p) => (p.literal ? escapeLiteral(p.text) : p.text)).join('')}"`;
}

function renderKey(key: string): string {
  return IDENTIFIER.test(key) && !RESERVED.has(key) ? key : JSON.stringify(key);
}

// A heredoc ends at its marker line, so it cannot be followed by a list's comma: inside lists
// multi-line strings stay quoted.
function renderValue(v: unknown, heredoc = true): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return renderString(v, heredoc);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? '[]' : `[\n${v.map((x) => `${renderValue(x, false)},`).join('\n')}\n]`;
  const entries = Object.entries(v as Record<string, unknown>);
  return entries.length === 0 ? '{}' : `{\n${entries.map(([k, x]) => `${renderKey(k)} = ${renderValue(x)}`).join('\n')}\n}`;
}

/** A reference list (depends_on, ignore_changes): strings become bare traversals. */
function renderReferences(v: unknown): string {
  if (typeof v === 'string') return v.replace(/^\$\{(.*)\}$/s, '$1');
  return `[\n${(v as string[]).map((r) => `${r.replace(/^\$\{(.*)\}$/s, '$1')},`).join('\n')}\n]`;
}

function renderBody(body: Record<string, unknown>, blocks: BlockTree, raw: ReadonlySet<string> = new Set()): string[] {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (key === '//' || value === undefined) continue;
    const tree = blocks.get(key);
    if (tree !== undefined) {
      for (const item of Array.isArray(value) ? value : [value]) {
        lines.push(
          `${key} {`,
          ...renderBody(item as Record<string, unknown>, tree, key === 'lifecycle' ? new Set(['ignore_changes', 'replace_triggered_by']) : new Set()),
          '}',
        );
      }
    } else if (key === 'depends_on' || raw.has(key)) {
      lines.push(`${key} = ${renderReferences(value)}`);
    } else {
      lines.push(`${renderKey(key)} = ${renderValue(value)}`);
    }
  }
  return lines;
}

type Section = Record<string, Record<string, Record<string, unknown>>>;

/** Meta-arguments of a module call, written first as Terraform's examples do; every input is an attribute. */
const MODULE_META = ['source', 'version', 'count', 'for_each', 'providers', 'depends_on'];

function renderModuleBody(body: Record<string, unknown>): string[] {
  const { providers, ...rest } = body;
  const ordered = Object.fromEntries([
    ...MODULE_META.filter((k) => k in rest).map((k) => [k, rest[k]]),
    ...Object.entries(rest).filter(([k]) => !MODULE_META.includes(k)),
  ]);
  const lines = renderBody(ordered, new Map());
  if (providers === undefined) return lines;
  // `providers = { coder = coder.other }`: keys and values are provider references, not strings.
  const map = Object.entries(providers as Record<string, string>).map(([k, v]) => `${k} = ${v.replace(/^\$\{(.*)\}$/s, '$1')}`);
  const at = lines.findIndex((l) => !/^(source|version|count|for_each) = /.test(l));
  return [...lines.slice(0, at < 0 ? lines.length : at), 'providers = {', ...map, '}', ...lines.slice(at < 0 ? lines.length : at)];
}

/**
 * Renders `stack` (already synthesized, so aspects and validations ran) as HCL, formatted like
 * `terraform fmt`. cdktf's own HCL output mangles lists inside dynamic attributes and drops false
 * variable defaults, so the values come from the Terraform JSON, which Terraform reads as is.
 * Pass `json` when the caller already resolved the stack (resolving is the costly step).
 */
export function renderStackHcl(stack: TerraformStack, json: Record<string, any> = stack.toTerraform()): string {
  const trees = { resource: new Map<string, BlockTree>(), data: new Map<string, BlockTree>(), provider: new Map<string, BlockTree>() };
  for (const el of stack.node.findAll().filter((c): c is TerraformElement => c instanceof TerraformElement)) {
    const frag = el.toHclTerraform() as Record<string, any>;
    for (const kind of ['resource', 'data'] as const) {
      for (const [type, byName] of Object.entries((frag[kind] ?? {}) as Section)) {
        for (const [name, body] of Object.entries(byName)) trees[kind].set(`${type}.${name}`, blockTree(stack, body, new Map(META_BLOCKS)));
      }
    }
    for (const [type, list] of Object.entries((frag.provider ?? {}) as Record<string, unknown[]>)) trees.provider.set(type, blockTree(stack, list[0]));
  }

  const out: string[] = [];
  const terraform = json.terraform ?? {};
  out.push('terraform {');
  if (terraform.required_version) out.push(`required_version = ${renderValue(terraform.required_version)}`);
  out.push('required_providers {', ...Object.entries(terraform.required_providers ?? {}).map(([k, v]) => `${k} = ${renderValue(v)}`), '}', '}', '');
  for (const [name, v] of Object.entries((json.variable ?? {}) as Record<string, Record<string, unknown>>)) {
    const { type, ...rest } = v;
    out.push(`variable "${name}" {`, ...(type ? [`type = ${String(type)}`] : []), ...renderBody(rest, new Map()), '}', '');
  }
  if (json.locals) out.push('locals {', ...renderBody(json.locals, new Map()), '}', '');
  for (const [type, list] of Object.entries((json.provider ?? {}) as Record<string, Record<string, unknown>[]>)) {
    for (const body of list) out.push(`provider "${type}" {`, ...renderBody(body, trees.provider.get(type) ?? new Map()), '}', '');
  }
  for (const kind of ['data', 'resource'] as const) {
    for (const [type, byName] of Object.entries((json[kind] ?? {}) as Section)) {
      for (const [name, body] of Object.entries(byName)) {
        out.push(`${kind} "${type}" "${name}" {`, ...renderBody(body, trees[kind].get(`${type}.${name}`) ?? new Map(), new Set(['provider'])), '}', '');
      }
    }
  }
  for (const [name, body] of Object.entries((json.module ?? {}) as Record<string, Record<string, unknown>>)) {
    out.push(`module "${name}" {`, ...renderModuleBody(body), '}', '');
  }
  for (const [name, v] of Object.entries((json.output ?? {}) as Record<string, Record<string, unknown>>)) {
    out.push(`output "${name}" {`, ...renderBody(v, new Map()), '}', '');
  }
  for (const unsupported of ['moved', 'import', 'check']) {
    if (json[unsupported]) throw new Error(`HCL rendering of "${unsupported}" blocks is not supported`);
  }
  return layoutHcl(out.join('\n'));
}

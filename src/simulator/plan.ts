// Generic planning and applying over a schema: what an SDK-based provider does with computed attributes.
import { randomUUID } from 'crypto';
import { SchemaBlock } from './schema-types';
import { Dynamic, UNKNOWN } from './values';

type Obj = Record<string, unknown>;

/** On create, computed attributes left null by the configuration become unknown (known after apply). */
export function markComputedUnknown(value: Obj, block: SchemaBlock): Obj {
  const out: Obj = { ...value };
  for (const a of block.attributes) if (a.computed && (out[a.name] === null || out[a.name] === undefined)) out[a.name] = UNKNOWN;
  for (const b of block.block_types) {
    const v = out[b.type_name];
    if (Array.isArray(v)) out[b.type_name] = v.map((x) => markComputedUnknown(x as Obj, b.block));
    else if (v !== null && typeof v === 'object' && !(v instanceof Dynamic)) out[b.type_name] = markComputedUnknown(v as Obj, b.block);
  }
  return out;
}

/** A fill-in for an unknown value of `type`, by attribute name where that means something. */
export type Filler = (name: string, type: unknown) => unknown;

export const defaultFiller: Filler = (name, type) => {
  if (name === 'id' || name === 'uid') return randomUUID();
  if (name === 'resource_version') return '1';
  if (name === 'generation') return 1;
  if (type === 'string') return '';
  if (type === 'number') return 0;
  if (type === 'bool') return false;
  if (Array.isArray(type) && (type[0] === 'list' || type[0] === 'set')) return [];
  if (Array.isArray(type) && type[0] === 'map') return {};
  return null;
};

/** Replaces every unknown in a planned object with a concrete value. */
export function fillUnknown(value: Obj, block: SchemaBlock, fill: Filler): Obj {
  const out: Obj = { ...value };
  for (const a of block.attributes) if (out[a.name] === UNKNOWN) out[a.name] = fill(a.name, a.type);
  for (const b of block.block_types) {
    const v = out[b.type_name];
    if (Array.isArray(v)) out[b.type_name] = v.map((x) => fillUnknown(x as Obj, b.block, fill));
    else if (v !== null && typeof v === 'object') out[b.type_name] = fillUnknown(v as Obj, b.block, fill);
  }
  return out;
}

/** Deep equality of plain values (unknown equals only unknown). */
export function same(a: unknown, b: unknown): boolean {
  if (a instanceof Dynamic) a = a.value;
  if (b instanceof Dynamic) b = b.value;
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object).filter((k) => (a as Obj)[k] !== null && (a as Obj)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as Obj)[k] !== null && (b as Obj)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => same((a as Obj)[k], (b as Obj)[k]));
}

/** Reads a path of attribute names and list indexes (`["metadata", 0, "name"]`) in a value. */
export function at(value: unknown, path: readonly (string | number)[]): unknown {
  let v = value;
  for (const step of path) {
    if (v instanceof Dynamic) v = v.value;
    if (v === null || v === undefined || v === UNKNOWN) return v;
    v = (v as Obj)[step as string];
  }
  return v instanceof Dynamic ? v.value : v;
}

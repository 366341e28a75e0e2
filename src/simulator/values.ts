// Terraform values on the wire: cty's msgpack encoding, with unknowns (extension types 0 and 12)
// and dynamically typed values ([type JSON, value] pairs), guided by the schema's types.
import { decode, encode, ExtData, ExtensionCodec } from '@msgpack/msgpack';
import { SchemaBlock } from './schema-types';

/** A value not known until apply. */
export const UNKNOWN: unique symbol = Symbol('unknown');
export type Unknown = typeof UNKNOWN;

/** A value of a dynamically typed attribute, with its concrete type. */
export class Dynamic {
  constructor(
    public readonly type: unknown,
    public readonly value: unknown,
  ) {}
}

const codec = new ExtensionCodec();
// 0: unknown; 12: unknown with refinements (e.g. a known prefix), sent during validate.
for (const type of [0, 12]) codec.register({ type, encode: () => null, decode: () => UNKNOWN });

/** The cty type of a schema block, as JSON. */
export function blockType(block: SchemaBlock): unknown {
  const attrs: Record<string, unknown> = {};
  for (const a of block.attributes) attrs[a.name] = a.type;
  for (const b of block.block_types) {
    const obj = blockType(b.block);
    attrs[b.type_name] = b.nesting === 'single' || b.nesting === 'group' ? obj : [b.nesting, obj];
  }
  return ['object', attrs];
}

/** Infers the cty type of a plain value (objects as objects, arrays as tuples). */
export function inferType(v: unknown): unknown {
  if (v instanceof Dynamic) return v.type;
  if (v === null || v === undefined || v === UNKNOWN) return 'dynamic';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return ['tuple', v.map(inferType)];
  return ['object', Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, inferType(x)]))];
}

/** Converts a decoded msgpack value to plain values of `type` (Dynamic for dynamic attributes). */
function fromWire(raw: unknown, type: unknown): unknown {
  if (raw === null || raw === undefined) return null;
  if (raw === UNKNOWN) return UNKNOWN;
  if (type === 'dynamic') {
    const [typeJson, inner] = raw as [Uint8Array, unknown];
    const t = JSON.parse(Buffer.from(typeJson).toString('utf8'));
    return new Dynamic(t, fromWire(inner, t));
  }
  if (typeof type === 'string') return type === 'number' && typeof raw === 'string' ? Number(raw) : raw;
  const [kind, arg] = type as [string, unknown];
  if (kind === 'list' || kind === 'set') return (raw as unknown[]).map((x) => fromWire(x, arg));
  if (kind === 'tuple') return (raw as unknown[]).map((x, i) => fromWire(x, (arg as unknown[])[i]));
  if (kind === 'map') return Object.fromEntries(Object.entries(raw as object).map(([k, x]) => [k, fromWire(x, arg)]));
  if (kind === 'object') {
    const attrs = arg as Record<string, unknown>;
    return Object.fromEntries(Object.keys(attrs).map((k) => [k, fromWire((raw as Record<string, unknown>)[k], attrs[k])]));
  }
  throw new Error(`unsupported type ${JSON.stringify(type)}`);
}

/** Converts plain values of `type` to what msgpack encodes as cty does. */
function toWire(v: unknown, type: unknown): unknown {
  if (v === UNKNOWN) return new ExtData(0, Uint8Array.of(0));
  if (v === null || v === undefined) return null;
  if (type === 'dynamic') {
    const d = v instanceof Dynamic ? v : new Dynamic(inferType(v), v);
    return [new Uint8Array(Buffer.from(JSON.stringify(d.type))), toWire(d.value, d.type)];
  }
  if (v instanceof Dynamic) return toWire(v.value, type);
  if (typeof type === 'string') return v;
  const [kind, arg] = type as [string, unknown];
  if (kind === 'list' || kind === 'set') return (v as unknown[]).map((x) => toWire(x, arg));
  if (kind === 'tuple') return (v as unknown[]).map((x, i) => toWire(x, (arg as unknown[])[i]));
  if (kind === 'map') return Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, toWire(x, arg)]));
  if (kind === 'object') {
    const attrs = arg as Record<string, unknown>;
    return Object.fromEntries(Object.keys(attrs).map((k) => [k, toWire((v as Record<string, unknown>)[k] ?? null, attrs[k])]));
  }
  throw new Error(`unsupported type ${JSON.stringify(type)}`);
}

/** Decodes a DynamicValue's msgpack bytes (absent bytes are null). */
export function decodeValue(bytes: Uint8Array | undefined, type: unknown): unknown {
  if (bytes === undefined || bytes.length === 0) return null;
  return fromWire(decode(bytes, { extensionCodec: codec }), type);
}

/** Encodes a value as a DynamicValue's msgpack bytes. */
export function encodeValue(value: unknown, type: unknown): Uint8Array {
  return encode(toWire(value, type), { extensionCodec: codec, ignoreUndefined: false, forceIntegerToFloat: false });
}

/** Plain JSON of a value (unknowns as null, dynamics unwrapped), for logs and state files. */
export function plain(v: unknown): unknown {
  if (v === UNKNOWN) return null;
  if (v instanceof Dynamic) return plain(v.value);
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

/** Whether a value contains an unknown anywhere. */
export function hasUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (v instanceof Dynamic) return hasUnknown(v.value);
  if (Array.isArray(v)) return v.some(hasUnknown);
  if (v !== null && typeof v === 'object') return Object.values(v).some(hasUnknown);
  return false;
}

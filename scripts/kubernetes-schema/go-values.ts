// The values the Go evaluator computes: structs and maps shared by reference as Go pointers are, and stand-ins
// for what it does not compute.
import { TypeExpr } from './go-ast';

/** A struct value; pointers to it share the object, as in Go. */
export class GoStruct {
  constructor(
    readonly type: string,
    readonly fields: Map<string, Value>,
  ) {}
}
export class GoMap {
  constructor(
    readonly valueType: TypeExpr | undefined,
    readonly entries: Map<string | number, Value>,
  ) {}
}
/** An identifier of another package (`corev1.PodPending`, `schema.TypeList`) whose value is not in the constants table. */
export class External {
  constructor(
    readonly path: string,
    readonly name: string,
  ) {}
}
/** A function value: a package function named without a call, or a call we keep as data (validators). */
export class FuncRef {
  constructor(
    readonly name: string,
    readonly args?: readonly Value[],
  ) {}
}
/** A value the generator does not compute (a function literal, a method call's result). */
export class Opaque {
  constructor(readonly what: string) {}
}
/** The failure to compute a value, kept where it was needed so that unrelated parts still evaluate. */
export class Poison {
  constructor(readonly error: string) {}
}
/** Several results of one call. */
export class Tuple {
  constructor(readonly values: readonly Value[]) {}
}
export type Value = null | boolean | number | string | Value[] | GoStruct | GoMap | External | FuncRef | Opaque | Poison;

export function fail(message: string): never {
  throw new Error(message);
}

export function describe(v: Value | undefined): string {
  if (v === null || v === undefined) return 'nil';
  if (v instanceof GoStruct) return `struct ${v.type}`;
  if (v instanceof GoMap) return 'map';
  if (v instanceof External) return `${v.path}.${v.name}`;
  if (v instanceof FuncRef) return `func ${v.name}`;
  if (v instanceof Opaque) return `<${v.what}>`;
  if (v instanceof Poison) return `<error: ${v.error}>`;
  return Array.isArray(v) ? 'slice' : JSON.stringify(v);
}

/** A binary operator on computed values; anything not computable is opaque. */
export function binary(op: string, x: Value, y: Value): Value {
  if (typeof x === 'number' && typeof y === 'number') {
    const r: Record<string, () => Value> = {
      '+': () => x + y,
      '-': () => x - y,
      '*': () => x * y,
      '/': () => Math.trunc(x / y),
      '%': () => x % y,
      '==': () => x === y,
      '!=': () => x !== y,
      '<': () => x < y,
      '<=': () => x <= y,
      '>': () => x > y,
      '>=': () => x >= y,
      '<<': () => x * 2 ** y,
      '>>': () => Math.floor(x / 2 ** y),
      '|': () => x | y,
      '&': () => x & y,
      '^': () => x ^ y,
    };
    if (r[op]) return r[op]();
  }
  if (typeof x === 'string' && typeof y === 'string') {
    if (op === '+') return x + y;
    if (op === '==' || op === '!=') return (x === y) === (op === '==');
  }
  if (typeof x === 'boolean' && typeof y === 'boolean') {
    const r: Record<string, boolean> = { '&&': x && y, '||': x || y, '==': x === y, '!=': x !== y };
    if (op in r) return r[op];
  }
  if ((op === '==' || op === '!=') && (x === null || y === null)) return (x === y) === (op === '==');
  return new Opaque(`${describe(x)} ${op} ${describe(y)}`);
}

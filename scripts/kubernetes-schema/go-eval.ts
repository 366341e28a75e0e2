// Runs the schema-building Go functions of a package: literals become values, calls run, anything else is opaque.
import { Expr, GoPackage, Stmt, TypeExpr } from './go-ast';
import { functionBody } from './go-parser';
import { binary, describe, External, fail, FuncRef, GoMap, GoStruct, Opaque, Poison, Tuple, Value } from './go-values';

export { describe, External, FuncRef, GoMap, GoStruct, Opaque, Poison, type Value } from './go-values';

type Scope = Map<string, Value>;
const CONVERSIONS = new Set(['string', 'int', 'int32', 'int64', 'float64', 'bool', 'byte']);

export class Evaluator {
  private depth = 0;
  private readonly globals = new Map<string, Value>();

  /**
   * @param constants values of other packages' identifiers, keyed `importpath.Name`.
   * @param keepCalls package functions kept as data instead of run (validators built by a call).
   */
  constructor(
    private readonly pkg: GoPackage,
    private readonly constants: ReadonlyMap<string, Value>,
    private readonly keepCalls: (name: string) => boolean,
  ) {}

  /** Calls a package function by name. */
  call(name: string, args: readonly Value[] = []): Value {
    const f = this.pkg.funcs.get(name);
    if (!f) throw new Error(`function ${name} not found`);
    if (++this.depth > 200) throw new Error(`recursion too deep in ${name}`);
    try {
      const scope: Scope = new Map(f.params.map((p, i) => [p, args[i] ?? null]));
      const result = this.block(functionBody(f), [scope], f.imports);
      const v = result?.ret ?? null;
      return v instanceof Tuple ? v.values[0] : v;
    } finally {
      this.depth--;
    }
  }

  private block(body: readonly Stmt[], scopes: Scope[], imports: ReadonlyMap<string, string>): { ret: Value | Tuple } | undefined {
    const inner = [new Map(), ...scopes];
    for (const s of body) {
      const r = this.stmt(s, inner, imports);
      if (r) return r;
    }
    return undefined;
  }

  private stmt(s: Stmt, scopes: Scope[], imports: ReadonlyMap<string, string>): { ret: Value | Tuple } | undefined {
    const ev = (e: Expr) => this.expr(e, scopes, imports);
    switch (s.k) {
      case 'define': {
        const values = this.values(s.values, s.names.length, scopes, imports);
        s.names.forEach((n, i) => n !== '_' && scopes[0].set(n, values[i]));
        return undefined;
      }
      case 'assign': {
        const values = this.values(s.values, s.targets.length, scopes, imports);
        s.targets.forEach((t, i) => this.assign(t, s.op === '=' ? values[i] : binary(s.op.slice(0, -1), ev(t), values[i]), scopes, imports));
        return undefined;
      }
      case 'expr':
        ev(s.x);
        return undefined;
      case 'return':
        return { ret: s.values.length === 1 ? this.expr(s.values[0], scopes, imports, true) : new Tuple(s.values.map(ev)) };
      case 'block':
        return this.block(s.body, scopes, imports);
      case 'if': {
        const inner: Scope[] = [new Map(), ...scopes];
        if (s.init) this.stmt(s.init, inner, imports);
        const cond = this.expr(s.cond, inner, imports);
        if (typeof cond !== 'boolean') throw new Error(`condition is not a known boolean (${describe(cond)})`);
        if (cond) return this.block(s.then, inner, imports);
        return s.else ? this.block(s.else, inner, imports) : undefined;
      }
      case 'range': {
        const x = ev(s.x);
        const pairs: [Value, Value][] =
          x instanceof GoMap ? [...x.entries] : Array.isArray(x) ? x.map((v, i) => [i, v]) : x === null ? [] : fail(`cannot range over ${describe(x)}`);
        for (const [k, v] of pairs) {
          const scope: Scope = new Map();
          if (s.key) scope.set(s.key, k);
          if (s.value) scope.set(s.value, v);
          const r = this.block(s.body, [scope, ...scopes], imports);
          if (r) return r;
        }
        return undefined;
      }
      case 'unsupported':
        throw new Error(`line ${s.line}: ${s.what} is not supported`);
    }
  }

  private values(exprs: readonly Expr[], n: number, scopes: Scope[], imports: ReadonlyMap<string, string>): Value[] {
    if (exprs.length === n) return exprs.map((e) => this.expr(e, scopes, imports));
    const v = this.expr(exprs[0], scopes, imports, true) as Value | Tuple;
    if (v instanceof Tuple) return [...v.values];
    // `v, ok := m[k]` and similar: the comma-ok forms.
    return [v, true];
  }

  private assign(target: Expr, value: Value, scopes: Scope[], imports: ReadonlyMap<string, string>): void {
    if (target.k === 'ident') {
      if (target.name === '_') return;
      const scope = scopes.find((s) => s.has(target.name));
      if (!scope) throw new Error(`assignment to ${target.name}, which is not a local variable`);
      scope.set(target.name, value);
    } else if (target.k === 'sel') {
      const x = this.expr(target.x, scopes, imports);
      if (!(x instanceof GoStruct)) throw new Error(`cannot set field ${target.name} of ${describe(x)}`);
      x.fields.set(target.name, value);
    } else if (target.k === 'index') {
      const x = this.expr(target.x, scopes, imports);
      const k = this.expr(target.index, scopes, imports);
      if (x instanceof GoMap && (typeof k === 'string' || typeof k === 'number')) x.entries.set(k, value);
      else if (Array.isArray(x) && typeof k === 'number') x[k] = value;
      else throw new Error(`cannot index-assign ${describe(x)}`);
    } else if (target.k === 'unary' && target.op === '*') {
      this.assign(target.x, value, scopes, imports);
    } else throw new Error('unsupported assignment target');
  }

  private lookup(name: string, line: number, scopes: Scope[]): Value {
    for (const s of scopes) if (s.has(name)) return s.get(name)!;
    if (this.globals.has(name)) return this.globals.get(name)!;
    const global = this.pkg.values.get(name);
    if (global) {
      const v = this.expr(global.expr, [], global.imports) as Value;
      this.globals.set(name, v);
      return v;
    }
    if (this.pkg.funcs.has(name)) return new FuncRef(name);
    if (name === 'nil') return null;
    if (name === 'true' || name === 'false') return name === 'true';
    throw new Error(`line ${line}: undefined: ${name}`);
  }

  private isImport(name: string, scopes: Scope[], imports: ReadonlyMap<string, string>): boolean {
    return imports.has(name) && !scopes.some((s) => s.has(name));
  }

  expr(e: Expr, scopes: Scope[], imports: ReadonlyMap<string, string>, keepTuple = false): Value {
    const ev = (x: Expr) => this.expr(x, scopes, imports);
    switch (e.k) {
      case 'lit':
        return e.value;
      case 'ident':
        return this.lookup(e.name, e.line, scopes);
      case 'sel': {
        if (e.x.k === 'ident' && this.isImport(e.x.name, scopes, imports)) {
          const path = imports.get(e.x.name)!;
          const key = `${path}.${e.name}`;
          return this.constants.has(key) ? this.constants.get(key)! : new External(path, e.name);
        }
        const x = ev(e.x);
        if (x instanceof GoStruct) return x.fields.has(e.name) ? x.fields.get(e.name)! : null;
        if (x instanceof Opaque || x instanceof Poison) return x;
        throw new Error(`cannot select ${e.name} of ${describe(x)}`);
      }
      case 'index': {
        const x = ev(e.x);
        const k = ev(e.index);
        if (x instanceof GoMap && (typeof k === 'string' || typeof k === 'number')) return x.entries.get(k) ?? null;
        if (Array.isArray(x) && typeof k === 'number') return x[k] ?? fail('index out of range');
        throw new Error(`cannot index ${describe(x)}`);
      }
      case 'unary': {
        const x = ev(e.x);
        if (e.op === '&' || e.op === '*' || e.op === '+') return x;
        if (e.op === '!') return typeof x === 'boolean' ? !x : new Opaque(`!${describe(x)}`);
        if (e.op === '-') return typeof x === 'number' ? -x : new Opaque(`-${describe(x)}`);
        return new Opaque(`${e.op}${describe(x)}`);
      }
      case 'binary': {
        const x = ev(e.x);
        // Short-circuit as Go does: the right side may not be computable.
        if (e.op === '&&' && x === false) return false;
        if (e.op === '||' && x === true) return true;
        return binary(e.op, x, ev(e.y));
      }
      case 'composite':
        return this.composite(e.type, e.elts, scopes, imports);
      case 'type':
        return new Opaque('type');
      case 'opaque':
        return new Opaque(e.what);
      case 'call': {
        const r = this.callExpr(e.fn, e.args, scopes, imports);
        return r instanceof Tuple ? (keepTuple ? (r as unknown as Value) : r.values[0]) : r;
      }
    }
  }

  private callExpr(fn: Expr, args: readonly Expr[], scopes: Scope[], imports: ReadonlyMap<string, string>): Value | Tuple {
    const ev = (x: Expr) => this.safe(() => this.expr(x, scopes, imports));
    if (fn.k === 'sel' && fn.x.k === 'ident' && this.isImport(fn.x.name, scopes, imports)) {
      return new FuncRef(`${imports.get(fn.x.name)}.${fn.name}`, args.map(ev));
    }
    if (fn.k === 'sel') return new Opaque(`method ${fn.name}`);
    if (fn.k !== 'ident') return new Opaque('call');
    const local = scopes.some((s) => s.has(fn.name));
    if (!local) {
      if (CONVERSIONS.has(fn.name)) return this.expr(args[0], scopes, imports);
      switch (fn.name) {
        case 'len': {
          const x = this.expr(args[0], scopes, imports);
          return x instanceof GoMap ? x.entries.size : Array.isArray(x) || typeof x === 'string' ? x.length : x === null ? 0 : new Opaque('len');
        }
        case 'append': {
          const base = this.expr(args[0], scopes, imports);
          return [...(Array.isArray(base) ? base : []), ...args.slice(1).map(ev)];
        }
        case 'delete': {
          const m = this.expr(args[0], scopes, imports);
          const k = this.expr(args[1], scopes, imports);
          if (m instanceof GoMap && (typeof k === 'string' || typeof k === 'number')) m.entries.delete(k);
          return null;
        }
        case 'make':
          return args[0].k === 'type' && args[0].type.k === 'map' ? new GoMap(args[0].type.value, new Map()) : [];
        case 'new':
          return new GoStruct(typeName(args[0].k === 'type' ? args[0].type : undefined, args[0]), new Map());
      }
      if (this.pkg.funcs.has(fn.name)) {
        if (this.keepCalls(fn.name)) return new FuncRef(fn.name, args.map(ev));
        return this.call(
          fn.name,
          args.map((a) => this.expr(a, scopes, imports)),
        );
      }
    }
    return new Opaque(`call of ${fn.name}`);
  }

  private safe(f: () => Value): Value {
    try {
      return f();
    } catch (err) {
      return new Poison((err as Error).message);
    }
  }

  private composite(type: TypeExpr | undefined, elts: readonly { key?: Expr; value: Expr }[], scopes: Scope[], imports: ReadonlyMap<string, string>): Value {
    const t = type?.k === 'ptr' ? type.elem : type;
    const valueOf = (value: Expr, elemType: TypeExpr | undefined): Value =>
      this.safe(() => (value.k === 'composite' && !value.type ? this.composite(elemType, value.elts, scopes, imports) : this.expr(value, scopes, imports)));
    if (t?.k === 'map') {
      const m = new GoMap(t.value, new Map());
      for (const el of elts) {
        const k = this.expr(el.key!, scopes, imports);
        if (typeof k !== 'string' && typeof k !== 'number') throw new Error(`map key is not a constant (${describe(k)})`);
        m.entries.set(k, valueOf(el.value, t.value));
      }
      return m;
    }
    if (t?.k === 'slice') return elts.map((el) => valueOf(el.value, t.elem));
    if (t?.k === 'tname') {
      const name = t.pkg ? `${imports.get(t.pkg) ?? t.pkg}.${t.name}` : t.name;
      const fields = new Map<string, Value>();
      elts.forEach((el, i) => {
        const field = el.key?.k === 'ident' ? el.key.name : `#${i}`;
        fields.set(field, valueOf(el.value, undefined));
      });
      return new GoStruct(name, fields);
    }
    throw new Error('composite literal of an unknown type');
  }
}

function typeName(t: TypeExpr | undefined, e: Expr): string {
  if (t?.k === 'tname') return t.name;
  if (e.k === 'sel') return e.name;
  return e.k === 'ident' ? e.name : '?';
}

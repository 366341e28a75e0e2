// Parses Go types and expressions, including composite literals (the values schemas are built from).
import { Element, Expr, TypeExpr } from './go-ast';
import { TokenReader } from './go-reader';

const PRECEDENCE: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 3,
  '<=': 3,
  '>': 3,
  '>=': 3,
  '+': 4,
  '-': 4,
  '|': 4,
  '^': 4,
  '*': 5,
  '/': 5,
  '%': 5,
  '<<': 5,
  '>>': 5,
  '&': 5,
  '&^': 5,
};

export class ExpressionParser extends TokenReader {
  /** Inside `if`/`for` headers a `{` opens the block, not a composite literal (Go spec). */
  protected noLiteral = false;

  // ---- types ----

  parseType(): TypeExpr {
    if (this.is('*')) return this.next() && { k: 'ptr', elem: this.parseType() };
    if (this.is('(')) {
      this.next();
      const t = this.parseType();
      this.expect(')');
      return t;
    }
    if (this.is('[')) {
      this.next();
      if (!this.is(']')) while (!this.is(']')) this.next(); // array length: treated as a slice
      this.expect(']');
      return { k: 'slice', elem: this.parseType() };
    }
    if (this.is('map')) {
      this.next();
      this.expect('[');
      const key = this.parseType();
      this.expect(']');
      return { k: 'map', key, value: this.parseType() };
    }
    if (this.is('interface') || this.is('struct')) {
      const text = this.next().text;
      this.skipBalanced();
      return { k: 'other', text };
    }
    if (this.is('func')) {
      this.next();
      this.skipBalanced();
      if (this.is('(')) this.skipBalanced();
      else if (this.startsType()) this.parseType();
      return { k: 'other', text: 'func' };
    }
    if (this.is('chan')) {
      this.next();
      this.parseType();
      return { k: 'other', text: 'chan' };
    }
    const name = this.ident();
    if (this.is('.')) {
      this.next();
      return { k: 'tname', pkg: name, name: this.ident() };
    }
    return { k: 'tname', name };
  }

  protected startsType(): boolean {
    return this.peek().kind === 'ident' || ['*', '[', 'map', 'func', 'interface', 'struct', 'chan', '('].some((t) => this.is(t));
  }

  // ---- expressions ----

  parseExpr(minPrec = 1): Expr {
    let x = this.parseUnary();
    for (;;) {
      const t = this.peek();
      const prec = t.kind === 'op' ? PRECEDENCE[t.text] : undefined;
      if (prec === undefined || prec < minPrec) return x;
      this.next();
      x = { k: 'binary', op: t.text, x, y: this.parseExpr(prec + 1) };
    }
  }

  protected parseUnary(): Expr {
    const t = this.peek();
    if (t.kind === 'op' && ['+', '-', '!', '^', '*', '&', '<-'].includes(t.text)) {
      this.next();
      return { k: 'unary', op: t.text, x: this.parseUnary() };
    }
    return this.parsePrimary();
  }

  protected parseOperand(): Expr {
    const t = this.peek();
    if (t.kind === 'ident') return this.next() && { k: 'ident', name: t.text, line: t.line };
    if (t.kind === 'int' || t.kind === 'float' || t.kind === 'rune' || t.kind === 'string') return this.next() && { k: 'lit', value: t.value! };
    if (this.is('(')) {
      this.next();
      const saved = this.noLiteral;
      this.noLiteral = false;
      const x = this.parseExpr();
      this.noLiteral = saved;
      this.expect(')');
      return x;
    }
    if (this.is('func')) {
      this.next();
      this.skipBalanced();
      if (this.is('(')) this.skipBalanced();
      else if (!this.is('{') && this.startsType()) this.parseType();
      if (this.is('{')) this.skipBalanced();
      return { k: 'opaque', what: 'func literal' };
    }
    if (['[', 'map', 'struct', 'interface', 'chan'].some((s) => this.is(s))) {
      const type = this.parseType();
      return this.is('{') ? this.parseLiteral(type) : { k: 'type', type };
    }
    return this.fail('expected an expression');
  }

  protected parsePrimary(): Expr {
    let x = this.parseOperand();
    for (;;) {
      if (this.is('.')) {
        this.next();
        // A type assertion yields its operand: Go's types do not matter to the values computed here.
        if (this.is('(')) this.skipBalanced();
        else x = { k: 'sel', x, name: this.ident() };
      } else if (this.is('[')) {
        const start = this.pos;
        this.skipBalanced();
        const inner = this.tokens.slice(start + 1, this.pos - 1);
        if (inner.some((t) => t.kind === 'op' && t.text === ':')) x = { k: 'opaque', what: 'slice expression' };
        else {
          const end = this.pos;
          this.pos = start + 1;
          x = { k: 'index', x, index: this.parseExpr() };
          this.pos = end;
        }
      } else if (this.is('(')) {
        x = { k: 'call', fn: x, args: this.parseArguments() };
      } else if (this.is('{') && !this.noLiteral && (x.k === 'ident' || (x.k === 'sel' && x.x.k === 'ident'))) {
        const type: TypeExpr = x.k === 'ident' ? { k: 'tname', name: x.name } : { k: 'tname', pkg: (x.x as { name: string }).name, name: x.name };
        x = this.parseLiteral(type);
      } else return x;
    }
  }

  protected parseArguments(): Expr[] {
    this.expect('(');
    const saved = this.noLiteral;
    this.noLiteral = false;
    const args: Expr[] = [];
    while (!this.is(')')) {
      args.push(this.startsTypeOnly() ? { k: 'type', type: this.parseType() } : this.parseExpr());
      if (this.is('...')) this.next();
      if (!this.is(')')) this.expect(',');
    }
    this.next();
    this.noLiteral = saved;
    return args;
  }

  /** `make(map[string]int)`, `new(T)`: an argument that is a type with no literal after it. */
  protected startsTypeOnly(): boolean {
    return (this.is('[') || this.is('map') || this.is('*')) && !this.isLiteralAhead();
  }
  protected isLiteralAhead(): boolean {
    if (this.is('*')) return false;
    const save = this.pos;
    try {
      this.parseType();
      return this.is('{');
    } catch {
      return false;
    } finally {
      this.pos = save;
    }
  }

  protected parseLiteral(type: TypeExpr | undefined): Expr {
    this.expect('{');
    const saved = this.noLiteral;
    this.noLiteral = false;
    const elts: Element[] = [];
    const item = (): Expr => (this.is('{') ? this.parseLiteral(undefined) : this.parseExpr());
    while (!this.is('}')) {
      const first = item();
      if (this.is(':')) {
        this.next();
        elts.push({ key: first, value: item() });
      } else elts.push({ value: first });
      if (!this.is('}')) this.expect(',');
    }
    this.next();
    this.noLiteral = saved;
    return { k: 'composite', type, elts };
  }

  protected parseExprList(): Expr[] {
    const list = [this.parseExpr()];
    while (this.is(',')) {
      this.next();
      list.push(this.parseExpr());
    }
    return list;
  }
}

// Parses the Go subset that builds provider schemas: declarations, composite literals, assignments, if and range.
import { Element, Expr, FuncDecl, GoPackage, Stmt, TypeExpr } from './go-ast';
import { Token, tokenize } from './go-lexer';

const PRECEDENCE: Record<string, number> = {
  '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 3, '<=': 3, '>': 3, '>=': 3,
  '+': 4, '-': 4, '|': 4, '^': 4, '*': 5, '/': 5, '%': 5, '<<': 5, '>>': 5, '&': 5, '&^': 5,
};
const ASSIGN_OPS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<=', '>>=', '&^=']);

export class Parser {
  private pos: number;
  /** Inside `if`/`for` headers a `{` opens the block, not a composite literal (Go spec). */
  private noLiteral = false;

  constructor(private readonly tokens: readonly Token[], private readonly file: string, start = 0) {
    this.pos = start;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)];
  }
  private is(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return (t.kind === 'op' || t.kind === 'keyword') && t.text === text;
  }
  private next(): Token {
    return this.tokens[this.pos++];
  }
  private fail(message: string): never {
    throw new Error(`${this.file}:${this.peek().line}: ${message} (at ${JSON.stringify(this.peek().text)})`);
  }
  private expect(text: string): Token {
    if (!this.is(text)) this.fail(`expected ${text}`);
    return this.next();
  }
  private ident(): string {
    if (this.peek().kind !== 'ident') this.fail('expected an identifier');
    return this.next().text;
  }
  private optionalSemicolon(): void {
    if (this.is(';')) this.next();
  }

  /** Skips a bracketed group starting at the current opening token. */
  skipBalanced(): void {
    const open = this.next().text;
    const close = ({ '(': ')', '[': ']', '{': '}' } as Record<string, string>)[open];
    let depth = 1;
    while (depth > 0) {
      const t = this.next();
      if (t.kind === 'eof') this.fail(`unbalanced ${open}`);
      if (t.kind === 'op' && t.text === open) depth++;
      else if (t.kind === 'op' && t.text === close) depth--;
    }
  }

  /** Skips to the end of the current statement or declaration (a `;` outside brackets). */
  private skipStatement(): void {
    while (!this.is(';') && !this.is('}') && this.peek().kind !== 'eof') {
      if (this.is('(') || this.is('[') || this.is('{')) this.skipBalanced();
      else this.next();
    }
  }

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

  private startsType(): boolean {
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

  private parseUnary(): Expr {
    const t = this.peek();
    if (t.kind === 'op' && ['+', '-', '!', '^', '*', '&', '<-'].includes(t.text)) {
      this.next();
      return { k: 'unary', op: t.text, x: this.parseUnary() };
    }
    return this.parsePrimary();
  }

  private parseOperand(): Expr {
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

  private parsePrimary(): Expr {
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
        else x = { k: 'index', x, index: new Parser(this.tokens, this.file, start + 1).parseExpr() };
      } else if (this.is('(')) {
        x = { k: 'call', fn: x, args: this.parseArguments() };
      } else if (this.is('{') && !this.noLiteral && (x.k === 'ident' || (x.k === 'sel' && x.x.k === 'ident'))) {
        const type: TypeExpr = x.k === 'ident' ? { k: 'tname', name: x.name } : { k: 'tname', pkg: (x.x as { name: string }).name, name: x.name };
        x = this.parseLiteral(type);
      } else return x;
    }
  }

  private parseArguments(): Expr[] {
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
  private startsTypeOnly(): boolean {
    return (this.is('[') || this.is('map') || this.is('*')) && !this.isLiteralAhead();
  }
  private isLiteralAhead(): boolean {
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

  private parseLiteral(type: TypeExpr | undefined): Expr {
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

  private parseExprList(): Expr[] {
    const list = [this.parseExpr()];
    while (this.is(',')) {
      this.next();
      list.push(this.parseExpr());
    }
    return list;
  }

  // ---- statements ----

  parseBlock(): Stmt[] {
    this.expect('{');
    const body: Stmt[] = [];
    while (!this.is('}')) {
      if (this.is(';')) {
        this.next();
        continue;
      }
      body.push(this.parseStmt());
      if (!this.is('}')) this.expect(';');
    }
    this.next();
    return body;
  }

  private unsupported(what: string): Stmt {
    const line = this.peek().line;
    if (this.is('switch') || this.is('select') || this.is('for')) {
      while (!this.is('{')) (this.is('(') || this.is('[') ? this.skipBalanced() : this.next());
      this.skipBalanced();
    } else this.skipStatement();
    return { k: 'unsupported', what, line };
  }

  private parseStmt(): Stmt {
    const t = this.peek();
    if (this.is('{')) return { k: 'block', body: this.parseBlock() };
    if (t.kind === 'keyword') {
      switch (t.text) {
        case 'return':
          this.next();
          return { k: 'return', values: this.is(';') || this.is('}') ? [] : this.parseExprList() };
        case 'if':
          return this.parseIf();
        case 'for':
          return this.parseFor();
        case 'var':
        case 'const':
          return this.parseVar();
        case 'type':
          this.skipStatement();
          return { k: 'block', body: [] };
        default:
          return this.unsupported(t.text);
      }
    }
    if (t.kind === 'ident' && this.is(':', 1)) return this.unsupported('label');
    return this.parseSimpleStmt();
  }

  private parseSimpleStmt(): Stmt {
    const lhs = this.parseExprList();
    if (this.is(':=')) {
      this.next();
      return { k: 'define', names: lhs.map((e) => (e.k === 'ident' ? e.name : this.fail('bad := target'))), values: this.parseExprList() };
    }
    const op = this.peek().text;
    if (this.peek().kind === 'op' && ASSIGN_OPS.has(op)) {
      this.next();
      return { k: 'assign', op, targets: lhs, values: this.parseExprList() };
    }
    if (this.is('++') || this.is('--')) {
      const inc = this.next().text;
      return { k: 'assign', op: inc === '++' ? '+=' : '-=', targets: lhs, values: [{ k: 'lit', value: 1 }] };
    }
    return { k: 'expr', x: lhs[0] };
  }

  private parseVar(): Stmt {
    this.next();
    if (this.is('(')) return this.unsupported('grouped var');
    const names = [this.ident()];
    while (this.is(',')) {
      this.next();
      names.push(this.ident());
    }
    const type = this.is('=') ? undefined : this.parseType();
    if (this.is('=')) {
      this.next();
      return { k: 'define', names, values: this.parseExprList() };
    }
    // A declaration without a value: the zero value (nil for maps and slices, which is all we meet).
    const zero: Expr = type?.k === 'tname' && type.name === 'bool' ? { k: 'ident', name: 'false', line: 0 } : { k: 'ident', name: 'nil', line: 0 };
    return { k: 'define', names, values: names.map(() => zero) };
  }

  private parseIf(): Stmt {
    this.expect('if');
    this.noLiteral = true;
    let init: Stmt | undefined;
    let s = this.parseSimpleStmt();
    if (this.is(';')) {
      this.next();
      init = s;
      s = this.parseSimpleStmt();
    }
    this.noLiteral = false;
    if (s.k !== 'expr') this.fail('expected a condition');
    const then = this.parseBlock();
    if (!this.is('else')) return { k: 'if', init, cond: s.x, then };
    this.next();
    return { k: 'if', init, cond: s.x, then, else: this.is('if') ? [this.parseIf()] : this.parseBlock() };
  }

  private parseFor(): Stmt {
    const start = this.pos;
    this.expect('for');
    this.noLiteral = true;
    try {
      if (this.is('range')) {
        this.next();
        const x = this.parseExpr();
        this.noLiteral = false;
        return { k: 'range', x, body: this.parseBlock() };
      }
      if (!this.is('{')) {
        const vars = this.parseExprList();
        if ((this.is(':=') || this.is('=')) && this.is('range', 1)) {
          this.next();
          this.next();
          const x = this.parseExpr();
          this.noLiteral = false;
          const name = (e: Expr | undefined) => (e?.k === 'ident' && e.name !== '_' ? e.name : undefined);
          return { k: 'range', key: name(vars[0]), value: name(vars[1]), x, body: this.parseBlock() };
        }
      }
    } catch {
      // Three-clause loops do not parse as a range header; they are skipped below.
    }
    this.noLiteral = false;
    this.pos = start;
    return this.unsupported('for loop');
  }

  // ---- declarations ----

  /** Reads a file's imports, functions and package-level values into `pkg`. */
  parseFile(pkg: GoPackage): void {
    this.expect('package');
    this.ident();
    this.optionalSemicolon();
    const imports = new Map<string, string>();
    while (this.is('import')) {
      this.next();
      const spec = () => {
        const alias = this.peek().kind === 'ident' || this.is('.') ? this.next().text : undefined;
        const p = String(this.next().value);
        imports.set(alias ?? p.split('/').pop()!, p);
        this.optionalSemicolon();
      };
      if (this.is('(')) {
        this.next();
        while (!this.is(')')) spec();
        this.next();
        this.optionalSemicolon();
      } else spec();
    }
    while (this.peek().kind !== 'eof') {
      if (this.is('func')) this.parseFunc(pkg, imports);
      else if (this.is('var') || this.is('const')) this.parseValues(pkg, imports);
      else this.skipStatement();
      this.optionalSemicolon();
    }
  }

  private parseFunc(pkg: GoPackage, imports: ReadonlyMap<string, string>): void {
    this.expect('func');
    const method = this.is('(');
    if (method) this.skipBalanced();
    const name = this.ident();
    if (this.is('[')) this.skipBalanced();
    const params = this.parseParamNames();
    while (!this.is('{') && !this.is(';')) {
      if (this.is('interface') || this.is('struct')) {
        this.next();
        this.skipBalanced();
      } else if (this.is('(')) this.skipBalanced();
      else this.next();
    }
    if (this.is(';')) return;
    const bodyStart = this.pos;
    this.skipBalanced();
    if (!method) pkg.funcs.set(name, { name, file: this.file, params, bodyStart, tokens: this.tokens, imports });
  }

  private parseParamNames(): string[] {
    const start = this.pos;
    this.skipBalanced();
    const groups: Token[][] = [[]];
    let depth = 0;
    for (const t of this.tokens.slice(start + 1, this.pos - 1)) {
      if (t.kind === 'op' && ['(', '[', '{'].includes(t.text)) depth++;
      if (t.kind === 'op' && [')', ']', '}'].includes(t.text)) depth--;
      if (depth === 0 && t.kind === 'op' && t.text === ',') groups.push([]);
      else groups[groups.length - 1].push(t);
    }
    const named = groups.some((g) => g.length > 1 && g[0].kind === 'ident' && g[1].text !== '.');
    return named ? groups.filter((g) => g.length > 0).map((g) => g[0].text) : [];
  }

  private parseValues(pkg: GoPackage, imports: ReadonlyMap<string, string>): void {
    this.next();
    const spec = () => {
      try {
        const names = [this.ident()];
        while (this.is(',')) {
          this.next();
          names.push(this.ident());
        }
        if (!this.is('=') && !this.is(';')) this.parseType();
        if (this.is('=')) {
          this.next();
          this.parseExprList().forEach((expr, i) => pkg.values.set(names[i], { expr, imports }));
        }
      } catch {
        this.skipStatement(); // iota blocks and other forms we do not evaluate
      }
      this.optionalSemicolon();
    };
    if (!this.is('(')) return spec();
    this.next();
    while (!this.is(')')) spec();
    this.next();
  }
}

/** Parses Go files (name → source) of one package. */
export function parsePackage(files: ReadonlyMap<string, string>): GoPackage {
  const pkg: GoPackage = { funcs: new Map(), values: new Map() };
  for (const [file, src] of files) new Parser(tokenize(src, file), file).parseFile(pkg);
  return pkg;
}

/** The statements of a function's body (parsed on demand). */
export function functionBody(f: FuncDecl): Stmt[] {
  return new Parser(f.tokens, f.file, f.bodyStart).parseBlock();
}

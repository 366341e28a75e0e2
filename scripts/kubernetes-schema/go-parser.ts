// Parses Go statements: blocks, assignments, `if`, `for … range`; other statements are kept as unsupported.
import { Expr, FuncDecl, Stmt } from './go-ast';
import { ExpressionParser } from './go-expressions';

const ASSIGN_OPS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<=', '>>=', '&^=']);

export class Parser extends ExpressionParser {
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

  protected unsupported(what: string): Stmt {
    const line = this.peek().line;
    if (this.is('switch') || this.is('select') || this.is('for')) {
      while (!this.is('{')) this.is('(') || this.is('[') ? this.skipBalanced() : this.next();
      this.skipBalanced();
    } else this.skipStatement();
    return { k: 'unsupported', what, line };
  }

  protected parseStmt(): Stmt {
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

  protected parseSimpleStmt(): Stmt {
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

  protected parseVar(): Stmt {
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

  protected parseIf(): Stmt {
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

  protected parseFor(): Stmt {
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
}

/** The statements of a function's body (parsed on demand). */
export function functionBody(f: FuncDecl): Stmt[] {
  return new Parser(f.tokens, f.file, f.bodyStart).parseBlock();
}

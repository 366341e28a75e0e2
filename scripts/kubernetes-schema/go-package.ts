// Reads a Go package's declarations: imports, functions (bodies kept as token ranges) and package-level values.
import { GoPackage } from './go-ast';
import { Token, tokenize } from './go-lexer';
import { Parser } from './go-parser';

class DeclarationParser extends Parser {
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

  protected parseFunc(pkg: GoPackage, imports: ReadonlyMap<string, string>): void {
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

  protected parseParamNames(): string[] {
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

  protected parseValues(pkg: GoPackage, imports: ReadonlyMap<string, string>): void {
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
  for (const [file, src] of files) new DeclarationParser(tokenize(src, file), file).parseFile(pkg);
  return pkg;
}

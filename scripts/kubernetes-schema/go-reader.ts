// Reads a token stream: lookahead, expectations and skipping of bracketed groups, shared by the Go parsers.
import { Token } from './go-lexer';

export class TokenReader {
  protected pos: number;

  constructor(
    protected readonly tokens: readonly Token[],
    protected readonly file: string,
    start = 0,
  ) {
    this.pos = start;
  }

  protected peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)];
  }
  protected is(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return (t.kind === 'op' || t.kind === 'keyword') && t.text === text;
  }
  protected next(): Token {
    return this.tokens[this.pos++];
  }
  protected fail(message: string): never {
    throw new Error(`${this.file}:${this.peek().line}: ${message} (at ${JSON.stringify(this.peek().text)})`);
  }
  protected expect(text: string): Token {
    if (!this.is(text)) this.fail(`expected ${text}`);
    return this.next();
  }
  protected ident(): string {
    if (this.peek().kind !== 'ident') this.fail('expected an identifier');
    return this.next().text;
  }
  protected optionalSemicolon(): void {
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
  protected skipStatement(): void {
    while (!this.is(';') && !this.is('}') && this.peek().kind !== 'eof') {
      if (this.is('(') || this.is('[') || this.is('{')) this.skipBalanced();
      else this.next();
    }
  }
}

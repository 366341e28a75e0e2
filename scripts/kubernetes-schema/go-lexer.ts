// Splits Go source into tokens, inserting semicolons where the Go specification says a line ends a statement.

export type TokenKind = 'ident' | 'keyword' | 'int' | 'float' | 'string' | 'rune' | 'op' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** The decoded value of string, rune and number literals. */
  readonly value?: string | number;
  readonly line: number;
}

const KEYWORDS = new Set([
  'break',
  'case',
  'chan',
  'const',
  'continue',
  'default',
  'defer',
  'else',
  'fallthrough',
  'for',
  'func',
  'go',
  'goto',
  'if',
  'import',
  'interface',
  'map',
  'package',
  'range',
  'return',
  'select',
  'struct',
  'switch',
  'type',
  'var',
]);

// Longest first, so that `<<=` wins over `<<` and `<`.
const OPERATORS = [
  '<<=',
  '>>=',
  '&^=',
  '...',
  '&&',
  '||',
  '<-',
  '++',
  '--',
  '==',
  '!=',
  '<=',
  '>=',
  ':=',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '<<',
  '>>',
  '&^',
  '+',
  '-',
  '*',
  '/',
  '%',
  '&',
  '|',
  '^',
  '<',
  '>',
  '=',
  '!',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  ';',
  '.',
  ':',
  '~',
];

/** A line ending after one of these ends the statement (Go spec, "Semicolons"). */
function endsStatement(t: Token | undefined): boolean {
  if (!t) return false;
  if (t.kind === 'ident' || t.kind === 'int' || t.kind === 'float' || t.kind === 'string' || t.kind === 'rune') return true;
  if (t.kind === 'keyword') return ['break', 'continue', 'fallthrough', 'return'].includes(t.text);
  return t.kind === 'op' && ['++', '--', ')', ']', '}'].includes(t.text);
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", a: '\x07', b: '\b', f: '\f', v: '\v' };

/** Decodes the body of an interpreted string or rune literal. */
function unescape(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (_, e: string) => {
    if (/^[xuU]/.test(e)) return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]{3}$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return ESCAPES[e] ?? e;
  });
}

function parseNumber(text: string): number {
  const t = text.replace(/_/g, '');
  if (/^0[xX]/.test(t)) return parseInt(t.slice(2), 16);
  if (/^0[bB]/.test(t)) return parseInt(t.slice(2), 2);
  if (/^0[oO]/.test(t)) return parseInt(t.slice(2), 8);
  if (/^0[0-7]+$/.test(t)) return parseInt(t.slice(1), 8);
  return Number(t);
}

export function tokenize(src: string, file = '<source>'): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  const push = (kind: TokenKind, text: string, value?: string | number) => out.push({ kind, text, value, line });
  const newline = () => {
    if (endsStatement(out[out.length - 1])) push('op', ';');
    line++;
  };
  while (i < src.length) {
    const c = src[i];
    if (c === '\n') {
      newline();
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (src.startsWith('//', i)) {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (src.startsWith('/*', i)) {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) throw new Error(`${file}:${line}: unterminated comment`);
      const body = src.slice(i, end + 2);
      // A comment spanning lines acts like a newline.
      if (body.includes('\n')) {
        newline();
        line += body.split('\n').length - 2;
      }
      i = end + 2;
    } else if (/[A-Za-z_]/.test(c) || c.charCodeAt(0) > 127) {
      let j = i + 1;
      while (j < src.length && (/[A-Za-z0-9_]/.test(src[j]) || src.charCodeAt(j) > 127)) j++;
      const word = src.slice(i, j);
      push(KEYWORDS.has(word) ? 'keyword' : 'ident', word);
      i = j;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|[0-9_]*\.?[0-9_]*([eE][+-]?[0-9_]+)?)i?/.exec(src.slice(i))!;
      const text = m[0];
      push(/[.eE]/.test(text) && !/^0[xX]/.test(text) ? 'float' : 'int', text, parseNumber(text));
      i += text.length;
    } else if (c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      push('string', src.slice(i, j + 1), unescape(src.slice(i + 1, j)));
      i = j + 1;
    } else if (c === '`') {
      const j = src.indexOf('`', i + 1);
      const body = src.slice(i + 1, j);
      push('string', src.slice(i, j + 1), body.replace(/\r/g, ''));
      line += body.split('\n').length - 1;
      i = j + 1;
    } else if (c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== "'") j += src[j] === '\\' ? 2 : 1;
      push('rune', src.slice(i, j + 1), unescape(src.slice(i + 1, j)).codePointAt(0));
      i = j + 1;
    } else {
      const op = OPERATORS.find((o) => src.startsWith(o, i));
      if (!op) throw new Error(`${file}:${line}: unexpected character ${JSON.stringify(c)}`);
      push('op', op);
      i += op.length;
    }
  }
  if (endsStatement(out[out.length - 1])) push('op', ';');
  push('eof', '');
  return out;
}

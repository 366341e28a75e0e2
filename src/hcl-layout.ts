// Lays out HCL the way `terraform fmt` does, for the HCL this project renders (src/hcl.ts):
// two-space indentation by bracket depth and `=` aligned across consecutive one-line attributes.
// Tests hold the result byte-identical to Terraform's own formatter on every catalog file; it
// replaces a WebAssembly formatter that cost ~50 ms a file.

interface Scan {
  /** Net change of bracket depth over the line. */
  readonly net: number;
  /** Whether the line starts with a closing bracket. */
  readonly closesFirst: boolean;
  /** Column of the first top-level `=` of the line, or -1. */
  readonly equals: number;
  /** Net bracket change after that `=` (0 for a one-line value). */
  readonly netAfterEquals: number;
  /** Heredoc marker opened at the end of the line, if any. */
  readonly heredoc?: string;
}

const OPEN = new Set(['{', '[', '(']);
const CLOSE = new Set(['}', ']', ')']);

/** Scans one line of HCL outside heredocs: brackets outside strings, the first assignment. */
function scanLine(line: string): Scan {
  // Stack of contexts: 'code' (brackets count), 'string' (inside "..."), 'interp' (inside ${...} of a string).
  const stack: ('code' | 'string' | 'interp')[] = ['code'];
  let net = 0;
  let depthInLine = 0;
  let equals = -1;
  let netAtEquals = 0;
  let closesFirst = false;
  let seenToken = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    const top = stack[stack.length - 1];
    if (top === 'string') {
      if (c === '\\') i++;
      else if ((c === '$' || c === '%') && line[i + 1] === '{') {
        stack.push('interp');
        i++;
      } else if (c === '"') stack.pop();
      continue;
    }
    if (c === ' ' || c === '\t') continue;
    if (c === '"') {
      stack.push('string');
      seenToken = true;
      continue;
    }
    if (top === 'interp') {
      if (c === '{') stack.push('code');
      else if (c === '}') stack.pop();
      continue;
    }
    if (c === '#' || (c === '/' && line[i + 1] === '/')) break;
    if (OPEN.has(c)) {
      net++;
      depthInLine++;
    } else if (CLOSE.has(c)) {
      if (!seenToken) closesFirst = true;
      net--;
      depthInLine--;
    } else if (c === '=' && equals < 0 && depthInLine === 0 && seenToken) {
      const prev = line[i - 1];
      const next = line[i + 1];
      if (next !== '=' && next !== '>' && prev !== '=' && prev !== '!' && prev !== '<' && prev !== '>') {
        equals = i;
        netAtEquals = net;
      }
    } else if (c === '<' && line.startsWith('<<', i)) {
      const m = /^<<-?([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(line.slice(i));
      if (m) return { net, closesFirst, equals, netAfterEquals: net - netAtEquals, heredoc: m[1] };
    }
    seenToken = true;
  }
  return { net, closesFirst, equals, netAfterEquals: net - netAtEquals };
}

/**
 * Spaces inside one-line object braces, as the formatter writes them: `{ a = 1 }`, not `{a = 1}`.
 * Template interpolations (`${...}`) in strings keep their braces as they are.
 */
function spaceInlineBraces(line: string): string {
  const stack: ('code' | 'string' | 'interp' | 'object')[] = ['code'];
  let out = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    const top = stack[stack.length - 1];
    if (top === 'string') {
      out += c;
      if (c === '\\') out += line[++i] ?? '';
      else if ((c === '$' || c === '%') && line[i + 1] === '{') {
        out += '{';
        i++;
        stack.push('interp');
      } else if (c === '"') stack.pop();
      continue;
    }
    if (c === '"') {
      stack.push('string');
      out += c;
    } else if (c === '{') {
      stack.push('object');
      out += c;
      if (line[i + 1] !== undefined && line[i + 1] !== ' ' && line[i + 1] !== '}') out += ' ';
    } else if (c === '}') {
      const closing = stack.pop();
      if (closing === 'object' && out.length > 0 && !out.endsWith(' ') && !out.endsWith('{')) out += ' ';
      out += c;
    } else out += c;
  }
  return out;
}

/** Indents and aligns `hcl` (lines without leading indentation are fine); ends with one newline. */
export function layoutHcl(hcl: string): string {
  const input = hcl.split('\n');
  const out: string[] = [];
  // Alignment chains: indexes into `out` of consecutive one-line attributes, with their `=` column.
  let chain: { index: number; lead: string; rest: string }[] = [];
  const closeChain = () => {
    const width = Math.max(0, ...chain.map((c) => c.lead.length));
    for (const c of chain) out[c.index] = `${c.lead.padEnd(width)} ${c.rest}`;
    chain = [];
  };
  let depth = 0;
  for (let i = 0; i < input.length; i++) {
    const raw = spaceInlineBraces(input[i].trim());
    if (raw === '') {
      closeChain();
      out.push('');
      continue;
    }
    const scan = scanLine(raw);
    const indent = '  '.repeat(Math.max(0, depth - (scan.closesFirst ? 1 : 0)));
    const line = indent + raw;
    if (scan.equals >= 0 && scan.netAfterEquals === 0) {
      chain.push({ index: out.length, lead: indent + raw.slice(0, scan.equals).trimEnd(), rest: raw.slice(scan.equals) });
      out.push(line);
    } else {
      closeChain();
      out.push(line);
    }
    depth += scan.net;
    if (scan.heredoc !== undefined) {
      // A heredoc is one token to the formatter: its body, kept verbatim up to and including the
      // closing marker, neither indents nor breaks the alignment chain around it.
      for (i++; i < input.length; i++) {
        out.push(input[i]);
        if (input[i].trim() === scan.heredoc) break;
      }
    }
  }
  closeChain();
  return `${out.join('\n').trimEnd()}\n`;
}

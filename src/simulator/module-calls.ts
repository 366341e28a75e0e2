// Finds the top-level `module` blocks of an HCL file and their literal `source` and `version`, skipping strings, heredocs and comments.

/** A module call found in HCL text. */
export interface HclModuleCall {
  readonly name: string;
  readonly source: string;
  readonly version?: string;
}

/** Index just past a quoted string starting at `i` (on its `"`), template sequences included. */
function skipString(s: string, i: number): number {
  for (let j = i + 1; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if ((s[j] === '$' || s[j] === '%') && s[j + 1] === '{') j = skipBraces(s, j + 1) - 1;
    else if (s[j] === '"') return j + 1;
  }
  return s.length;
}

/** Index just past the `}` matching the `{` at `i`, strings and heredocs inside skipped. */
function skipBraces(s: string, i: number): number {
  let depth = 0;
  for (let j = i; j < s.length;) {
    const next = skipTrivia(s, j);
    if (next !== j) {
      j = next;
      continue;
    }
    if (s[j] === '{') depth++;
    else if (s[j] === '}' && --depth === 0) return j + 1;
    j++;
  }
  return s.length;
}

/** Past a comment, string or heredoc starting at `i`; `i` itself when none starts there. */
function skipTrivia(s: string, i: number): number {
  if (s[i] === '#' || s.startsWith('//', i)) {
    const end = s.indexOf('\n', i);
    return end < 0 ? s.length : end + 1;
  }
  if (s.startsWith('/*', i)) {
    const end = s.indexOf('*/', i + 2);
    return end < 0 ? s.length : end + 2;
  }
  if (s[i] === '"') return skipString(s, i);
  const heredoc = /^<<-?([A-Za-z_][A-Za-z0-9_-]*)\r?\n/.exec(s.slice(i, i + 80));
  if (heredoc) {
    // Terraform ends a heredoc at the first line that is the marker, whitespace trimmed.
    const lines = s.slice(i + heredoc[0].length).split('\n');
    let at = i + heredoc[0].length;
    for (const line of lines) {
      at += line.length + 1;
      if (line.trim() === heredoc[1]) return at;
    }
    return s.length;
  }
  return i;
}

const LITERAL = /^"([^"\\$%]*)"/;

/** The literal `source` and `version` of a module body (depth-1 attributes only). */
function moduleArguments(body: string): { source?: string; version?: string } {
  const found: { source?: string; version?: string } = {};
  let atLineStart = true;
  for (let j = 1; j < body.length - 1;) {
    const next = skipTrivia(body, j);
    if (next !== j) {
      // A line comment or heredoc ends with its line: the next line starts after it.
      atLineStart = body[next - 1] === '\n';
      j = next;
      continue;
    }
    if (body[j] === '{' || body[j] === '[' || body[j] === '(') {
      j = body[j] === '{' ? skipBraces(body, j) : skipBrackets(body, j);
      continue;
    }
    if (body[j] === '\n') atLineStart = true;
    else if (atLineStart && /[A-Za-z_]/.test(body[j])) {
      const m = /^(source|version)\s*=\s*/.exec(body.slice(j));
      if (m) {
        const value = LITERAL.exec(body.slice(j + m[0].length));
        if (value) found[m[1] as 'source' | 'version'] = value[1];
      }
      atLineStart = false;
    } else if (!/\s/.test(body[j])) atLineStart = false;
    j++;
  }
  return found;
}

function skipBrackets(s: string, i: number): number {
  const open = s[i];
  const close = open === '[' ? ']' : ')';
  let depth = 0;
  for (let j = i; j < s.length;) {
    const next = skipTrivia(s, j);
    if (next !== j) {
      j = next;
      continue;
    }
    if (s[j] === '{') {
      j = skipBraces(s, j);
      continue;
    }
    if (s[j] === open) depth++;
    else if (s[j] === close && --depth === 0) return j + 1;
    j++;
  }
  return s.length;
}

/** The top-level `module "<name>" { … }` blocks of `hcl`, with their literal source and version. */
export function moduleCallsInHcl(hcl: string): HclModuleCall[] {
  const calls: HclModuleCall[] = [];
  for (let i = 0; i < hcl.length;) {
    const next = skipTrivia(hcl, i);
    if (next !== i) {
      i = next;
      continue;
    }
    if (hcl[i] === '{') {
      i = skipBraces(hcl, i);
      continue;
    }
    const m = /^module\s+"([^"]+)"\s*\{/.exec(hcl.slice(i, i + 200));
    if (m && (i === 0 || /\s/.test(hcl[i - 1]))) {
      const open = i + m[0].length - 1;
      const end = skipBraces(hcl, open);
      const args = moduleArguments(hcl.slice(open, end));
      calls.push({ name: m[1], source: args.source ?? '', version: args.version });
      i = end;
      continue;
    }
    i++;
  }
  return calls;
}

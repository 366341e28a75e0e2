// Plain-text tables for the terminal: columns padded to their widest cell, numbers right-aligned.

/** Renders rows as an aligned table with a header line. */
export function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [header.map(String), ...rows.map((r) => r.map(String))];
  const numeric = header.map((_, c) => rows.length > 0 && rows.every((r) => typeof r[c] === 'number'));
  const widths = header.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)));
  const line = (r: readonly string[]) =>
    r
      .map((cell, c) => (numeric[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  return [line(cells[0]), ...cells.slice(1).map(line)].join('\n');
}

/** Bytes as a short human figure (`12.3 kB`). */
export function humanBytes(n: number): string {
  return n < 1000 ? `${n} B` : `${(n / 1000).toFixed(1)} kB`;
}

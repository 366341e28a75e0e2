// dist/index.html: one static page with every template, its parameters and a diagram of its resources.
import * as fs from 'fs';
import * as path from 'path';
import { GraphNode, resourceGraph } from './resource-graph';
import { RenderedTemplate } from './synth';

const esc = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The page's generator tag: `cvmkit synth` replaces only a page that carries it. */
export const CATALOG_PAGE_GENERATOR = '<meta name="generator" content="cvmkit">';

const BOX_H = 34;
const GAP_X = 60;
const GAP_Y = 14;

/** An SVG drawing of the template's resources in columns, with an arrow per reference. */
export function resourceDiagram(json: Record<string, any>, title: string): string {
  const { nodes, edges } = resourceGraph(json);
  // Monospace 12px: about 7.3px a character, plus padding.
  const BOX_W = Math.max(200, Math.ceil(Math.max(...nodes.map((n) => n.address.length)) * 7.3) + 18);
  const columns = new Map<number, GraphNode[]>();
  for (const n of nodes) columns.set(n.depth, [...(columns.get(n.depth) ?? []), n]);
  const at = new Map<string, { x: number; y: number }>();
  for (const [d, col] of columns) col.forEach((n, i) => at.set(n.address, { x: 10 + d * (BOX_W + GAP_X), y: 10 + i * (BOX_H + GAP_Y) }));
  const width = 20 + columns.size * (BOX_W + GAP_X) - GAP_X;
  const height = 20 + Math.max(...[...columns.values()].map((c) => c.length)) * (BOX_H + GAP_Y) - GAP_Y;
  const arrows = edges.map((e) => {
    const a = at.get(e.from)!;
    const b = at.get(e.to)!;
    return `<line class="ref" x1="${a.x + BOX_W}" y1="${a.y + BOX_H / 2}" x2="${b.x}" y2="${b.y + BOX_H / 2}" marker-end="url(#arrow)"><title>${esc(e.to)} uses ${esc(e.from)}</title></line>`;
  });
  const boxes = nodes.map((n) => {
    const p = at.get(n.address)!;
    return `<g class="resource${n.ephemeral ? ' ephemeral' : ''}" data-address="${esc(n.address)}"><rect x="${p.x}" y="${p.y}" width="${BOX_W}" height="${BOX_H}" rx="6"/><text x="${p.x + 8}" y="${p.y + 22}">${esc(n.address)}</text></g>`;
  });
  return [
    // Drawn at its natural size, scaled down (viewBox) to the card's width on narrow screens.
    `<svg class="diagram" role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z"/></marker></defs>',
    ...arrows,
    ...boxes,
    '</svg>',
  ].join('\n');
}

/** The whole page. */
export function catalogPage(results: readonly RenderedTemplate[]): string {
  const backends = [...new Set(results.map((r) => r.definition.backend))];
  const sections = results.map((r) => {
    const d = r.definition;
    const rows = r.parameters
      // Options are listed; a number shows its bounds (min–max).
      .map(
        (p) =>
          `<tr><td>${esc(p.displayName)} <code>${esc(p.name)}</code></td><td>${esc(p.type)}</td><td>${esc(p.default)}</td><td class="choices">${esc(p.options.length > 0 ? p.options.join(', ') : p.bounds)}</td><td>${p.mutable ? 'yes' : 'no'}</td></tr>`,
      )
      .join('\n');
    return `<section class="template" id="${esc(d.name)}" data-backend="${esc(d.backend)}">
<h2>${esc(d.displayName)} <code>${esc(d.name)}</code></h2>
<p class="badges"><span class="backend">${esc(d.backend)}</span> <span class="isolation">${esc(d.isolation)}</span></p>
<p>${esc(d.description)}</p>
<h3>Parameters</h3>
<div class="scroll"><table><thead><tr><th>parameter</th><th>type</th><th>default</th><th>choices</th><th>mutable</th></tr></thead><tbody>
${rows}
</tbody></table></div>
<h3>Resources</h3>
<p class="legend">Arrows point from a resource to the one that uses it; dashed boxes exist only while the workspace runs.</p>
${resourceDiagram(r.json, `Resources of ${d.displayName}`)}
<pre><code>coder templates push ${esc(d.name)} --directory templates/${esc(d.name)}</code></pre>
</section>`;
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
${CATALOG_PAGE_GENERATOR}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cvmkit catalog</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 1200px; padding: 0 1rem; color: #1d2433; }
@media (max-width: 600px) { body { margin: 1rem auto; padding: 0 .5rem; } section.template { padding: .8rem; } }
nav button { margin: 0 .3rem .3rem 0; padding: .3rem .8rem; border: 1px solid #8893a8; border-radius: 1rem; background: #fff; cursor: pointer; }
nav button[aria-pressed="true"] { background: #1d2433; color: #fff; }
section.template { border: 1px solid #d5dae3; border-radius: 8px; padding: 1rem 1.5rem; margin: 1.5rem 0; }
section.template .scroll, section.template pre { overflow-x: auto; }
svg.diagram { display: block; max-width: 100%; height: auto; }
section.template[hidden] { display: none; }
.badges span { display: inline-block; padding: .1rem .6rem; border-radius: .8rem; background: #e8edf7; margin-right: .4rem; font-size: 13px; }
table { border-collapse: collapse; } th, td { border-bottom: 1px solid #e3e7ee; padding: .25rem .8rem .25rem 0; text-align: left; }
svg.diagram rect { fill: #f3f6fb; stroke: #4a5a78; } svg.diagram .ephemeral rect { stroke-dasharray: 5 3; fill: #fff; }
svg.diagram text { font: 12px ui-monospace, monospace; fill: #1d2433; } svg.diagram line.ref { stroke: #8893a8; } svg.diagram marker path { fill: #8893a8; }
.legend { font-size: 13px; color: #5b6577; }
</style>
</head>
<body>
<h1>cvmkit catalog</h1>
<p>${results.length} Coder templates for isolated developer workspaces. Push one with <code>coder templates push</code>.</p>
<nav aria-label="Filter by backend"><button type="button" data-backend="" aria-pressed="true">all</button>${backends.map((b) => `<button type="button" data-backend="${esc(b)}" aria-pressed="false">${esc(b)}</button>`).join('')}</nav>
${sections.join('\n')}
<script>
for (const button of document.querySelectorAll('nav button')) {
  button.addEventListener('click', () => {
    const backend = button.dataset.backend;
    for (const b of document.querySelectorAll('nav button')) b.setAttribute('aria-pressed', String(b === button));
    for (const s of document.querySelectorAll('section.template')) s.hidden = backend !== '' && s.dataset.backend !== backend;
  });
}
</script>
</body>
</html>
`;
}

/** Writes the page atomically (a temporary file renamed into place). */
export function writeCatalogPage(file: string, results: readonly RenderedTemplate[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, catalogPage(results));
  fs.renameSync(tmp, file);
}

// The resources of a synthesized template and which reference which: the catalog page's diagram.

/** One resource of a template. */
export interface GraphNode {
  /** Terraform address, e.g. `kubernetes_pod_v1.main`. */
  readonly address: string;
  /** Whether it exists only while the workspace runs (counted on start_count). */
  readonly ephemeral: boolean;
  /** Column in the drawing: the length of the longest chain of references leading to it. */
  readonly depth: number;
}

/** A reference: `to` uses an attribute of `from`. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
}

/** Resources and references of Terraform JSON (data sources and locals are folded away). */
export function resourceGraph(json: { resource?: Record<string, Record<string, unknown>>; locals?: Record<string, unknown> }): {
  nodes: GraphNode[];
  edges: GraphEdge[];
} {
  const bodies = new Map<string, unknown>();
  for (const [type, byName] of Object.entries(json.resource ?? {})) for (const [name, body] of Object.entries(byName)) bodies.set(`${type}.${name}`, body);
  const addresses = [...bodies.keys()];
  const locals = json.locals ?? {};
  // A body's references, following locals (local.x counts as what x references).
  const refsOf = (text: string, seen = new Set<string>()): Set<string> => {
    const found = new Set(addresses.filter((a) => text.includes(`${a}.`) || text.includes(`${a}[`)));
    for (const m of text.matchAll(/local\.([a-z0-9_]+)/g)) {
      if (seen.has(m[1]) || !(m[1] in locals)) continue;
      seen.add(m[1]);
      for (const a of refsOf(JSON.stringify(locals[m[1]]), seen)) found.add(a);
    }
    return found;
  };
  const edges: GraphEdge[] = [];
  for (const [to, body] of bodies) {
    const text = JSON.stringify(body);
    for (const from of refsOf(text)) if (from !== to) edges.push({ from, to });
    for (const dep of ((body as { depends_on?: string[] }).depends_on ?? []).map((d) => d.replace(/^\$\{|\}$/g, ''))) {
      if (bodies.has(dep) && !edges.some((e) => e.from === dep && e.to === to)) edges.push({ from: dep, to });
    }
  }
  const depth = new Map<string, number>();
  const depthOf = (a: string, path: string[] = []): number => {
    if (depth.has(a)) return depth.get(a)!;
    if (path.includes(a)) return 0;
    const d = Math.max(0, ...edges.filter((e) => e.to === a).map((e) => depthOf(e.from, [...path, a]) + 1));
    depth.set(a, d);
    return d;
  };
  const nodes = addresses.map((a) => ({ address: a, ephemeral: (bodies.get(a) as { count?: unknown }).count !== undefined, depth: depthOf(a) }));
  return { nodes, edges };
}

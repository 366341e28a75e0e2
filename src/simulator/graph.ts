// How Coder ties an agent to a resource: the closest resource that depends on it in `terraform graph`
// (coder_* resources are not candidates), ties broken by the resource's address.

/** Dependency edges (`from` depends on `to`) of `terraform graph`'s DOT output. */
export function graphEdges(dot: string): [string, string][] {
  const clean = (s: string) => s.replace(/^\[root\] /, '').replace(/ \(expand\)$/, '').replace(/\[\d+\]$/, '');
  return [...dot.matchAll(/"([^"]+)"\s*->\s*"([^"]+)"/g)].map((m) => [clean(m[1]), clean(m[2])] as [string, string]);
}

/** For each agent, the resources at the smallest distance that depend on it (more than one is a tie). */
export function closestDependents(dot: string): Record<string, { distance: number; resources: string[] }> {
  const edges = graphEdges(dot);
  const nodes = new Set(edges.flat().filter((n) => /^[a-z0-9_]+\.[A-Za-z0-9_-]+$/.test(n)));
  const dependents = (n: string) => edges.filter(([, to]) => to === n).map(([from]) => from);
  const out: Record<string, { distance: number; resources: string[] }> = {};
  for (const agent of [...nodes].filter((n) => n.startsWith('coder_agent.'))) {
    const distance = new Map<string, number>([[agent, 0]]);
    const queue = [agent];
    while (queue.length > 0) {
      const n = queue.shift()!;
      for (const d of dependents(n)) {
        if (!distance.has(d)) {
          distance.set(d, distance.get(n)! + 1);
          queue.push(d);
        }
      }
    }
    const candidates = [...distance.entries()].filter(([n]) => nodes.has(n) && !n.startsWith('coder_') && !n.startsWith('data.'));
    const min = Math.min(...candidates.map(([, d]) => d));
    out[agent] = { distance: min, resources: candidates.filter(([, d]) => d === min).map(([n]) => n).sort() };
  }
  return out;
}

/** The resource Coder attaches each agent to: the closest dependent, the first by address on a tie. */
export function agentResources(dot: string): Record<string, string[]> {
  return Object.fromEntries(Object.entries(closestDependents(dot)).map(([agent, c]) => [agent, c.resources.slice(0, 1)]));
}

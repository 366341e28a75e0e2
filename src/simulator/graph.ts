// How Coder ties an agent to a resource: the closest resource that depends on it in `terraform graph`
// (coder_* resources are not candidates), ties broken by the resource's address.

/** Dependency edges (`from` depends on `to`) of `terraform graph`'s DOT output. */
export function graphEdges(dot: string): [string, string][] {
  const clean = (s: string) =>
    s
      .replace(/^\[root\] /, '')
      .replace(/ \(expand\)$/, '')
      .replace(/\[\d+\]$/, '');
  return [...dot.matchAll(/"([^"]+)"\s*->\s*"([^"]+)"/g)].map((m) => [clean(m[1]), clean(m[2])] as [string, string]);
}

/** Resources (not `coder_*`, not data sources) reachable from `start`, at their smallest distance. */
function closest(edges: [string, string][], start: string, up: boolean): { distance: number; resources: string[] } {
  const next = (n: string) => (up ? edges.filter(([, to]) => to === n).map(([from]) => from) : edges.filter(([from]) => from === n).map(([, to]) => to));
  const isResource = (n: string) => /^[a-z0-9_]+\.[A-Za-z0-9_-]+$/.test(n) && !n.startsWith('coder_') && !n.startsWith('data.');
  const distance = new Map<string, number>([[start, 0]]);
  const queue = [start];
  while (queue.length > 0) {
    const n = queue.shift()!;
    for (const d of next(n)) {
      if (!distance.has(d)) {
        distance.set(d, distance.get(n)! + 1);
        queue.push(d);
      }
    }
  }
  const candidates = [...distance.entries()].filter(([n]) => isResource(n));
  const min = Math.min(...candidates.map(([, d]) => d));
  return {
    distance: min,
    resources: candidates
      .filter(([, d]) => d === min)
      .map(([n]) => n)
      .sort(),
  };
}

const nodesOf = (edges: [string, string][], prefix: string) => [...new Set(edges.flat())].filter((n) => n.startsWith(prefix));

/** For each agent, the resources at the smallest distance that depend on it (more than one is a tie). */
export function closestDependents(dot: string): Record<string, { distance: number; resources: string[] }> {
  const edges = graphEdges(dot);
  return Object.fromEntries(nodesOf(edges, 'coder_agent.').map((agent) => [agent, closest(edges, agent, true)]));
}

/**
 * The resource each `coder_metadata` is shown on: the closest resource it depends on, the first
 * by address on a tie (Coder's rule, the reverse direction of the agent's).
 */
export function metadataTargets(dot: string): Record<string, string | undefined> {
  const edges = graphEdges(dot);
  return Object.fromEntries(nodesOf(edges, 'coder_metadata.').map((m) => [m, closest(edges, m, false).resources[0]]));
}

/** The resource Coder attaches each agent to: the closest dependent, the first by address on a tie. */
export function agentResources(dot: string): Record<string, string[]> {
  return Object.fromEntries(Object.entries(closestDependents(dot)).map(([agent, c]) => [agent, c.resources.slice(0, 1)]));
}

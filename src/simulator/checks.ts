// What must hold after every build of a workspace: no disk lost, compute only while started, one of
// it, mounting the workspace's own disks, started with the build's agent token.
import type { Baseline } from './apiserver';
import { computeView } from './compute';
import { ClusterObject } from './kubernetes';
import { BuildRow, isCompute, isDisk } from './workspace';

/** Whether a compute object runs: a pod exists, a Deployment has replicas, a VM is not halted. */
export function isRunning(o: ClusterObject): boolean {
  return computeView(o.type, o.state)?.running ?? false;
}

/** The namespace and name of an object from its key. */
function where(key: string): { namespace: string; name: string } {
  const parts = key.split('/');
  return { namespace: parts[parts.length - 2], name: parts[parts.length - 1] };
}

/** The disks, Secrets and claims a compute object needs, as cluster keys in its namespace. */
function needs(o: ClusterObject): { key: string; what: string }[] {
  const view = computeView(o.type, o.state);
  if (view === undefined) return [];
  const ns = view.namespace;
  return [
    ...view.dataVolumes.map((n) => ({ key: `cdi.kubevirt.io/v1beta1/DataVolume/${ns}/${n}`, what: `DataVolume ${n}` })),
    ...view.claims.map((n) => ({ key: `kubernetes_persistent_volume_claim_v1/${ns}/${n}`, what: `claim ${n}` })),
    ...view.secretVolumes.map((n) => ({ key: `kubernetes_secret_v1/${ns}/${n}`, what: `Secret ${n}` })),
    ...view.env.flatMap((e) =>
      e.secret && !e.secret.optional ? [{ key: `kubernetes_secret_v1/${ns}/${e.secret.name}`, what: `Secret ${e.secret.name}` }] : [],
    ),
  ];
}

const diskUids = (cluster: Record<string, ClusterObject>) =>
  new Map(
    Object.entries(cluster)
      .filter(([, o]) => isDisk(o))
      .map(([k, o]) => [k, o.uid]),
  );
const base = (address: string) => address.replace(/\[[^\]]*\]$/, '');

/** Options of {@link buildProblems}. */
export interface CheckOptions {
  /** Terraform addresses of the disks before the build (a plan that deletes or replaces one is a loss). */
  readonly diskAddresses?: readonly string[];
  /** Whether the build switched template versions (object names may then change, e.g. a naming rule). */
  readonly upgrade?: boolean;
  /** For an event outside Terraform (a node lost): whether the workspace must still run afterwards. */
  readonly expectRunning?: boolean;
  /** What the cluster had before the workspace: a claim a platform stack made (a team share) is there for its compute too. */
  readonly baseline?: Baseline;
}

/** Whether the baseline holds the claim behind `key` (`kubernetes_persistent_volume_claim_v1/<ns>/<name>`). */
function baselineHas(baseline: Baseline | undefined, key: string): boolean {
  const [type, namespace, name] = key.split('/');
  if (type !== 'kubernetes_persistent_volume_claim_v1') return false;
  return (baseline?.objects ?? []).some((o) => o.kind === 'PersistentVolumeClaim' && o.metadata.namespace === namespace && o.metadata.name === name);
}

/**
 * The identity cloud-init sees in a VM (the NoCloud instance-id): its firmware UUID, which KubeVirt
 * derives from the VM's name when the template does not set one. Undefined for other objects.
 */
export function instanceIdentity(o: ClusterObject): string | undefined {
  if (o.type !== 'kubernetes_manifest' || o.state.manifest?.kind !== 'VirtualMachine') return undefined;
  return o.state.manifest.spec?.template?.spec?.domain?.firmware?.uuid ?? `derived from the VM name ${o.state.manifest.metadata.name}`;
}

/** What went wrong in `row`, given the builds before it. Empty when everything holds. */
export function buildProblems(history: readonly BuildRow[], row: BuildRow, options: CheckOptions = {}): string[] {
  const previous = history[history.length - 1];
  const problems: string[] = [];
  const say = (p: string) => problems.push(`${row.step}: ${p}`);
  if (!row.ok) say(`the build failed: ${row.errors[0] ?? 'unknown error'}`);
  const destroy = row.transition === 'delete';

  if (row.transition === 'outside') {
    // No plan: only what is in the cluster counts.
  } else if (!destroy) {
    for (const a of [...row.deleted, ...row.replaced]) {
      if ((options.diskAddresses ?? []).includes(base(a))) say(`the plan ${row.deleted.includes(a) ? 'deletes' : 'replaces'} disk ${a}`);
    }
    const after = diskUids(row.cluster);
    for (const [key, uid] of diskUids(previous?.cluster ?? {})) {
      if (!after.has(key)) say(`disk ${key} is gone`);
      else if (after.get(key) !== uid) say(`disk ${key} was replaced (new uid)`);
    }
  } else if (Object.keys(row.cluster).length > 0) {
    say(`objects left in the cluster: ${Object.keys(row.cluster).join(', ')}`);
  }

  const compute = Object.entries(row.cluster).filter(([, o]) => isCompute(o) && isRunning(o));
  if (row.transition === 'stop' && compute.length > 0) say(`compute still runs: ${compute.map(([k]) => k).join(', ')}`);
  if (row.transition === 'start' || options.expectRunning === true) {
    if (compute.length !== 1)
      say(`expected one running compute object, found ${compute.length}${compute.length ? `: ${compute.map(([k]) => k).join(', ')}` : ''}`);
    for (const [key, o] of compute) {
      for (const need of needs(o))
        if (row.cluster[need.key] === undefined && !baselineHas(options.baseline, need.key))
          say(`${key} needs ${need.what}, which is not in namespace ${where(key).namespace}`);
      if (row.agentToken !== undefined && o.bootToken !== row.agentToken) {
        if (o.waitsFor !== undefined) say(`${key} waits for ${o.waitsFor.join(', ')}, which does not exist`);
        else say(o.bootToken === undefined ? `${key} started without an agent token` : `${key} runs with the token of an earlier build, not this build's`);
      }
      // cloud-init runs its per-instance setup again when the instance-id changes: it must not.
      const identity = instanceIdentity(o);
      const earlier = [...history]
        .reverse()
        .flatMap((r) => Object.values(r.cluster).map(instanceIdentity))
        .find((x) => x !== undefined);
      if (!options.upgrade && identity !== undefined && earlier !== undefined && identity !== earlier)
        say(`${key}: cloud-init's instance-id changed (${earlier} -> ${identity}): per-instance setup runs again`);
    }
    const before = Object.entries(previous?.cluster ?? {})
      .filter(([, o]) => isCompute(o))
      .map(([k]) => k);
    if (!options.upgrade && before.length > 0 && compute.length === 1 && !before.includes(compute[0][0])) {
      say(`the compute object changed identity: ${before.join(', ')} -> ${compute[0][0]}`);
    }
  }
  return problems;
}

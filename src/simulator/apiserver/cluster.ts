// What the simulated cluster has installed: a baseline (built-in namespaces, CRDs, RuntimeClasses, labelled
// namespaces) that a test or the harness declares, plus the objects earlier runs created.
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject } from './convert';
import { kindInfo } from './kinds';

/** Read access to the cluster, as admission sees it. */
export interface ClusterView {
  get(apiVersion: string, kind: string, namespace: string | undefined, name: string): ApiObject | undefined;
  list(apiVersion: string, kind: string, namespace?: string): ApiObject[];
  hasCrd(group: string, kind: string): boolean;
  /** Nothing was declared about the cluster: checks that need to know what exists are skipped. */
  readonly openWorld?: boolean;
}

/** A CRD by the group and kind it serves. */
export interface CrdRef {
  readonly group: string;
  readonly kind: string;
}

/** What a cluster has before a run: CRDs and objects (Namespaces, RuntimeClasses, DataSources…). */
export interface Baseline {
  readonly crds?: readonly CrdRef[];
  readonly objects?: readonly ApiObject[];
}

/** Namespaces every cluster has. */
export const BUILT_IN_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** The CRDs the KubeVirt and CDI operators install (the ones templates can use). */
export const KUBEVIRT_CRDS: readonly CrdRef[] = [
  { group: 'kubevirt.io', kind: 'VirtualMachine' },
  { group: 'kubevirt.io', kind: 'VirtualMachineInstance' },
  { group: 'instancetype.kubevirt.io', kind: 'VirtualMachineClusterInstancetype' },
  { group: 'instancetype.kubevirt.io', kind: 'VirtualMachineClusterPreference' },
  { group: 'kubevirt.io', kind: 'VirtualMachineInstanceReplicaSet' },
  { group: 'pool.kubevirt.io', kind: 'VirtualMachinePool' },
  { group: 'instancetype.kubevirt.io', kind: 'VirtualMachineInstancetype' },
  { group: 'instancetype.kubevirt.io', kind: 'VirtualMachinePreference' },
];
export const CDI_CRDS: readonly CrdRef[] = ['DataVolume', 'DataSource', 'DataImportCron', 'StorageProfile', 'CDI'].map((kind) => ({
  group: 'cdi.kubevirt.io',
  kind,
}));

/** A Namespace object, optionally with labels (e.g. `pod-security.kubernetes.io/enforce`). */
export function namespace(name: string, labels: Record<string, string> = {}): ApiObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

/** A RuntimeClass object (what sysbox-deploy or kata-deploy install). */
export function runtimeClass(name: string, handler = name): ApiObject {
  return { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name }, handler };
}

const sameKind = (o: ApiObject, apiVersion: string, kind: string) => o.apiVersion === apiVersion && o.kind === kind;
/** Cluster-scoped kinds ignore the namespace; a namespaced object without one is in `default`. */
const inNamespace = (o: ApiObject, ns: string | undefined) =>
  !kindInfo(o.apiVersion, o.kind).namespaced || (o.metadata.namespace ?? 'default') === (ns ?? 'default');

/** A view over the baseline and the objects stored in a run's cluster file. */
export function clusterView(baseline: Baseline | undefined, stored: () => readonly ApiObject[]): ClusterView {
  const all = () => [...BUILT_IN_NAMESPACES.map((n) => namespace(n)), ...(baseline?.objects ?? []), ...stored()];
  return {
    openWorld: baseline === undefined,
    get: (apiVersion, kind, ns, name) => all().find((o) => sameKind(o, apiVersion, kind) && o.metadata.name === name && inNamespace(o, ns)),
    list: (apiVersion, kind, ns) => all().filter((o) => sameKind(o, apiVersion, kind) && (ns === undefined || inNamespace(o, ns))),
    hasCrd: (group, kind) =>
      (baseline?.crds ?? []).some((c) => c.group === group && c.kind === kind) ||
      all().some(
        (o) =>
          o.kind === 'CustomResourceDefinition' &&
          (o.spec as { group?: string; names?: { kind?: string } } | undefined)?.group === group &&
          (o.spec as { names?: { kind?: string } }).names?.kind === kind,
      ),
  };
}

/** Where a run's baseline is declared (next to the simulated cluster's file). */
export const baselineFile = (simDir: string) => path.join(simDir, 'baseline.json');

/** Declares what the cluster of a run has installed; call before terraform runs. */
export function writeBaseline(simDir: string, baseline: Baseline): void {
  fs.mkdirSync(simDir, { recursive: true });
  fs.writeFileSync(baselineFile(simDir), JSON.stringify(baseline, null, 2));
}

/** The run's declared baseline, or undefined (nothing declared: an open world). */
export function readBaseline(simDir: string): Baseline | undefined {
  const file = baselineFile(simDir);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Baseline) : undefined;
}

/** The API objects stored in a run's cluster file (entries carry `object` next to the Terraform state). */
export function storedObjects(simDir: string): ApiObject[] {
  const file = path.join(simDir, 'cluster.json');
  if (!fs.existsSync(file)) return [];
  const entries = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, { object?: ApiObject }>;
  return Object.values(entries).flatMap((e) => (e.object !== undefined ? [e.object] : []));
}

/**
 * The baseline for the next run after this one: what this run started with plus what it created. A harness
 * applies the platform stacks first and hands this to the template runs, so their Namespace and RuntimeClasses exist.
 */
export function baselineAfter(simDir: string): Baseline {
  const before = readBaseline(simDir) ?? {};
  const created = storedObjects(simDir);
  const crds = created
    .filter((o) => o.kind === 'CustomResourceDefinition')
    .map((o) => ({ group: String((o.spec as { group?: string })?.group), kind: String((o.spec as { names?: { kind?: string } })?.names?.kind) }));
  return { crds: [...(before.crds ?? []), ...crds], objects: [...(before.objects ?? []), ...created] };
}

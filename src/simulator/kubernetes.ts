// The simulated cluster behind hashicorp/kubernetes: objects in a JSON file, the API server's refusals.
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import {
  admit,
  clusterView,
  ConversionError,
  modelled,
  planManifest,
  providerDefault,
  readBaseline,
  skippedChecks,
  storedObjects,
  toApiObject,
  ApiObject,
} from './apiserver';
import { at, defaultFiller, fillUnknown, markComputedUnknown, same } from './plan';
import { computeKind, computeView } from './compute';
import { ProviderSchemas, SchemaBlock } from './schema-types';
import { Dynamic, inferType, plain, UNKNOWN } from './values';

type Obj = Record<string, unknown>;

export interface Outcome {
  readonly value: Obj | null;
  readonly requiresReplace?: (string | number)[][];
  readonly errors?: string[];
}

/** Attributes the real provider forces a new object for, per resource type. */
const FORCE_NEW: Record<string, (string | number)[][]> = {
  kubernetes_persistent_volume_claim_v1: [
    ['spec', 0, 'storage_class_name'],
    ['spec', 0, 'access_modes'],
  ],
  // A pod's spec is immutable: the provider replaces the pod.
  kubernetes_pod_v1: [['spec']],
  // A Deployment's selector is immutable.
  kubernetes_deployment_v1: [['spec', 0, 'selector']],
};

/** One object in the simulated cluster. */
export interface ClusterObject {
  readonly uid: string;
  /** The Terraform type that manages it (`kubernetes_manifest` for API objects given as manifests). */
  readonly type: string;
  /** Its Terraform state, as plain JSON. */
  readonly state: any;
  /**
   * For compute (pods, VMs): the agent token it started with, read from its env or Secrets when it
   * started. A compute object whose Secret does not exist yet waits for it (as kubelet retries the
   * mount), then reads it once: later changes of the Secret do not reach a running guest.
   */
  readonly bootToken?: string;
  /** Keys of the Secrets a compute object is still waiting for. */
  readonly waitsFor?: string[];
  /** The API object as the simulated API server admitted and stored it (types it models). */
  readonly object?: unknown;
}

/** The cluster's objects (one file per run, the source of truth for every provider call). */
export class Cluster {
  constructor(private readonly file: string) {}
  /** Every object by key (`<type>/<namespace>/<name>`, or `<apiVersion>/<kind>/<namespace>/<name>` for manifests). */
  all(): Record<string, ClusterObject> {
    return fs.existsSync(this.file) ? (JSON.parse(fs.readFileSync(this.file, 'utf8')) as Record<string, ClusterObject>) : {};
  }
  get(key: string): ClusterObject | undefined {
    return this.all()[key];
  }
  put(key: string, object: ClusterObject): void {
    this.write({ ...this.all(), [key]: object });
  }
  delete(key: string): void {
    const all = this.all();
    delete all[key];
    this.write(all);
  }
  private write(all: Record<string, ClusterObject>): void {
    fs.writeFileSync(this.file, JSON.stringify(all, null, 2));
  }
}

/** The identity of the object a resource manages, and its name and namespace. */
function identity(type: string, value: Obj): { key: string; name: unknown; namespace: unknown; kind: string } {
  if (type === 'kubernetes_manifest') {
    const m = plain(value.manifest) as Obj;
    const md = (m.metadata ?? {}) as Obj;
    return { key: `${m.apiVersion}/${m.kind}/${md.namespace ?? ''}/${md.name}`, name: md.name, namespace: md.namespace, kind: String(m.kind) };
  }
  const md = ((value.metadata as Obj[] | undefined)?.[0] ?? {}) as Obj;
  return { key: `${type}/${md.namespace ?? ''}/${md.name}`, name: md.name, namespace: md.namespace, kind: type };
}

export class KubernetesSimulator {
  /** The simulated cluster. */
  public readonly cluster: Cluster;
  constructor(
    private readonly schemas: ProviderSchemas,
    private readonly dir: string,
  ) {
    this.cluster = new Cluster(path.join(dir, 'cluster.json'));
  }

  // ── Simulated API server hook (src/simulator/apiserver): what admission sees of this run's cluster. ──
  private view() {
    const view = clusterView(readBaseline(this.dir), () => storedObjects(this.dir));
    // Checks that cannot run here are written down, never silently passed.
    const skipped = skippedChecks(view);
    if (skipped.length > 0) fs.writeFileSync(path.join(this.dir, 'apiserver-skipped.json'), JSON.stringify(skipped, null, 2));
    return view;
  }

  plan(type: string, prior: Obj | null, proposed: Obj | null): Outcome {
    if (proposed === null) return { value: null };
    // API server hook: the provider reads the manifest's CRD (or the cluster's OpenAPI) while planning.
    if (type === 'kubernetes_manifest' && proposed.manifest !== UNKNOWN) {
      const errors = planManifest(plain(proposed.manifest) as ApiObject, this.view());
      if (errors.length > 0) return { value: prior, errors };
    }
    const block = this.schemas.resources[type];
    if (prior === null) {
      const planned = markComputedUnknown(proposed, block);
      if (type === 'kubernetes_manifest') planned.object = UNKNOWN;
      return { value: planned };
    }
    const planned: Obj = { ...proposed };
    const replace: (string | number)[][] = [];
    const paths =
      type === 'kubernetes_manifest'
        ? [
            ['manifest', 'apiVersion'],
            ['manifest', 'kind'],
            ['manifest', 'metadata', 'name'],
            ['manifest', 'metadata', 'namespace'],
          ]
        : [['metadata', 0, 'name'], ['metadata', 0, 'namespace'], ...(FORCE_NEW[type] ?? [])];
    for (const p of paths) if (!same(at(prior, p), at(proposed, p))) replace.push(p);
    if (type === 'kubernetes_manifest') planned.object = same(prior.manifest, proposed.manifest) ? prior.object : UNKNOWN;
    return { value: planned, requiresReplace: replace };
  }

  apply(type: string, prior: Obj | null, planned: Obj | null): Outcome {
    const block: SchemaBlock = this.schemas.resources[type];
    if (planned === null) {
      if (prior !== null) this.cluster.delete(identity(type, prior).key);
      return { value: null };
    }
    const id = identity(type, planned);
    // API server hook: convert to the API object, admit it, keep it next to the state (types it does not model pass unchecked).
    let object: ApiObject | undefined;
    try {
      object = modelled(type) ? toApiObject(type, plain(planned) as Obj) : undefined;
    } catch (err) {
      if (err instanceof ConversionError) return { value: prior, errors: [err.message] };
      throw err;
    }
    const old = prior === null ? undefined : (this.cluster.get(identity(type, prior).key)?.object as ApiObject | undefined);
    const errors = object === undefined ? [] : admit(prior === null ? 'CREATE' : 'UPDATE', object, old, this.view());
    if (errors.length > 0) return { value: prior, errors };
    if (prior === null && this.cluster.get(id.key) !== undefined) return { value: null, errors: [`${id.kind} "${id.name}" already exists`] };
    const uid = prior === null ? randomUUID() : (this.cluster.get(identity(type, prior).key)?.uid ?? randomUUID());
    const filled: Obj = { ...planned };
    if (type === 'kubernetes_manifest' && filled.object === UNKNOWN) {
      // What the API server returns: the manifest with the server-set metadata.
      const body = plain(filled.manifest) as Obj;
      body.metadata = { ...((body.metadata ?? {}) as Obj), uid, resourceVersion: '1', generation: 1 };
      filled.object = new Dynamic(inferType(body), body);
    }
    const state = fillUnknown(filled, block, (name, t) =>
      name === 'uid' ? uid : name === 'id' ? `${id.namespace ?? ''}/${id.name}` : (providerDefault(name) ?? defaultFiller(name, t)),
    );
    if (prior !== null && identity(type, prior).key !== id.key) this.cluster.delete(identity(type, prior).key);
    const stored = plain(state) as Obj;
    if (object !== undefined) object.metadata = { ...object.metadata, uid };
    // A compute object reads the agent token when it starts: at creation (a replacement is a creation).
    const existing = this.cluster.get(id.key);
    const starts = prior === null || startsOnUpdate(type, plain(prior) as Obj, stored);
    const boot = starts ? this.boot(type, stored) : { bootToken: existing?.bootToken, waitsFor: existing?.waitsFor };
    this.cluster.put(id.key, { uid, type, state: stored, object, ...definedOnly(boot) });
    if (type === 'kubernetes_secret_v1') this.wakeWaiters(id.key);
    if (object?.kind === 'DataImportCron') this.importCron(object);
    return { value: state };
  }

  /**
   * CDI's DataImportCron controller: it imports the source and makes (or moves) the managed
   * DataSource, in the cron's namespace, to the newest import's PVC. Not Terraform's object: it
   * stays when the cron goes (CDI's default retention, RetainAll).
   */
  private importCron(cron: ApiObject): void {
    const ns = String(cron.metadata.namespace ?? 'default');
    const name = String((cron.spec as { managedDataSource?: string } | undefined)?.managedDataSource ?? '');
    if (name === '') return;
    const key = `cdi.kubevirt.io/v1beta1/DataSource/${ns}/${name}`;
    const pvc = `${name}-${String(cron.metadata.uid ?? '').slice(0, 12)}`;
    const object = {
      apiVersion: 'cdi.kubevirt.io/v1beta1',
      kind: 'DataSource',
      metadata: { name, namespace: ns, uid: randomUUID(), labels: { 'cdi.kubevirt.io/dataImportCron': String(cron.metadata.name) } },
      spec: { source: { pvc: { name: pvc, namespace: ns } } },
    };
    this.cluster.put(key, { uid: object.metadata.uid, type: 'kubernetes_manifest', state: { manifest: object }, object });
  }

  /** A managed object that is gone from the cluster is gone from the state (Terraform then plans to create it). */
  read(type: string, state: Obj | null): Outcome {
    if (state === null) return { value: null };
    return { value: this.cluster.get(identity(type, state).key) === undefined ? null : state };
  }

  /**
   * How a compute object starts: the agent token of its pod's `CODER_AGENT_TOKEN` (a value or a
   * Secret key) or of the Secrets a VM's volumes present to the guest (cloud-init user-data); or
   * the Secrets it waits for when they do not exist yet.
   */
  private boot(type: string, state: Obj): { bootToken?: string; waitsFor?: string[] } {
    const sources = bootSources(type, state);
    if (sources === undefined) return {};
    if (sources.literal !== undefined) return { bootToken: sources.literal };
    const missing = sources.secrets.filter((k) => this.cluster.get(k) === undefined);
    if (missing.length > 0) return { waitsFor: missing };
    const data = (k: string) => (this.cluster.get(k)?.state?.data ?? {}) as Record<string, string>;
    // A Secret key given to CODER_AGENT_TOKEN is the token; user-data carries it as CODER_AGENT_TOKEN=….
    if (sources.key !== undefined) return { bootToken: data(sources.secrets[0])[sources.key] };
    return { bootToken: tokenIn(sources.secrets.flatMap((k) => Object.values(data(k)))) };
  }

  /**
   * A node is lost: a controller restarts what it owns (a Deployment's pod, a running VM's guest),
   * which reads its token again; a bare pod is simply gone. Returns the keys affected.
   */
  loseNode(): { restarted: string[]; gone: string[] } {
    const restarted: string[] = [];
    const gone: string[] = [];
    for (const [k, o] of Object.entries(this.cluster.all())) {
      const kind = computeKind(o.type, o.state);
      if (kind === 'Pod') {
        this.cluster.delete(k);
        gone.push(k);
      } else if (kind !== undefined) {
        const { uid, type, state, object } = o;
        this.cluster.put(k, { uid, type, state, object, ...definedOnly(this.boot(type, state)) });
        restarted.push(k);
      }
    }
    return { restarted, gone };
  }

  /** Starts the compute objects that waited for the Secret `key`, now that it exists. */
  private wakeWaiters(key: string): void {
    for (const [k, o] of Object.entries(this.cluster.all())) {
      if (!o.waitsFor?.includes(key)) continue;
      const { uid, type, state, object } = o;
      this.cluster.put(k, { uid, type, state, object, ...definedOnly(this.boot(type, state)) });
    }
  }
}

/** Finds `CODER_AGENT_TOKEN=<token>` in texts, also inside base64 runs (cloud-init user-data carries it encoded). */
export function tokenIn(texts: readonly string[]): string | undefined {
  const pattern = /CODER_AGENT_TOKEN=([A-Za-z0-9-]+)/;
  for (const text of texts) {
    const plainMatch = pattern.exec(text);
    if (plainMatch) return plainMatch[1];
    for (const run of text.match(/[A-Za-z0-9+/]{24,}={0,2}/g) ?? []) {
      const decoded = pattern.exec(Buffer.from(run, 'base64').toString('utf8'));
      if (decoded) return decoded[1];
    }
  }
  return undefined;
}

/**
 * Whether an update starts the workload anew: a VM leaving `Halted` (a new VMI boots), a
 * Deployment scaled up from zero or given a new pod template (a rollout starts new pods).
 */
function startsOnUpdate(type: string, before: Obj, after: Obj): boolean {
  const [b, a] = [computeView(type, before), computeView(type, after)];
  if (b === undefined || a === undefined || b.kind === 'Pod') return false;
  if (a.kind === 'VirtualMachine') return !b.running && a.running;
  return (!b.running && a.running) || JSON.stringify(b.template) !== JSON.stringify(a.template);
}

/** Where a compute object reads its agent token: a literal env value, or Secrets (cluster keys). */
function bootSources(type: string, state: Obj): { literal?: string; secrets: string[]; key?: string } | undefined {
  const view = computeView(type, state);
  if (view === undefined) return undefined;
  const token = view.env.find((e) => e.name === 'CODER_AGENT_TOKEN');
  if (token?.value !== undefined) return { literal: token.value, secrets: [] };
  if (token?.secret !== undefined) return { secrets: [`kubernetes_secret_v1/${view.namespace}/${token.secret.name}`], key: token.secret.key };
  // A VM's guest reads it from the Secrets its volumes present (cloud-init user-data, secret disks).
  return { secrets: view.secretVolumes.map((n) => `kubernetes_secret_v1/${view.namespace}/${n}`) };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

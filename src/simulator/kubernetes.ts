// The simulated cluster behind hashicorp/kubernetes: objects in a JSON file, the API server's refusals.
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { admit, clusterView, ConversionError, modelled, planManifest, providerDefault, readBaseline, skippedChecks, storedObjects, toApiObject, ApiObject } from './apiserver';
import { at, defaultFiller, fillUnknown, markComputedUnknown, same } from './plan';
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
  kubernetes_persistent_volume_claim_v1: [['spec', 0, 'storage_class_name'], ['spec', 0, 'access_modes']],
  // A pod's spec is immutable: the provider replaces the pod.
  kubernetes_pod_v1: [['spec']],
};

/** The cluster's objects, shared by every provider process of a run (one file per run). */
class Cluster {
  constructor(private readonly file: string) {}
  private load(): Record<string, Obj> {
    return fs.existsSync(this.file) ? (JSON.parse(fs.readFileSync(this.file, 'utf8')) as Record<string, Obj>) : {};
  }
  get(key: string): Obj | undefined {
    return this.load()[key];
  }
  put(key: string, object: Obj): void {
    const all = this.load();
    all[key] = object;
    fs.writeFileSync(this.file, JSON.stringify(all, null, 2));
  }
  delete(key: string): void {
    const all = this.load();
    delete all[key];
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
  private readonly cluster: Cluster;
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
    const paths = type === 'kubernetes_manifest' ? [['manifest', 'apiVersion'], ['manifest', 'kind'], ['manifest', 'metadata', 'name'], ['manifest', 'metadata', 'namespace']] : [['metadata', 0, 'name'], ['metadata', 0, 'namespace'], ...(FORCE_NEW[type] ?? [])];
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
    const uid = prior === null ? randomUUID() : String(this.cluster.get(identity(type, prior).key)?.uid ?? randomUUID());
    const filled: Obj = { ...planned };
    if (type === 'kubernetes_manifest' && filled.object === UNKNOWN) {
      // What the API server returns: the manifest with the server-set metadata.
      const body = plain(filled.manifest) as Obj;
      body.metadata = { ...((body.metadata ?? {}) as Obj), uid, resourceVersion: '1', generation: 1 };
      filled.object = new Dynamic(inferType(body), body);
    }
    const state = fillUnknown(filled, block, (name, t) => (name === 'uid' ? uid : name === 'id' ? `${id.namespace ?? ''}/${id.name}` : (providerDefault(name) ?? defaultFiller(name, t))));
    if (prior !== null && identity(type, prior).key !== id.key) this.cluster.delete(identity(type, prior).key);
    if (object !== undefined) object.metadata = { ...object.metadata, uid };
    this.cluster.put(id.key, { uid, type, state: plain(state), object });
    return { value: state };
  }

  /** A managed object that is gone from the cluster is gone from the state (Terraform then plans to create it). */
  read(type: string, state: Obj | null): Outcome {
    if (state === null) return { value: null };
    return { value: this.cluster.get(identity(type, state).key) === undefined ? null : state };
  }
}

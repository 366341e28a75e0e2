// Terraform state of hashicorp/kubernetes typed resources → the API object the provider sends, guided by the
// upstream OpenAPI: a snake_case block maps to the camelCase (or plural) property, a one-element block list
// becomes an object where the API has an object, a string becomes an integer where the API has one.
import { Definitions, definitionsOf, openApiStatus, rootFor } from './openapi';
import { TYPED_RESOURCES } from './kinds';

type Obj = Record<string, unknown>;

/** A Kubernetes API object. */
export interface ApiObject {
  apiVersion: string;
  kind: string;
  metadata: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [k: string]: unknown };
  [k: string]: unknown;
}

/** Marks an object converted without the OpenAPI specs: only its metadata is known. */
export const PARTIAL = Symbol('metadata only');

/** Whether `o` was converted without the specs (its body is unknown). */
export const isPartial = (o: ApiObject) => Object.getOwnPropertyDescriptor(o, PARTIAL)?.value === true;

/** What the real provider would fail on while expanding the configuration (e.g. a UID that is not a number). */
export class ConversionError extends Error {}

/** Attributes only the provider reads (waits, timeouts, computed ids), never sent to the API server. */
const PROVIDER_ONLY = new Set([
  'id',
  'timeouts',
  'target_state',
  'wait_for_rollout',
  'wait_until_bound',
  'wait_for_load_balancer',
  'status',
  'wait_for_default_service_account',
  'wait_for_service_account_token',
  'default_secret_name',
  'data_wo_revision',
  'binary_data_wo_revision',
]);

/** The few names the OpenAPI cannot guess: the provider's own spelling differs from the API's. */
const RENAMES: Record<string, string> = {
  data_disk_uri: 'diskURI',
  endpoints_name: 'endpoints',
  ceph_monitors: 'monitors',
  rados_user: 'user',
  rbd_image: 'image',
  rbd_pool: 'pool',
};

/** Attributes the provider's expanders silently leave out for a definition (pod volumes have no `local`, no `cephfs` expander). */
const DROPPED: Record<string, readonly string[]> = {
  'io.k8s.api.core.v1.Volume': ['local', 'ceph_fs'],
  'io.k8s.api.core.v1.AzureFileVolumeSource': ['secret_namespace'],
  'io.k8s.api.core.v1.LocalObjectReference': ['namespace'],
};

/** Values the provider sends when a block is present and the attribute is not set (its schema defaults; expanders that always set a pointer). */
const PROVIDER_DEFAULTS: Record<string, Obj> = {
  'io.k8s.api.core.v1.SecurityContext': { allowPrivilegeEscalation: true, privileged: false, readOnlyRootFilesystem: false, runAsNonRoot: false },
  'io.k8s.api.core.v1.PodSecurityContext': { runAsNonRoot: false },
  'io.k8s.api.core.v1.SeccompProfile': { type: 'Unconfined' },
};

/** State attributes the simulator fills with a zero value that the provider fills with its schema default. */
const NAMED_DEFAULTS: Record<string, unknown> = {
  allow_privilege_escalation: true,
  termination_message_path: '/dev/termination-log',
  mount_propagation: 'None',
  protocol: 'TCP',
};

/** The provider's default for a computed-on-create attribute, by name (undefined: no default worth knowing). */
export function providerDefault(attribute: string): unknown {
  return NAMED_DEFAULTS[attribute];
}

/** Zero is a value the provider sends only for these (its expanders skip zero elsewhere). */
const KEEP_ZERO = new Set(['terminationGracePeriodSeconds']);
/** File modes are octal strings in the provider ("0644"). */
const OCTAL = new Set(['defaultMode', 'mode']);

const norm = (s: string) => s.replace(/_/g, '').toLowerCase();

function absent(v: unknown): boolean {
  if (v === null || v === undefined || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v as object).length === 0;
}

class Converter {
  constructor(private readonly defs: Definitions) {}

  /** Follows $refs to the definition (and its name, for provider defaults). */
  private resolve(schema: Obj): { schema: Obj; name?: string } {
    const ref = schema.$ref as string | undefined;
    if (ref === undefined) return { schema };
    const name = ref.replace('#/definitions/', '');
    return { schema: this.defs[name], name };
  }

  private propertyFor(tfKey: string, props: Record<string, Obj>): string | undefined {
    if (RENAMES[tfKey] !== undefined) return RENAMES[tfKey];
    const byNorm = new Map(Object.keys(props).map((p) => [norm(p), p]));
    const n = norm(tfKey);
    return byNorm.get(n) ?? byNorm.get(`${n}s`) ?? byNorm.get(`${n}es`) ?? (n.endsWith('y') ? byNorm.get(`${n.slice(0, -1)}ies`) : undefined);
  }

  value(v: unknown, schemaRef: Obj, at: string, apiName: string): unknown {
    const { schema, name } = this.resolve(schemaRef);
    if (name !== undefined && /\.IntOrString$/.test(name)) return typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
    if (name !== undefined && /\.Quantity$/.test(name)) return typeof v === 'number' ? String(v) : v;
    if (schema.properties !== undefined) return this.object(v, schema, name, at);
    if (schema.type === 'array') {
      const items = Array.isArray(v) ? v : [v];
      return items.filter((x) => x !== null && x !== undefined).map((x, i) => this.value(x, schema.items as Obj, `${at}[${i}]`, apiName));
    }
    if (schema.type === 'object' && schema.additionalProperties !== undefined) {
      if (Array.isArray(v)) throw new ConversionError(`${at}: a list where the API expects a map`);
      return Object.fromEntries(Object.entries(v as Obj).map(([k, x]) => [k, this.value(x, schema.additionalProperties as Obj, `${at}[${k}]`, apiName)]));
    }
    if (schema.type === 'integer' || schema.type === 'number') {
      if (typeof v === 'number') return v;
      const text = String(v);
      if (OCTAL.has(apiName) && /^0?[0-7]+$/.test(text)) return parseInt(text, 8);
      if (!/^-?\d+(\.\d+)?$/.test(text)) throw new ConversionError(`strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`);
      return Number(text);
    }
    if (schema.type === 'string' && typeof v === 'number') return String(v);
    return v;
  }

  /** A Terraform block (a one-element list or an object) into the API object `schema` describes. */
  object(v: unknown, schema: Obj, definition: string | undefined, at: string): Obj {
    let block = v;
    if (Array.isArray(block)) {
      if (block.length > 1) throw new ConversionError(`${at}: ${block.length} blocks where the API expects one object`);
      block = block[0] ?? {};
    }
    const props = schema.properties as Record<string, Obj>;
    const out: Obj = {};
    for (const [key, x] of Object.entries((block ?? {}) as Obj)) {
      if (PROVIDER_ONLY.has(key) || DROPPED[definition ?? '']?.includes(key)) continue;
      const keepZero = typeof x === 'number' && x === 0;
      if (absent(x)) continue;
      const prop = this.propertyFor(key, props);
      if (prop === undefined) throw new ConversionError(`${at}.${key}: no API field for this attribute`);
      if (keepZero && !KEEP_ZERO.has(prop)) continue;
      out[prop] = this.value(x, props[prop], at === '' ? prop : `${at}.${prop}`, prop);
    }
    for (const [k, d] of Object.entries(PROVIDER_DEFAULTS[definition ?? ''] ?? {})) if (out[k] === undefined) out[k] = d;
    return out;
  }
}

/** A Secret's data as the provider sends it: `data` base64-encoded, `binary_data` already base64, merged. */
function secretData(state: Obj): Obj | undefined {
  const out: Obj = {};
  for (const key of ['data', 'data_wo'])
    for (const [k, v] of Object.entries((state[key] ?? {}) as Obj)) if (v !== null) out[k] = Buffer.from(String(v), 'utf8').toString('base64');
  for (const key of ['binary_data', 'binary_data_wo']) for (const [k, v] of Object.entries((state[key] ?? {}) as Obj)) if (v !== null) out[k] = v;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Drops nulls (unknown or unset values) from a manifest body. */
function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v)
      .filter(([, x]) => x !== null && x !== undefined)
      .map(([k, x]) => [k, withoutNulls(x)]),
  );
}

/** The API object a resource's state stands for (`kubernetes_manifest` bodies already are one). */
export function toApiObject(terraformType: string, state: Obj): ApiObject {
  if (terraformType === 'kubernetes_manifest') {
    const m = withoutNulls(state.manifest) as ApiObject;
    return { ...m, metadata: { ...((m.metadata ?? {}) as object) } };
  }
  const gvk = TYPED_RESOURCES[terraformType];
  if (gvk === undefined) throw new ConversionError(`${terraformType} is not modelled by the simulated API server`);
  const kind = gvk.slice(gvk.lastIndexOf('/') + 1);
  const apiVersion = gvk.slice(0, gvk.lastIndexOf('/'));
  const meta = ((state.metadata as Obj[] | undefined)?.[0] ?? {}) as Obj;
  if (!openApiStatus().available) {
    // Without the specs only the metadata can be trusted; the caller reports the rest as skipped.
    const metadata = Object.fromEntries(['name', 'namespace', 'labels', 'annotations'].filter((k) => !absent(meta[k])).map((k) => [k, meta[k]]));
    const partial: ApiObject = { apiVersion, kind, metadata };
    Object.defineProperty(partial, PARTIAL, { value: true });
    return partial;
  }
  const root = rootFor(apiVersion, kind)!;
  const defs = definitionsOf(root.file);
  const converter = new Converter(defs);
  const rest: Obj = { ...state };
  let data: Obj | undefined;
  if (kind === 'Secret') {
    data = secretData(state);
    for (const key of ['data', 'data_wo', 'binary_data', 'binary_data_wo']) delete rest[key];
  }
  const body = converter.object([rest], defs[root.definition], root.definition, '');
  const object: ApiObject = { apiVersion, kind, ...body, metadata: (body.metadata ?? {}) as ApiObject['metadata'] };
  if (data !== undefined) object.data = data;
  return object;
}

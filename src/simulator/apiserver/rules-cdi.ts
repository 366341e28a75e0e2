// CDI's DataVolume validating webhook (datavolume-validate.cdi.kubevirt.io), for what templates use.
import { ApiObject } from './convert';
import { webhookDenied } from './errors';
import { parseQuantity } from './names';
import { sameJson } from './rules-update';
import { ClusterView } from './cluster';

type Obj = Record<string, any>;

export const DV_WEBHOOK = 'datavolume-validate.cdi.kubevirt.io';
const SOURCES = ['http', 's3', 'gcs', 'registry', 'pvc', 'upload', 'blank', 'imageio', 'vddk', 'snapshot'];
const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce'];

function sizeCause(resources: Obj | undefined, name: string, inferable: boolean): string | undefined {
  const size = resources?.requests?.storage;
  // With the storage API CDI infers the size of a clone from its source.
  if (size === undefined) return inferable ? undefined : `${name} size is missing`;
  const n = parseQuantity(size);
  return n === undefined || n <= 0 ? `${name} size can't be equal or less than zero` : undefined;
}

function urlCause(url: unknown): string | undefined {
  if (typeof url !== 'string' || url === '') return 'spec.source source URL is empty';
  if (url.startsWith('${')) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `spec.source Invalid source URL: ${url}`;
  }
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? undefined : `spec.source Invalid source URL scheme: ${url}`;
}

/** The spec checks, in the webhook's order; it stops at the first failing group. */
function specCauses(dv: ApiObject, op: string, cluster: ClusterView): string[] {
  const spec = (dv.spec ?? {}) as Obj;
  const clone = spec.sourceRef !== undefined || spec.source?.pvc !== undefined || spec.source?.snapshot !== undefined;
  if (spec.pvc === undefined && spec.storage === undefined) return ['Missing Data volume PVC'];
  if (spec.pvc !== undefined && spec.storage !== undefined) return ['Duplicate storage definition, both target storage and target pvc defined'];
  const size = spec.pvc !== undefined ? sizeCause(spec.pvc.resources, 'PVC', false) : sizeCause(spec.storage.resources, 'Storage', clone);
  if (size !== undefined) return [size];
  if (spec.pvc !== undefined) {
    const modes = (spec.pvc.accessModes ?? []) as string[];
    if (modes.length === 0) return ['Required value: at least 1 access mode is required'];
    if (modes.length > 1) return ['PVC multiple accessModes'];
  }
  const bad = ((spec.pvc ?? spec.storage).accessModes ?? []).find((m: string) => !ACCESS_MODES.includes(m));
  if (bad !== undefined) return [`Unsupported value: "${bad}": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce"`];
  if ((spec.source === undefined) === (spec.sourceRef === undefined)) return ['Data volume should have either Source or SourceRef'];
  if (spec.sourceRef !== undefined) {
    const ref = spec.sourceRef as Obj;
    if (!ref.kind) return ['Missing sourceRef kind'];
    if (ref.kind !== 'DataSource') return [`Unsupported sourceRef kind ${ref.kind}, currently only DataSource is supported`];
    if (!ref.name) return ['Missing sourceRef name'];
    const ns = ref.namespace || dv.metadata.namespace || 'default';
    if (op === 'CREATE' && !cluster.openWorld && cluster.get('cdi.kubevirt.io/v1beta1', 'DataSource', ns, ref.name) === undefined)
      return [`SourceRef DataSource/${ns}/${ref.name} not found`];
    return [];
  }
  const sources = SOURCES.filter((s) => spec.source[s] !== undefined);
  if (sources.length === 0) return ['Missing Data volume source'];
  if (sources.length > 1) return ['Multiple Data volume sources'];
  for (const s of ['http', 's3', 'imageio', 'vddk']) {
    if (spec.source[s] === undefined) continue;
    const cause = urlCause(spec.source[s].url);
    if (cause !== undefined) return [cause];
  }
  if (spec.contentType !== undefined && !['kubevirt', 'archive'].includes(spec.contentType)) return ['ContentType not one of: kubevirt, archive'];
  if (spec.source.pvc !== undefined && (!spec.source.pvc.namespace || !spec.source.pvc.name)) return ['spec.source.PVC source PVC is not valid'];
  return [];
}

/** The webhook's answer for a DataVolume: undefined when admitted. */
export function admitDataVolume(op: 'CREATE' | 'UPDATE', dv: ApiObject, old: ApiObject | undefined, cluster: ClusterView): string | undefined {
  // CDI joins its causes with a leading space each.
  const deny = (causes: string[]) => webhookDenied(DV_WEBHOOK, causes.map((c) => ` ${c}`).join(''));
  if (op === 'UPDATE' && old !== undefined && !sameJson(dv.spec, old.spec)) return deny(['Cannot update DataVolume Spec']);
  if (op === 'CREATE' && !cluster.openWorld) {
    const ns = dv.metadata.namespace ?? 'default';
    const pvc = cluster.get('v1', 'PersistentVolumeClaim', ns, String(dv.metadata.name));
    const owners = ((pvc?.metadata as Obj | undefined)?.ownerReferences ?? []) as Obj[];
    if (pvc !== undefined && !owners.some((o) => o.kind === 'DataVolume' && o.controller === true))
      return deny([`Destination PVC ${ns}/${dv.metadata.name} already exists`]);
  }
  const causes = specCauses(dv, op, cluster);
  return causes.length > 0 ? deny(causes) : undefined;
}

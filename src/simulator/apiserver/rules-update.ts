// Fields the API server refuses to change on update (ValidateXxxUpdate), where templates could hit them.
import { ApiObject } from './convert';
import { FieldError, forbidden, invalid } from './errors';
import { parseQuantity } from './names';

type Obj = Record<string, any>;

/** Deep equality of JSON values, absent and empty being the same (as the API server's semantic equality). */
export function sameJson(a: unknown, b: unknown): boolean {
  const empty = (v: unknown) =>
    v === undefined || v === null || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && Object.keys(v).length === 0);
  if (empty(a) && empty(b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => sameJson((a as Obj)[k], (b as Obj)[k]));
}

const immutable = (path: string, value: unknown): FieldError => invalid(path, value, 'field is immutable');

/** The only pod spec fields an update may change. */
const POD_MUTABLE =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

function podUpdate(o: Obj, old: Obj): FieldError[] {
  // Images, activeDeadlineSeconds and added tolerations may change; everything else must be equal.
  const strip = (spec: Obj) => ({
    ...spec,
    containers: ((spec.containers ?? []) as Obj[]).map((c) => ({ ...c, image: undefined })),
    initContainers: ((spec.initContainers ?? []) as Obj[]).map((c) => ({ ...c, image: undefined })),
    activeDeadlineSeconds: undefined,
    tolerations: undefined,
  });
  const errs: FieldError[] = [];
  if (!sameJson(strip(o.spec ?? {}), strip(old.spec ?? {}))) errs.push(forbidden('spec', POD_MUTABLE));
  const oldTolerations = (old.spec?.tolerations ?? []) as Obj[];
  if (!oldTolerations.every((t) => ((o.spec?.tolerations ?? []) as Obj[]).some((n) => sameJson(n, t)))) errs.push(forbidden('spec', POD_MUTABLE));
  return errs.slice(0, 1);
}

function pvcUpdate(o: Obj, old: Obj): FieldError[] {
  // Claims are bound as soon as a pod uses them here: only resources.requests (growth) may change.
  const strip = (spec: Obj) => ({
    ...spec,
    resources: { ...(spec.resources ?? {}), requests: undefined },
    volumeAttributesClassName: undefined,
    volumeName: undefined,
  });
  const errs: FieldError[] = [];
  if (!sameJson(strip(o.spec ?? {}), strip(old.spec ?? {})))
    errs.push(forbidden('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'));
  const before = parseQuantity(old.spec?.resources?.requests?.storage);
  const after = parseQuantity(o.spec?.resources?.requests?.storage);
  if (before !== undefined && after !== undefined && after < before)
    errs.push(forbidden('spec.resources.requests.storage', 'field can not be less than status.capacity'));
  return errs;
}

/** Errors of an UPDATE from `old` to `o` on immutable fields. */
export function validateUpdate(o: ApiObject, old: ApiObject): FieldError[] {
  const n = o as Obj;
  const p = old as Obj;
  switch (`${o.apiVersion}/${o.kind}`) {
    case 'v1/Pod':
      return podUpdate(n, p);
    case 'v1/PersistentVolumeClaim':
      return pvcUpdate(n, p);
    case 'v1/Service': {
      const before = p.spec?.clusterIP;
      const after = n.spec?.clusterIP;
      // An empty clusterIP in the new object means "keep the allocated one".
      return before !== undefined && after !== undefined && before !== after ? [invalid('spec.clusterIPs[0]', after, 'may not change once set')] : [];
    }
    case 'apps/v1/Deployment':
      return sameJson(n.spec?.selector, p.spec?.selector) ? [] : [immutable('spec.selector', n.spec?.selector ?? {})];
    case 'node.k8s.io/v1/RuntimeClass':
      return n.handler === p.handler ? [] : [immutable('handler', n.handler)];
    case 'v1/Secret':
    case 'v1/ConfigMap': {
      const errs: FieldError[] = [];
      if (o.kind === 'Secret' && (n.type ?? 'Opaque') !== (p.type ?? 'Opaque')) errs.push(immutable('type', n.type ?? 'Opaque'));
      if (p.immutable === true && (!sameJson(n.data, p.data) || !sameJson(n.binaryData, p.binaryData)))
        errs.push(forbidden('data', 'field is immutable when `immutable` is set'));
      if (p.immutable === true && n.immutable !== true) errs.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
      return errs;
    }
    case 'rbac.authorization.k8s.io/v1/RoleBinding':
    case 'rbac.authorization.k8s.io/v1/ClusterRoleBinding':
      return sameJson(n.roleRef, p.roleRef) ? [] : [invalid('roleRef', n.roleRef, 'cannot change roleRef')];
    default:
      return [];
  }
}

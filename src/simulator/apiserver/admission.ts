// One request through the simulated API server, stage by stage as a real one runs them: REST mapping (is the kind
// served), strict decoding (OpenAPI), namespace lifecycle, RuntimeClass admission, field validation, Pod Security
// admission, then the KubeVirt and CDI validating webhooks. The first stage that refuses ends the request.
import { ApiObject, isPartial } from './convert';
import { ClusterView } from './cluster';
import { FieldError, forbiddenStatus, invalid, invalidStatus, qualifiedKind, required } from './errors';
import { builtInGroup, groupOf, kindInfo } from './kinds';
import { openApiStatus, schemaProblems } from './openapi';
import { enforcedLevel, podSecurityViolation } from './pod-security';
import { admitDataVolume } from './rules-cdi';
import { validateKind } from './rules-core';
import { admitVirtualMachine } from './rules-kubevirt';
import { validateMetadata } from './rules-meta';
import { validateUpdate } from './rules-update';

type Obj = Record<string, any>;
export type Operation = 'CREATE' | 'UPDATE' | 'DELETE';

/** The REST mapper's answer for a kind that no CRD serves. */
export function noKindMatch(apiVersion: string, kind: string): string {
  return `no matches for kind ${JSON.stringify(kind)} in version ${JSON.stringify(apiVersion)}`;
}

/** Strict decoding (unknown fields) and schema types, as the API server reports them. */
function decodeErrors(o: ApiObject): string[] {
  if (isPartial(o) || !openApiStatus().available) return [];
  const problems = schemaProblems(o);
  if (problems === undefined) return [];
  const version = o.apiVersion.split('/').pop();
  const unknown = problems.filter((p) => p.kind === 'unknown field').map((p) => `unknown field ${JSON.stringify(p.path)}`);
  if (unknown.length > 0)
    return [`${o.kind} in version ${JSON.stringify(version)} cannot be handled as a ${o.kind}: strict decoding error: ${unknown.join(', ')}`];
  // Built-in kinds decode into Go structs: `required` is their field validation's job, with its own wording.
  const relevant = builtInGroup(groupOf(o.apiVersion)) ? problems.filter((p) => p.kind !== 'required') : problems;
  const errs: FieldError[] = relevant.map((p) => {
    const value = p.path.split(/\.|\[/).reduce<unknown>((v, step) => (v as Obj | undefined)?.[step.replace(/\]$/, '')], o);
    if (p.kind === 'required') return required(p.path);
    if (p.kind === 'type')
      return invalid(
        p.path,
        Array.isArray(value) ? 'array' : typeof value,
        `${p.path} in body must be of type ${p.detail}: ${JSON.stringify(Array.isArray(value) ? 'array' : typeof value)}`,
      );
    return invalid(p.path, value, p.detail);
  });
  return errs.length > 0 ? [invalidStatus(o.apiVersion, o.kind, String(o.metadata.name ?? ''), errs)] : [];
}

/** A stable pod-template-hash look-alike, so the refused pod's name reads like a real ReplicaSet's. */
function templateHash(template: unknown): string {
  let h = 0x811c9dc5;
  for (const ch of JSON.stringify(template ?? {})) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return [...String(h)].map((c) => alphabet[c.charCodeAt(0) % alphabet.length]).join('');
}

/** What admission says about the pods a Pod or a Deployment creates: RuntimeClass, then Pod Security. */
function podAdmission(meta: Obj, spec: Obj, namespace: string, cluster: ClusterView, podName: string): { runtimeClass?: string; podSecurity?: string } {
  const rc = spec.runtimeClassName as string | undefined;
  if (rc !== undefined && !cluster.openWorld && cluster.get('node.k8s.io/v1', 'RuntimeClass', undefined, rc) === undefined) {
    return { runtimeClass: forbiddenStatus('pods', podName, `pod rejected: RuntimeClass ${JSON.stringify(rc)} not found`) };
  }
  const ns = cluster.get('v1', 'Namespace', undefined, namespace);
  const { level, version } = enforcedLevel(ns?.metadata.labels);
  const violation = podSecurityViolation(level, version, meta, spec);
  return violation === undefined ? {} : { podSecurity: forbiddenStatus('pods', podName, violation) };
}

/**
 * Admits one request: the errors in the real message format, or `[]` when the object is admitted. `old` is the
 * object before an UPDATE. Objects converted without the OpenAPI specs are checked for metadata only.
 */
export function admit(op: Operation, object: ApiObject, old: ApiObject | undefined, cluster: ClusterView): string[] {
  if (op === 'DELETE') return [];
  const info = kindInfo(object.apiVersion, object.kind);
  const group = groupOf(object.apiVersion);
  const name = String(object.metadata.name ?? '');
  if (!builtInGroup(group) && !cluster.openWorld && !cluster.hasCrd(group, object.kind)) return [noKindMatch(object.apiVersion, object.kind)];

  const decoding = decodeErrors(object);
  if (decoding.length > 0) return decoding;

  const namespace = info.namespaced ? (object.metadata.namespace ?? 'default') : undefined;
  if (namespace !== undefined && op === 'CREATE' && !cluster.openWorld && cluster.get('v1', 'Namespace', undefined, namespace) === undefined)
    return [`namespaces ${JSON.stringify(namespace)} not found`];

  const partial = isPartial(object);
  if (object.kind === 'Pod' && op === 'CREATE' && !partial) {
    const rc = podAdmission(object.metadata, (object.spec ?? {}) as Obj, namespace!, cluster, name).runtimeClass;
    if (rc !== undefined) return [rc];
  }

  const fieldErrors = [
    ...validateMetadata(object),
    ...(partial ? [] : validateKind(object)),
    ...(op === 'UPDATE' && old !== undefined && !partial ? validateUpdate(object, old) : []),
  ];
  if (fieldErrors.length > 0) return [invalidStatus(object.apiVersion, object.kind, name, fieldErrors)];
  if (partial) return [];

  if (object.kind === 'Pod' && op === 'CREATE') {
    const psa = podAdmission(object.metadata, (object.spec ?? {}) as Obj, namespace!, cluster, name).podSecurity;
    if (psa !== undefined) return [psa];
  }
  if (object.kind === 'Deployment' && object.apiVersion === 'apps/v1') {
    // The Deployment is admitted; its ReplicaSet's pods are not, and the provider's rollout wait fails.
    const spec = (object.spec ?? {}) as Obj;
    if (spec.replicas !== 0) {
      const rs = `${name}-${templateHash(spec.template)}`;
      const pods = podAdmission((spec.template?.metadata ?? {}) as Obj, (spec.template?.spec ?? {}) as Obj, namespace!, cluster, `${rs}-`);
      const refusal = pods.runtimeClass ?? pods.podSecurity;
      if (refusal !== undefined)
        return [
          `${qualifiedKind(object.apiVersion, object.kind)} ${JSON.stringify(name)} never becomes available: ReplicaSet ${JSON.stringify(rs)} FailedCreate: Error creating: ${refusal}`,
        ];
    }
  }
  if (object.kind === 'VirtualMachine' && group === 'kubevirt.io') {
    const denied = admitVirtualMachine(object, cluster);
    if (denied !== undefined) return [denied];
  }
  if (object.kind === 'DataVolume' && group === 'cdi.kubevirt.io') {
    const denied = admitDataVolume(op, object, old, cluster);
    if (denied !== undefined) return [denied];
  }
  return [];
}

/**
 * What hashicorp/kubernetes checks while planning a `kubernetes_manifest`: it reads the kind's CRD (or the
 * cluster's OpenAPI) to build the type, and refuses attributes that type does not have.
 */
export function planManifest(manifest: ApiObject, cluster: ClusterView): string[] {
  const group = groupOf(String(manifest.apiVersion));
  if (!builtInGroup(group) && !cluster.openWorld && !cluster.hasCrd(group, String(manifest.kind))) {
    return [
      `API did not recognize GroupVersionKind from manifest (CRD may not be installed): ${noKindMatch(String(manifest.apiVersion), String(manifest.kind))}`,
    ];
  }
  if (!openApiStatus().available) return [];
  const unknown = (schemaProblems(manifest) ?? []).filter((p) => p.kind === 'unknown field');
  return unknown.map(
    (p) =>
      `Manifest configuration incompatible with resource schema: Attribute not found in schema: Unable to find schema type for attribute: object.${p.path}`,
  );
}

// ObjectMeta validation (apimachinery's ValidateObjectMeta): names by kind, namespace, labels, annotations.
import { ApiObject } from './convert';
import { FieldError, invalid, required, tooLong } from './errors';
import { kindInfo } from './kinds';
import { dns1035Label, dns1123Label, dns1123Subdomain, labelKey, labelValue } from './names';

const NAME_RULES = { subdomain: dns1123Subdomain, label: dns1123Label, dns1035: dns1035Label };
/** The API server's cap on all annotations of one object, keys and values together. */
const TOTAL_ANNOTATION_SIZE = 256 * 1024;

type Labels = Record<string, unknown> | undefined;

/** Label maps (metadata.labels, selectors, nodeSelector): keys and values. */
export function validateLabels(labels: Labels, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    for (const msg of labelKey(key)) errs.push(invalid(path, key, msg));
    for (const msg of labelValue(String(value))) errs.push(invalid(path, value, msg));
  }
  return errs;
}

/** Annotation keys are qualified names (checked lower-cased) and all of them together are at most 256 KiB. */
export function validateAnnotations(annotations: Labels, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [key, value] of Object.entries(annotations ?? {})) {
    for (const msg of labelKey(key.toLowerCase())) errs.push(invalid(path, key, msg));
    size += Buffer.byteLength(key) + Buffer.byteLength(String(value));
  }
  if (size > TOTAL_ANNOTATION_SIZE) errs.push(tooLong(path, `must have at most ${TOTAL_ANNOTATION_SIZE} bytes`));
  return errs;
}

/** metadata of any object: name (by its kind's rule), namespace, labels, annotations. */
export function validateMetadata(object: ApiObject): FieldError[] {
  const info = kindInfo(object.apiVersion, object.kind);
  const md = object.metadata ?? {};
  const errs: FieldError[] = [];
  const name = md.name;
  if (name === undefined || name === '') {
    if (md.generateName === undefined || md.generateName === '') errs.push(required('metadata.name', 'name or generateName is required'));
  } else {
    for (const msg of NAME_RULES[info.nameRule](String(name))) errs.push(invalid('metadata.name', name, msg));
  }
  if (info.namespaced && md.namespace !== undefined)
    for (const msg of dns1123Label(String(md.namespace))) errs.push(invalid('metadata.namespace', md.namespace, msg));
  errs.push(...validateLabels(md.labels, 'metadata.labels'));
  errs.push(...validateAnnotations(md.annotations, 'metadata.annotations'));
  return errs;
}

/** Pod template metadata (Deployments): labels and annotations only. */
export function validateTemplateMetadata(md: Record<string, unknown> | undefined, path: string): FieldError[] {
  return [...validateLabels(md?.labels as Labels, `${path}.labels`), ...validateAnnotations(md?.annotations as Labels, `${path}.annotations`)];
}

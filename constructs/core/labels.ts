// The labels and annotations every Kubernetes object of a workspace carries.
import { CoderTemplate } from './coder-template';
import { IConstruct } from './cdktf';
import { check } from './errors';

const KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

/**
 * Labels that identify a workspace's objects (the `app.kubernetes.io/*` set plus Coder's
 * `com.coder.*` ids, which let an operator find orphans). `instance` is the workspace's object name.
 */
export function workspaceLabels(template: CoderTemplate, instance: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': 'coder-workspace',
    'app.kubernetes.io/instance': instance,
    'app.kubernetes.io/part-of': 'coder',
    'com.coder.resource': 'true',
    'com.coder.workspace.id': template.workspace.id,
    'com.coder.workspace.name': template.workspace.name,
    'com.coder.user.id': template.owner.id,
    'com.coder.user.username': template.owner.name,
  };
}

/** Annotations with values that may not be label values. */
export function workspaceAnnotations(template: CoderTemplate): Record<string, string> {
  return { 'com.coder.user.email': template.owner.email };
}

/** Checks user-supplied labels (keys and values) or annotations (keys only). */
export function checkMetadata(scope: IConstruct, prop: string, entries: Record<string, string> | undefined, kind: 'labels' | 'annotations'): void {
  for (const [key, value] of Object.entries(entries ?? {})) {
    check(KEY.test(key) && key.length <= 316, scope, prop, `"${key}" is not a valid Kubernetes ${kind.slice(0, -1)} key`);
    if (kind === 'labels') check(VALUE.test(value), scope, prop, `value "${value}" of "${key}" is not a valid label value (63 characters of [A-Za-z0-9-_.])`);
  }
}

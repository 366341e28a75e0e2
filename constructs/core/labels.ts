// Checks of user-supplied Kubernetes labels and annotations.
import { IConstruct } from './cdktf';
import { check } from './errors';

const KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

/** Checks user-supplied labels (keys and values) or annotations (keys only). */
export function checkMetadata(scope: IConstruct, prop: string, entries: Record<string, string> | undefined, kind: 'labels' | 'annotations'): void {
  for (const [key, value] of Object.entries(entries ?? {})) {
    check(KEY.test(key) && key.length <= 316, scope, prop, `"${key}" is not a valid Kubernetes ${kind.slice(0, -1)} key`);
    if (kind === 'labels') check(VALUE.test(value), scope, prop, `value "${value}" of "${key}" is not a valid label value (63 characters of [A-Za-z0-9-_.])`);
  }
}

/** Labels of every object the platform stacks create; workspace namespaces are selected by them. */
export const PLATFORM_LABELS = { 'app.kubernetes.io/managed-by': 'cvmkit', 'app.kubernetes.io/part-of': 'coder' } as const;

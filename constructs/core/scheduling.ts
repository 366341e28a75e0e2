// Node placement shared by every backend: node selectors and tolerations, validated once.
import { IConstruct } from './cdktf';
import { check } from './errors';
import { checkMetadata } from './labels';

/** A Kubernetes toleration, in the API's own field names. */
export interface Toleration {
  /**
   * Taint key to tolerate.
   * @default every key (with operator `Exists`)
   */
  readonly key?: string;
  /**
   * `Equal` matches `value`; `Exists` matches any value.
   * @default "Equal"
   */
  readonly operator?: 'Equal' | 'Exists';
  /**
   * Taint value, with operator `Equal`.
   * @default ""
   */
  readonly value?: string;
  /**
   * Taint effect to tolerate.
   * @default every effect
   */
  readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  /**
   * Seconds a `NoExecute` taint is tolerated before eviction.
   * @default forever
   */
  readonly tolerationSeconds?: number;
}

/** Checks tolerations as the API server would, and returns them as plain objects. */
export function checkTolerations(scope: IConstruct, prop: string, tolerations: readonly Toleration[] | undefined): Toleration[] {
  return (tolerations ?? []).map((t, i) => {
    check(t.operator !== 'Exists' || t.value === undefined, scope, `${prop}[${i}]`, 'operator Exists takes no value');
    check(t.key !== undefined || t.operator === 'Exists', scope, `${prop}[${i}]`, 'a toleration without key needs operator Exists');
    check(t.tolerationSeconds === undefined || t.effect === 'NoExecute', scope, `${prop}[${i}]`, 'tolerationSeconds only applies to effect NoExecute');
    return { ...t };
  });
}

/** Checks a node selector (label keys and values). */
export function checkNodeSelector(scope: IConstruct, prop: string, selector: Record<string, string> | undefined): Record<string, string> {
  checkMetadata(scope, prop, selector, 'labels');
  return { ...(selector ?? {}) };
}

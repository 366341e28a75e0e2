// Default/min/max triples for workspace sizes, validated once for every construct.
import { IConstruct } from './cdktf';
import { check, CvmkitValidationError } from './errors';
import { Size } from './size';

/** A default value and the bounds the workspace user may choose within. */
export interface Range<T> {
  /** Value preselected for the user. */
  readonly default: T;
  /** Smallest value the user may choose. */
  readonly min: T;
  /** Largest value the user may choose. */
  readonly max: T;
}

/** A checked whole-number range. */
export interface CheckedRange {
  readonly default: number;
  readonly min: number;
  readonly max: number;
}

/** Checks a range of whole numbers (CPU cores). */
export function checkCountRange(scope: IConstruct, prop: string, range: Range<number>): CheckedRange {
  for (const key of ['default', 'min', 'max'] as const) {
    check(Size.isWholePositive(range[key]), scope, `${prop}.${key}`, `${range[key]} must be a positive whole number`);
  }
  return orderRange(scope, prop, range);
}

/**
 * Checks a range of sizes given as {@link Size} or Kubernetes binary quantities (`16Gi`), and
 * returns it in whole GiB. `4GB`, `4G` or fractions are errors: the workspace form asks in GiB.
 */
export function checkGibibyteRange(scope: IConstruct, prop: string, range: Range<Size | string>): CheckedRange {
  const gi = (key: 'default' | 'min' | 'max'): number => {
    const raw = range[key];
    const size = typeof raw === 'string' ? Size.tryParse(raw) : raw;
    if (size === undefined) {
      throw new CvmkitValidationError(scope, `${prop}.${key}`, `"${String(raw)}" is not a size in binary units such as "16Gi" or "512Mi"`);
    }
    check(size.toMebibytes() % 1024 === 0, scope, `${prop}.${key}`, `${size} must be a whole number of Gi`);
    return size.toGibibytes();
  };
  return orderRange(scope, prop, { default: gi('default'), min: gi('min'), max: gi('max') });
}

function orderRange(scope: IConstruct, prop: string, r: Range<number>): CheckedRange {
  check(r.min <= r.max, scope, prop, `min ${r.min} is greater than max ${r.max}`);
  check(r.min <= r.default && r.default <= r.max, scope, `${prop}.default`, `${r.default} is outside ${r.min}..${r.max}`);
  return { default: r.default, min: r.min, max: r.max };
}

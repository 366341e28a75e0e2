// The single error type that every construct throws for bad input.
import { IConstruct } from './cdktf';

/**
 * Thrown when a construct is given a prop it cannot accept. The message always names the
 * construct path and the prop, so a user can find the line to fix.
 */
export class CvmkitValidationError extends Error {
  /** Path of the construct that rejected the prop, e.g. `kubevirt-vm/Workspace`. */
  public readonly constructPath: string;
  /** Name of the prop that was rejected, e.g. `rootDiskSize`. */
  public readonly prop: string;

  constructor(scope: IConstruct | string, prop: string, problem: string) {
    const path = typeof scope === 'string' ? scope : scope.node.path;
    super(`${path}: invalid ${prop}: ${problem}`);
    this.name = 'CvmkitValidationError';
    this.constructPath = path;
    this.prop = prop;
  }
}

/** Throws a {@link CvmkitValidationError} unless `condition` holds. */
export function check(condition: boolean, scope: IConstruct | string, prop: string, problem: string): asserts condition {
  if (!condition) throw new CvmkitValidationError(scope, prop, problem);
}

// Synthesizes cdktf stacks to Terraform JSON in memory, resolving each stack once instead of cdktf's three times.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { invokeAspects } from 'cdktf/lib/synthesize/synthesizer';
import { AnnotationMetadataEntryType } from 'cdktf/lib/annotations';
import { appValidationFailure, encounteredAnnotationWithLevelError } from 'cdktf/lib/errors';
import { ValidateTerraformVersion } from 'cdktf/lib/validations/validate-terraform-version';
import { App, TerraformStack } from '../constructs/core/cdktf';
import { prefetchedOutput } from './version-prefetch';

// cdktf 0.21's App.synth() resolves every stack in a "preparing" pass (for cross-stack
// references), again to write cdk.tf.json, and callers resolve it a third time to read the JSON
// back. This module does what App.synth() does for stacks (aspects, validations, error
// annotations, app validations) and resolves each stack once; the JSON is the same object
// cdktf would have written (test/stack-json.test.ts compares them). The deep imports above
// are the pipeline's only dependency on cdktf internals; cdktf is pinned to an exact version.

const CUSTOM_SYNTHESIS = Symbol.for('cdktf/customSynthesis');

/**
 * Terraform JSON of every stack of `app`, with aspects and validations run as `app.synth()`
 * runs them (and failing with the same errors), but nothing written to disk. Several stacks of
 * one app may reference each other, so they keep cdktf's preparing pass; constructs with custom
 * synthesis (assets, which write files) are refused.
 */
export function synthesizeApp(app: App): Map<TerraformStack, Record<string, any>> {
  const stacks = app.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
  // A cross-stack reference needs two stacks; with one the preparing pass only calls
  // ensureBackendExists() and resolves for nothing.
  if (stacks.length > 1) stacks.forEach((s) => s.prepareStack());
  else stacks.forEach((s) => s.ensureBackendExists());
  const out = new Map<TerraformStack, Record<string, any>>();
  sharingVersionChecks(() => {
    for (const stack of stacks) {
      invokeAspects(stack);
      if (stack.hasResourceMove()) {
        stack.node.addValidation(
          new ValidateTerraformVersion('>=1.5', 'Resource move functionality is only supported for Terraform >=1.5. Please upgrade your Terraform version.'),
        );
      }
      if (!app.skipValidation) stack.runAllValidations();
      const nodes = stack.node.findAll();
      if (nodes.some((n) => CUSTOM_SYNTHESIS in n))
        throw new Error(`${stack.node.path}: constructs with custom synthesis (assets) are not supported by cvmkit's synth`);
      const errors = nodes.flatMap((n) => n.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.ERROR).map((m) => `[${n.node.path}] ${m.data}`));
      if (errors.length > 0) throw encounteredAnnotationWithLevelError(errors.join('\n'));
      out.set(stack, stack.toTerraform() as Record<string, any>);
    }
  });
  if (!app.skipValidation) {
    const failures = app.node.validate();
    if (failures.length > 0) throw appValidationFailure(failures.join('\n  '));
  }
  return out;
}

/** Terraform JSON of a stack that is the only one of its app. */
export function synthesizeStack(app: App, stack: TerraformStack): Record<string, any> {
  const json = synthesizeApp(app).get(stack);
  if (json === undefined) throw new Error(`${stack.node.path} is not a stack of this app`);
  return json;
}

/**
 * Runs `run` with a private temporary folder for cdktf's App, which insists on one (nothing is
 * written to it), and with version checks shared by every stack synthesized meanwhile.
 */
export function withScratchDir<T>(run: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-synth-'));
  const cleanUp = () => fs.rmSync(dir, { recursive: true, force: true });
  let async = false;
  try {
    const result = sharingVersionChecks(() => run(dir));
    if (result instanceof Promise) {
      async = true;
      return result.finally(cleanUp) as T;
    }
    return result;
  } finally {
    if (!async) cleanUp();
  }
}

// Every DataResource (terraform_data) adds a validation that runs `terraform version` in a
// shell, 30–250 ms here, once per template: 200 times for a 1000-template catalog. Within one
// batch the answer does not change, so it is kept per command, constraint and PATH while a
// `sharingVersionChecks` scope is open (every synthesizeStacks call opens one).
const versionResults = new Map<string, string[]>();
let scopes = 0;
let original: ((this: VersionCheck) => string[]) | undefined;

function checkPrototype(): { validate(this: VersionCheck): string[] } {
  return Object.getPrototypeOf(ValidateTerraformVersion.prototype);
}

function openScope(): void {
  if (scopes++ > 0) return;
  const proto = checkPrototype();
  const unmemoized = (original = proto.validate);
  proto.validate = function memoized(this: VersionCheck) {
    const key = [this.versionCommand, this.versionConstraint, this.hint ?? '', process.env.PATH ?? ''].join('\0');
    let result = versionResults.get(key);
    if (result === undefined) {
      result = fromPrefetch(this) ?? unmemoized.call(this);
      versionResults.set(key, result);
    }
    return [...result];
  };
}

function closeScope(): void {
  if (--scopes > 0) return;
  checkPrototype().validate = original!;
  versionResults.clear();
}

/** Runs `run` with `terraform version` checks answered once for all the stacks it synthesizes. */
export function sharingVersionChecks<T>(run: () => T): T {
  openScope();
  let async = false;
  try {
    const result = run();
    if (result instanceof Promise) {
      async = true;
      return result.finally(closeScope) as T;
    }
    return result;
  } finally {
    if (!async) closeScope();
  }
}

/**
 * cdktf's verdict (ValidateBinaryVersion.validate, same messages) from a prefetched output; only
 * `>=x.y.z` constraints, which are all cdktf 0.21 uses; anything else is left to cdktf.
 */
function fromPrefetch(check: VersionCheck): string[] | undefined {
  const out = prefetchedOutput(check.versionCommand);
  const wanted = /^>=(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(check.versionConstraint);
  if (out === undefined || wanted === null) return undefined;
  const version = /\d+\.\d+\.\d+/.exec(out);
  if (version === null) return [`Could not determine version of ${check.binary} (running ${check.versionCommand})`];
  const have = version[0].split('.').map(Number);
  const need = wanted.slice(1).map((x) => Number(x ?? 0));
  const cmp = have.map((h, i) => h - need[i]).find((d) => d !== 0) ?? 0;
  return cmp >= 0
    ? []
    : [`${check.binary} version ${version[0]} is lower than the required version ${check.versionConstraint} for this construct. ${check.hint || ''}`];
}

interface VersionCheck {
  readonly binary: string;
  readonly versionCommand: string;
  readonly versionConstraint: string;
  readonly hint?: string;
}

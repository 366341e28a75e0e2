// Terraform in the loop for library users: validate, simulate and upgrade-check with their own clean-up.
import type { CheckRow, LifecycleStep } from './simulator/lifecycle';
import type { UpgradeReport } from './simulator/upgrade';

// The simulator's providers are per process and removed together: calls take turns, so one call's
// clean-up never stops the providers of another still running.
let queue: Promise<unknown> = Promise.resolve();

async function exclusive<T>(work: () => Promise<T>): Promise<T> {
  const turn = queue.then(async () => {
    // gRPC and the schemas load on first use, not with the package.
    const { removeRuns } = await import('./simulator/harness');
    try {
      return await work();
    } finally {
      removeRuns();
    }
  });
  queue = turn.catch(() => undefined);
  return turn;
}

/**
 * `cvmkit validate` on a template folder held in memory (relative path to content): terraform
 * validate, plan, apply and graph against the simulated providers, and Coder's attachment rules.
 * `onCheck` hears of each check as it finishes.
 */
export function validateTemplate(files: ReadonlyMap<string, string>, onCheck?: (row: CheckRow) => void): Promise<CheckRow[]> {
  return exclusive(async () => (await import('./simulator/lifecycle')).validateTemplate(files, undefined, onCheck));
}

/**
 * `cvmkit simulate`: a workspace's life (create, stop, start, renames, each mutable parameter, an
 * upgrade to `upgraded` when given, a start while running, node loss, delete), every build checked.
 */
export function simulateLifecycle(
  files: ReadonlyMap<string, string>,
  upgraded?: ReadonlyMap<string, string>,
  onStep?: (step: LifecycleStep) => void,
): Promise<{ steps: LifecycleStep[]; problems: string[] }> {
  return exclusive(async () => {
    const { lifecycleProblems, simulateLifecycle: simulate } = await import('./simulator/lifecycle');
    const { steps } = await simulate(files, upgraded, undefined, { onStep });
    return { steps, problems: lifecycleProblems(steps) };
  });
}

/** `cvmkit upgrade-check`: what building existing workspaces of `oldFiles` with `newFiles` does to them. */
export function upgradeCheck(oldFiles: ReadonlyMap<string, string>, newFiles: ReadonlyMap<string, string>): Promise<UpgradeReport> {
  return exclusive(async () => (await import('./simulator/upgrade')).upgradeCheck(oldFiles, newFiles));
}

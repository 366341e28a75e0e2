// What a new template version does to existing workspaces: a workspace made with the old version,
// then built with the new one, in the simulator; disks lost, builds failed, parameters changed.
import { ParameterRead } from './coder';
import { checkedBuild, LifecycleStep } from './lifecycle';
import { SimulatedWorkspace } from './workspace';

/** One finding of an upgrade check. */
export interface UpgradeFinding {
  /**
   * `data loss`, `build failure` and `broken workspace` (after the upgrade) make it unsafe;
   * `parameter`, `replaced` and `old version` (a problem the old version has by itself) inform.
   */
  readonly kind: 'data loss' | 'build failure' | 'broken workspace' | 'parameter' | 'replaced' | 'old version';
  readonly detail: string;
}

/** The result of {@link upgradeCheck}. */
export interface UpgradeReport {
  /** The builds: three with the old version (create, stop, start), three with the new (update while running, stop, start). */
  readonly steps: LifecycleStep[];
  readonly findings: UpgradeFinding[];
  /** False when a disk would be lost or a build would fail. */
  readonly safe: boolean;
}

/** How the parameters changed between versions, as Coder users meet it (Coder keeps existing values). */
export function parameterChanges(before: ReadonlyMap<string, ParameterRead>, after: ReadonlyMap<string, ParameterRead>): string[] {
  const out: string[] = [];
  const label = (p: ParameterRead) => String(p.config.display_name ?? p.config.name);
  const added = [...after.keys()].filter((n) => !before.has(n));
  for (const [name, old] of before) {
    const now = after.get(name);
    if (now === undefined) {
      const renamed = added.find((n) => label(after.get(n)!) === label(old));
      out.push(
        renamed !== undefined
          ? `"${name}" was renamed to "${renamed}": existing workspaces lose their value ("${old.value}") and get the new default`
          : `"${name}" was removed: its value ("${old.value}") is no longer used`,
      );
      continue;
    }
    if (old.config.mutable === true && now.config.mutable !== true) out.push(`"${name}" became immutable: existing workspaces keep "${old.value}" for good`);
    if (old.config.mutable !== true && now.config.mutable === true) out.push(`"${name}" became mutable`);
    if (old.config.type !== now.config.type) out.push(`"${name}" changed type from ${old.config.type} to ${now.config.type}`);
    const options = ((now.config.option as { value: string }[] | null) ?? []).map((o) => o.value);
    if (options.length > 0 && !options.includes(old.value))
      out.push(`"${name}": the existing value "${old.value}" is no longer an option (${options.join(', ')})`);
  }
  for (const name of added) {
    const p = after.get(name)!;
    out.push(
      p.config.default === null || p.config.default === undefined
        ? `"${name}" is new and has no default: existing workspaces must choose a value to update`
        : `"${name}" is new (default "${p.config.default}")`,
    );
  }
  return out;
}

/**
 * Creates a workspace with `oldFiles` (create, stop, start), then builds it with `newFiles`
 * (a start of the running workspace, stop, start), checking every build, and reports what the
 * new version does to existing workspaces.
 */
export async function upgradeCheck(oldFiles: ReadonlyMap<string, string>, newFiles: ReadonlyMap<string, string>): Promise<UpgradeReport> {
  const workspace = await SimulatedWorkspace.create(oldFiles);
  const steps: LifecycleStep[] = [];
  steps.push(await checkedBuild(workspace, 'old: create', 'start'));
  const oldParameters = new Map(workspace.run.host.coder.parameters);
  steps.push(await checkedBuild(workspace, 'old: stop', 'stop'));
  steps.push(await checkedBuild(workspace, 'old: start', 'start'));
  workspace.upgrade(newFiles);
  // Values of parameters the new version dropped are not sent; Coder keeps the rest.
  for (const name of Object.keys(workspace.context.parameters)) if (!oldParameters.has(name)) delete workspace.context.parameters[name];
  const update = await checkedBuild(workspace, 'new: update (start)', 'start', {}, true);
  steps.push(update);
  const newParameters = new Map(workspace.run.host.coder.parameters);
  steps.push(await checkedBuild(workspace, 'new: stop', 'stop'));
  steps.push(await checkedBuild(workspace, 'new: start', 'start'));

  const findings: UpgradeFinding[] = [];
  for (const s of steps) {
    for (const p of s.problems) {
      const kind = s.row.step.startsWith('old:')
        ? 'old version'
        : /\bdisk\b/.test(p)
          ? 'data loss'
          : /the build failed/.test(p)
            ? 'build failure'
            : 'broken workspace';
      findings.push({ kind, detail: p });
    }
  }
  for (const detail of parameterChanges(oldParameters, newParameters)) findings.push({ kind: 'parameter', detail });
  for (const a of update.row.replaced) findings.push({ kind: 'replaced', detail: `the update replaces ${a}` });
  return { steps, findings, safe: !findings.some((f) => f.kind === 'data loss' || f.kind === 'build failure' || f.kind === 'broken workspace') };
}

// `cvmkit upgrade-check <old-dir> <new-dir>`: what a new template version does to existing workspaces.
import { Command } from 'commander';
import { table } from '../table';
import { CliError } from './common';
import { folderOrFail } from './validate';

/** The report of an upgrade check as people read it. */
export function printUpgradeReport(report: import('../simulator/upgrade').UpgradeReport): void {
  console.log(
    table(
      ['build', 'created', 'updated', 'replaced', 'deleted', 'result'],
      report.steps.map(({ row, problems }) => [
        row.step,
        row.created.length,
        row.updated.length,
        row.replaced.length,
        row.deleted.length,
        problems.length === 0 ? 'ok' : `${problems.length} problem(s)`,
      ]),
    ),
  );
  if (report.findings.length > 0) {
    console.log('');
    console.log(
      table(
        ['finding', 'detail'],
        report.findings.map((f) => [f.kind, f.detail]),
      ),
    );
  }
  console.log(report.safe ? '\nsafe: no disk lost, every build succeeds' : '\nUNSAFE: existing workspaces would lose data or fail to build');
}

/** Runs the check of two in-memory template versions (the simulator loads only here). */
export async function runUpgradeCheck(oldFiles: ReadonlyMap<string, string>, newFiles: ReadonlyMap<string, string>) {
  const { removeRuns } = await import('../simulator/harness');
  const { upgradeCheck } = await import('../simulator/upgrade');
  try {
    return await upgradeCheck(oldFiles, newFiles);
  } finally {
    removeRuns();
  }
}

export function registerUpgradeCheck(program: Command): void {
  program
    .command('upgrade-check')
    .description(
      'Create a workspace with the old template folder in the simulator, build it with the new one, and report disks lost, builds failed, objects replaced and parameter changes (exit 1 when unsafe).',
    )
    .argument('<old-dir>', 'the version workspaces run today (e.g. from `coder templates pull`)')
    .argument('<new-dir>', 'the version to push')
    .option('--json', 'print JSON')
    .action(async (oldDir: string, newDir: string, opts: { json?: boolean }) => {
      const report = await runUpgradeCheck(folderOrFail(oldDir), folderOrFail(newDir));
      if (opts.json) {
        const steps = report.steps.map(({ row, problems }) => ({
          build: row.step,
          created: row.created,
          updated: row.updated,
          replaced: row.replaced,
          deleted: row.deleted,
          problems,
        }));
        console.log(JSON.stringify({ safe: report.safe, steps, findings: report.findings }, null, 2));
      } else printUpgradeReport(report);
      if (!report.safe) throw new CliError('the upgrade is unsafe for existing workspaces');
    });
}

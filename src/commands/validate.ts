// `cvmkit validate` and `cvmkit simulate`: templates through terraform with the simulated providers.
import { Command } from 'commander';
import * as path from 'path';
import { readTemplateFolder } from '../folder';
import { upgradedSettings } from '../settings';
import { renderTemplate } from '../synth';
import type { CheckRow } from '../simulator/lifecycle';
import { table } from '../table';
import { CliError, pickTemplates, projectOf } from './common';

/** Reads a template folder, turning a missing or empty folder into a command failure. */
export function folderOrFail(dir: string): Map<string, string> {
  try {
    return readTemplateFolder(path.resolve(dir));
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

/** One line on stderr per finished step, as it finishes: the table on stdout comes only at the end. */
function progress(template: string, step: string, result: string, ms: number): void {
  process.stderr.write(`${template}: ${step}: ${result} (${Math.round(ms)} ms)\n`);
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description(
      "Run terraform validate, plan, apply and graph on templates against simulated providers (offline), and check the agent's and metadata's resources.",
    )
    .argument('[names...]', 'catalog templates (default: the whole catalog)')
    .option('-d, --dir <folder>', 'validate a template folder instead (any Coder template, hand-written or pulled)')
    .option('--json', 'print JSON')
    .action(async (names: string[], opts: { dir?: string; json?: boolean }, command: Command) => {
      if (opts.dir !== undefined && names.length > 0) throw new CliError('give template names or --dir, not both', 2);
      // The simulator (gRPC) loads only for the commands that use it.
      const { removeRuns } = await import('../simulator/harness');
      const { validateTemplate } = await import('../simulator/lifecycle');
      const { platformBaseline } = await import('../simulator/cluster-setup');
      const project = opts.dir !== undefined ? undefined : projectOf(command);
      const picked = project === undefined ? [] : pickTemplates(project, names);
      // Catalog templates meet the cluster their platform stacks make; a folder meets an open world (said in the output).
      const baseline =
        project === undefined
          ? undefined
          : await platformBaseline([project.settings], project.templates).catch((err) => {
              removeRuns();
              throw new CliError((err as Error).message);
            });
      const targets: { name: string; files: () => Promise<ReadonlyMap<string, string>> }[] =
        opts.dir !== undefined
          ? [{ name: path.basename(path.resolve(opts.dir)), files: async () => folderOrFail(opts.dir!) }]
          : picked.map((d) => ({ name: d.name, files: async () => (await renderTemplate(d, 'hcl', project!.settings)).files }));
      const rows: ({ template: string } & CheckRow)[] = [];
      try {
        for (const t of targets) {
          process.stderr.write(`${t.name}: validating…\n`);
          const files = await t.files();
          await validateTemplate(files, baseline, (r) => {
            rows.push({ template: t.name, ...r, ms: Math.round(r.ms) });
            progress(t.name, r.check, r.ok ? 'ok' : `FAILED: ${r.detail}`, r.ms);
          });
        }
      } finally {
        removeRuns();
      }
      if (opts.json) console.log(JSON.stringify(rows, null, 2));
      else
        console.log(
          table(
            ['template', 'check', 'result', 'time'],
            rows.map((r) => [r.template, r.check, r.ok ? 'ok' : `FAILED: ${r.detail}`, `${r.ms} ms`]),
          ),
        );
      const failed = rows.filter((r) => !r.ok);
      if (failed.length > 0) throw new CliError(`${failed.length} check(s) failed`);
    });

  program
    .command('simulate')
    .description(
      "Play a workspace's life through terraform with simulated providers: create, stop, start, renames, each mutable parameter, a template upgrade, a start while running, node loss, delete.",
    )
    .argument('<name>', 'template')
    .option('--json', 'print JSON')
    .action(async (name: string, opts: { json?: boolean }, command: Command) => {
      const { removeRuns } = await import('../simulator/harness');
      const { lifecycleProblems, simulateLifecycle } = await import('../simulator/lifecycle');
      const { platformBaseline } = await import('../simulator/cluster-setup');
      const project = projectOf(command);
      const [d] = pickTemplates(project, [name]);
      const settings = project.settings;
      const base = await renderTemplate(d, 'hcl', settings);
      const upgraded = await renderTemplate(d, 'hcl', upgradedSettings(settings));
      process.stderr.write(`${name}: simulating a workspace's life…\n`);
      const onStep = ({ row, problems: p }: { row: { step: string; ms: number }; problems: string[] }) =>
        progress(name, row.step, p.length === 0 ? 'ok' : `${p.length} problem(s): ${p.join('; ')}`, row.ms);
      // The platform stacks of both versions first, as a platform team applies them before pushing.
      const { steps } = await platformBaseline([settings, upgradedSettings(settings)], project.templates)
        .then((baseline) => simulateLifecycle(base.files, upgraded.files, baseline, { onStep }))
        .finally(removeRuns);
      const problems = lifecycleProblems(steps);
      const out = steps.map(({ row, problems: p }) => ({
        step: row.step,
        transition: row.transition,
        created: row.created,
        updated: row.updated,
        replaced: row.replaced,
        deleted: row.deleted,
        ms: Math.round(row.ms),
        problems: p,
      }));
      if (opts.json) console.log(JSON.stringify({ template: name, steps: out, problems }, null, 2));
      else {
        console.log(
          table(
            ['step', 'transition', 'created', 'updated', 'replaced', 'deleted', 'time', 'result'],
            out.map((r) => [
              r.step,
              r.transition,
              r.created.length,
              r.updated.length,
              r.replaced.length,
              r.deleted.length,
              `${r.ms} ms`,
              r.problems.length === 0 ? 'ok' : `${r.problems.length} problem(s)`,
            ]),
          ),
        );
        // Which resources, for the steps that replace or delete something.
        for (const r of out)
          for (const [what, xs] of [
            ['replaced', r.replaced],
            ['deleted', r.deleted],
          ] as const)
            if (xs.length > 0 && r.step !== 'delete') console.log(`${r.step}: ${what} ${xs.join(', ')}`);
        for (const p of problems) console.log(`problem: ${p}`);
      }
      if (problems.length > 0) throw new CliError(`${problems.length} lifecycle problem(s)`);
    });
}

// `cvmkit validate [names...]` and `cvmkit simulate <name>`: templates through terraform with the simulated providers.
import { Command } from 'commander';
import { CATALOG, selectTemplates } from '../catalog';
import { renderTemplate } from '../synth';
import { table } from '../table';
import { CliError, settingsOf } from './common';

function pick(names: string[]) {
  try {
    return selectTemplates(names, CATALOG);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('Run terraform validate, plan, apply and graph on templates against simulated providers (offline), and check the agent\'s resource.')
    .argument('[names...]', 'templates (default: the whole catalog)')
    .option('--json', 'print JSON')
    .action(async (names: string[], opts: { json?: boolean }, command: Command) => {
      // The simulator (gRPC, X.509) loads only for the commands that use it.
      const { removeRuns } = await import('../simulator/harness');
      const { validateTemplate } = await import('../simulator/lifecycle');
      const settings = settingsOf(command);
      const rows = [];
      try {
        for (const d of pick(names)) {
          process.stderr.write(`validating ${d.name}…\n`);
          for (const r of await validateTemplate(await renderTemplate(d, 'hcl', settings))) rows.push({ template: d.name, ...r, ms: Math.round(r.ms) });
        }
      } finally {
        removeRuns();
      }
      if (opts.json) console.log(JSON.stringify(rows, null, 2));
      else console.log(table(['template', 'check', 'result', 'time'], rows.map((r) => [r.template, r.check, r.ok ? 'ok' : `FAILED: ${r.detail}`, `${r.ms} ms`])));
      const failed = rows.filter((r) => !r.ok);
      if (failed.length > 0) throw new CliError(`${failed.length} check(s) failed`);
    });

  program
    .command('simulate')
    .description('Play a workspace\'s life through terraform with simulated providers: start, stop, start, each mutable parameter, destroy.')
    .argument('<name>', 'template')
    .option('--json', 'print JSON')
    .action(async (name: string, opts: { json?: boolean }, command: Command) => {
      const { removeRuns } = await import('../simulator/harness');
      const { lifecycleProblems, simulateLifecycle } = await import('../simulator/lifecycle');
      const [d] = pick([name]);
      const rendered = await renderTemplate(d, 'hcl', settingsOf(command));
      const { rows } = await simulateLifecycle(rendered).finally(removeRuns);
      const problems = lifecycleProblems(rendered.json, rows);
      const out = rows.map((r) => ({ transition: r.transition, created: r.created, updated: r.updated, replaced: r.replaced, deleted: r.deleted, ms: Math.round(r.ms) }));
      if (opts.json) console.log(JSON.stringify({ template: name, transitions: out, problems }, null, 2));
      else {
        console.log(table(['transition', 'created', 'updated', 'replaced', 'deleted', 'time'], out.map((r) => [r.transition, r.created.length, r.updated.length, r.replaced.length, r.deleted.length, `${r.ms} ms`])));
        // Which resources, for the transitions that replace or delete something.
        for (const r of out) for (const [what, xs] of [['replaced', r.replaced], ['deleted', r.deleted]] as const) if (xs.length > 0 && r.transition !== 'destroy') console.log(`${r.transition}: ${what} ${xs.join(', ')}`);
        for (const p of problems) console.log(`problem: ${p}`);
      }
      if (problems.length > 0) throw new CliError(`${problems.length} lifecycle problem(s)`);
    });
}

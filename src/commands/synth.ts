// `cvmkit synth [names...]`: render catalog templates into pushable folders, the platform stacks and the catalog page.
import { Command } from 'commander';
import * as path from 'path';
import { CATALOG, selectTemplates } from '../catalog';
import { IN_THREAD_LIMIT, SynthesizedTemplate } from '../catalog-synth';
import { MANIFEST_FILE } from '../incremental';
import { OutputFormat } from '../synth';
import { SynthOptions, synthCatalogFolders } from '../synth-run';
import { humanBytes, table } from '../table';
import { choice, CliError, EXIT, settingsOf } from './common';

const bytesOf = (r: { files: ReadonlyMap<string, string> }) => [...r.files.values()].reduce((n, c) => n + Buffer.byteLength(c), 0);

function jobsOf(value: string | undefined): number | undefined {
  if (value !== undefined && !/^[1-9][0-9]*$/.test(value)) throw new CliError(`--jobs must be a positive whole number, not "${value}"`, EXIT.usage);
  return value === undefined ? undefined : Number(value);
}

export function registerSynth(program: Command): void {
  program
    .command('synth')
    .description('Synthesize catalog templates into pushable folders (and, for the whole catalog, the platform stacks and dist/index.html).')
    .argument('[names...]', 'templates to synthesize (default: the whole catalog)')
    .option('-o, --out <dir>', 'output folder of the templates', 'dist/templates')
    .option('-f, --format <format>', 'hcl, json or both', 'hcl')
    .option('--platform-out <dir>', 'output folder of the platform stacks (written for the whole catalog only)', 'dist/platform')
    .option('--page <file>', 'catalog page (written for the whole catalog only)', 'dist/index.html')
    .option('--json', 'print a JSON summary on stdout instead of the table')
    .option('-j, --jobs <n>', `worker threads when more than ${IN_THREAD_LIMIT} templates render (default: the cores available)`)
    .option('--incremental', `skip templates whose inputs are unchanged since the last synth into --out (recorded in ${MANIFEST_FILE} there)`)
    .action(async (names: string[], opts: SynthOptions, command: Command) => {
      const format = choice<OutputFormat>('--format', opts.format, ['hcl', 'json', 'both']);
      const settings = settingsOf(command);
      let definitions;
      try {
        definitions = selectTemplates(names, CATALOG);
      } catch (err) {
        throw new CliError((err as Error).message);
      }
      const progress = (r: SynthesizedTemplate) => process.stderr.write(`rendered ${r.definition.name} (${r.resources} resources, ${r.ms.toFixed(0)} ms)\n`);
      const whole = names.length === 0;
      const run = await synthCatalogFolders(definitions, format, settings, whole, opts, jobsOf(opts.jobs), progress);
      const results = run.rendered;
      const platform = run.platform;
      if (run.unchanged.length > 0) process.stderr.write(`unchanged since the last synth: ${run.unchanged.length} template(s)${run.rendered.length === 0 && whole ? ', the platform stacks and the catalog page' : ''}\n`);

      const templates = results.map((r) => ({
        name: r.definition.name,
        backend: r.definition.backend,
        resources: r.resources,
        bytes: r.bytes,
        ms: Math.round(r.ms),
        dir: path.join(opts.out, r.definition.name),
      }));
      const stacks = platform.map((p) => ({ name: p.definition.name, resources: p.resources, bytes: bytesOf(p), dir: path.join(opts.platformOut, p.definition.name) }));
      if (opts.json) {
        console.log(JSON.stringify({ templates, platform: stacks, page: whole ? opts.page : null, unchanged: run.unchanged.map((d) => d.name) }, null, 2));
        return;
      }
      console.log(table(['template', 'backend', 'resources', 'bytes', 'time'], templates.map((t) => [t.name, t.backend, t.resources, humanBytes(t.bytes), `${t.ms} ms`])));
      if (stacks.length > 0) console.log(`\nplatform stacks: ${stacks.map((s) => `${s.dir} (${s.resources} resources)`).join(', ')}`);
      console.log(run.pageWritten ? `catalog page: ${opts.page}` : `templates written to ${opts.out}`);
    });
}

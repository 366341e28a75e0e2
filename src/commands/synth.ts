// `cvmkit synth [names...]`: render catalog templates into pushable folders, the platform stacks and the catalog page.
import { Command } from 'commander';
import * as fs from 'fs';
import * as path from 'path';
import { CATALOG_PAGE_GENERATOR } from '../catalog-page';
import { IN_THREAD_LIMIT, SynthesizedTemplate } from '../catalog-synth';
import { MANIFEST_FILE } from '../incremental';
import { platformFolders } from '../platform-synth';
import { OutputFormat } from '../synth';
import { SynthOptions, synthCatalogFolders } from '../synth-run';
import { humanBytes, table } from '../table';
import { checkReplaceable, RefusedFoldersError } from '../write';
import { choice, CliError, EXIT, pickTemplates, projectOf } from './common';

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
    .option('-f, --format <format>', 'hcl (main.tf) or json (main.tf.json)', 'hcl')
    .option('--platform-out <dir>', 'output folder of the platform stacks (written for the whole catalog only)', 'dist/platform')
    .option('--page <file>', 'catalog page (written for the whole catalog only)', 'dist/index.html')
    .option('--json', 'print a JSON summary on stdout instead of the table')
    .option('-j, --jobs <n>', `worker threads when more than ${IN_THREAD_LIMIT} templates render (default: the cores available)`)
    .option('--incremental', `skip templates whose inputs are unchanged since the last synth into --out (recorded in ${MANIFEST_FILE} there)`)
    .action(async (names: string[], opts: SynthOptions, command: Command) => {
      if (opts.format === 'both')
        throw new CliError(
          '--format both is gone: Terraform reads main.tf and main.tf.json of one folder together, so every resource was declared twice; synth twice with --format hcl and --format json into two --out folders',
          EXIT.usage,
        );
      const format = choice<OutputFormat>('--format', opts.format, ['hcl', 'json']);
      const jobs = jobsOf(opts.jobs);
      const project = projectOf(command);
      const definitions = pickTemplates(project, names);
      const outDir = path.resolve(opts.out);
      const whole = names.length === 0;
      const page = path.resolve(opts.page);
      // Every folder this run replaces is checked before anything is rendered or written.
      try {
        checkReplaceable([
          ...definitions.map((d) => ({ dir: path.join(outDir, d.name), kind: 'template' as const })),
          ...(whole ? platformFolders(path.resolve(opts.platformOut)) : []),
        ]);
      } catch (err) {
        if (err instanceof RefusedFoldersError) throw new CliError(err.message);
        throw err;
      }
      if (whole) refuseForeignPage(page);
      const progress = (r: SynthesizedTemplate) => process.stderr.write(`rendered ${r.definition.name} (${r.resources} resources, ${r.ms.toFixed(0)} ms)\n`);
      const removed: string[] = [];
      const onRemoved = (dir: string) => {
        removed.push(path.relative(process.cwd(), dir) || dir);
        process.stderr.write(`removed ${dir}: cvmkit wrote it for an entry no longer in the catalog\n`);
      };
      const config = command.optsWithGlobals().config as string | undefined;
      const run = await synthCatalogFolders({ project, config, definitions, format, whole, opts, jobs, onRendered: progress, onRemoved });
      if (run.unchanged.length > 0)
        process.stderr.write(
          `unchanged since the last synth: ${run.unchanged.length} template(s)${run.rendered.length === 0 && whole ? ', the platform stacks and the catalog page' : ''}\n`,
        );

      const templates = run.rendered.map((r) => ({
        name: r.definition.name,
        backend: r.definition.backend,
        resources: r.resources,
        bytes: r.bytes,
        ms: Math.round(r.ms),
        dir: path.join(opts.out, r.definition.name),
      }));
      const stacks = run.platform.map((p) => ({
        name: p.definition.name,
        resources: p.resources,
        bytes: bytesOf(p),
        dir: path.join(opts.platformOut, p.definition.name),
      }));
      if (opts.json) {
        const unchanged = run.unchanged.map((d) => d.name);
        console.log(JSON.stringify({ templates, platform: stacks, page: run.pageWritten ? opts.page : null, removed, unchanged }, null, 2));
        return;
      }
      console.log(
        table(
          ['template', 'backend', 'resources', 'bytes', 'time'],
          templates.map((t) => [t.name, t.backend, t.resources, humanBytes(t.bytes), `${t.ms} ms`]),
        ),
      );
      if (stacks.length > 0) console.log(`\nplatform stacks: ${stacks.map((s) => `${s.dir} (${s.resources} resources)`).join(', ')}`);
      if (removed.length > 0) console.log(`removed (no longer in the catalog): ${removed.join(', ')}`);
      console.log(run.pageWritten ? `catalog page: ${opts.page}` : `templates written to ${opts.out}`);
    });
}

/**
 * The catalog page replaces only a page cvmkit wrote: it names cvmkit as its generator, or, written
 * before the tag existed, has cvmkit's title.
 */
function refuseForeignPage(file: string): void {
  if (!fs.existsSync(file)) return;
  const text = fs.statSync(file).isFile() ? fs.readFileSync(file, 'utf8') : '';
  if (text.includes(CATALOG_PAGE_GENERATOR) || text.includes('<title>cvmkit catalog</title>')) return;
  throw new CliError(
    `refusing to replace ${file}: it is not a catalog page cvmkit wrote (no ${CATALOG_PAGE_GENERATOR}); nothing was written; choose another --page`,
  );
}

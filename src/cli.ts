#!/usr/bin/env node
// The cvmkit command line.
import { Command } from 'commander';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from '../constructs/core/cdktf';
import { CATALOG, selectTemplates } from './catalog';
import { OutputFormat, synthTemplates } from './synth';

const program = new Command();
program.name('cvmkit').description('Synthesize isolated developer workspaces into Coder templates.');

program
  .command('synth')
  .description('Synthesize catalog templates into pushable folders.')
  .argument('[names...]', 'templates to synthesize (default: the whole catalog)')
  .option('-o, --out <dir>', 'output folder', 'dist/templates')
  .option('-f, --format <format>', 'hcl, json or both', 'hcl')
  .action(async (names: string[], opts: { out: string; format: string }) => {
    if (!['hcl', 'json', 'both'].includes(opts.format)) throw new Error(`--format must be hcl, json or both, not "${opts.format}"`);
    const definitions = selectTemplates(names, CATALOG);
    const results = await synthTemplates(definitions, path.resolve(opts.out), opts.format as OutputFormat);
    for (const r of results) {
      console.log(`${r.definition.name}: ${r.resources} resources, ${r.files.size} files, ${r.ms.toFixed(0)} ms -> ${path.join(opts.out, r.definition.name)}`);
    }
  });

program
  .command('list')
  .description('List the catalog: backend, isolation level and workspace parameters.')
  .option('--json', 'print JSON')
  .action((opts: { json?: boolean }) => {
    // Building a stack needs an App, and an App creates its outdir: use one scratch folder.
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-list-'));
    const app = new App({ outdir: scratch, stackTraces: false });
    const rows = CATALOG.map((d) => {
      const stack = d.build(app, d.name);
      return { name: d.name, backend: d.backend, isolation: d.isolation, parameters: stack.workspaceParameters.map((p) => p.props.name) };
    });
    fs.rmSync(scratch, { recursive: true, force: true });
    if (opts.json) {
      console.log(JSON.stringify(rows, null, 2));
      return;
    }
    for (const r of rows) console.log(`${r.name}\t${r.backend}\t${r.isolation}\t${r.parameters.join(', ')}`);
  });

program.parseAsync(process.argv).catch((err: Error) => {
  console.error(`cvmkit: ${err.message}`);
  process.exitCode = 1;
});

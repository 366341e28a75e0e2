// `cvmkit synth [names...]`: render catalog templates into pushable folders.
import { Command } from 'commander';
import * as path from 'path';
import { CATALOG, selectTemplates } from '../catalog';
import { synthPlatform } from '../platform-synth';
import { OutputFormat, synthTemplates } from '../synth';

export function registerSynth(program: Command): void {
  program
    .command('synth')
    .description('Synthesize catalog templates into pushable folders.')
    .argument('[names...]', 'templates to synthesize (default: the whole catalog)')
    .option('-o, --out <dir>', 'output folder', 'dist/templates')
    .option('-f, --format <format>', 'hcl, json or both', 'hcl')
    .option('--platform-out <dir>', 'output folder of the platform stacks (written when synthesizing the whole catalog)', 'dist/platform')
    .action(async (names: string[], opts: { out: string; format: string; platformOut: string }) => {
      if (!['hcl', 'json', 'both'].includes(opts.format)) throw new Error(`--format must be hcl, json or both, not "${opts.format}"`);
      const definitions = selectTemplates(names, CATALOG);
      const results = await synthTemplates(definitions, path.resolve(opts.out), opts.format as OutputFormat);
      for (const r of results) {
        console.log(`${r.definition.name}: ${r.resources} resources, ${r.files.size} files, ${r.ms.toFixed(0)} ms -> ${path.join(opts.out, r.definition.name)}`);
      }
      // Platform stacks are computed from the whole catalog, so only a whole-catalog run writes them.
      if (names.length === 0) {
        for (const p of await synthPlatform(results, path.resolve(opts.platformOut))) {
          console.log(`platform/${p.definition.name}: ${p.resources} resources, ${p.files.size} files -> ${path.join(opts.platformOut, p.definition.name)}`);
        }
      }
    });
}

// `cvmkit list`: the templates with backend, isolation level and workspace parameters with their bounds.
import { Command } from 'commander';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from '../../constructs/core/cdktf';
import { parameterRows } from '../parameters';
import { table } from '../table';
import { projectOf } from './common';

export function registerList(program: Command): void {
  program
    .command('list')
    .description('List the templates: backend, isolation level, and workspace parameters with their bounds.')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }, command: Command) => {
      const { settings, templates } = projectOf(command);
      // Building a stack needs an App, and an App creates its outdir: use one scratch folder.
      const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-list-'));
      try {
        const app = new App({ outdir: scratch, stackTraces: false });
        const rows = templates.map((d) => {
          const stack = d.build(app, d.name, settings);
          return { name: d.name, backend: d.backend, isolation: d.isolation, parameters: parameterRows(stack) };
        });
        if (opts.json) {
          console.log(JSON.stringify(rows, null, 2));
          return;
        }
        // Each parameter with what may be chosen: `cpu (1–8)`, `distro (8 options)`.
        const parameters = (r: (typeof rows)[number]) => r.parameters.map((p) => (p.bounds === '' ? p.name : `${p.name} (${p.bounds})`)).join(', ');
        console.log(
          table(
            ['template', 'backend', 'isolation', 'parameters'],
            rows.map((r) => [r.name, r.backend, r.isolation, parameters(r)]),
          ),
        );
      } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
      }
    });
}

// `cvmkit list`: the catalog with backend, isolation level and workspace parameters.
import { Command } from 'commander';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from '../../constructs/core/cdktf';
import { CATALOG } from '../catalog';
import { table } from '../table';
import { settingsOf } from './common';

export function registerList(program: Command): void {
  program
    .command('list')
    .description('List the catalog: backend, isolation level and workspace parameters.')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }, command: Command) => {
      const settings = settingsOf(command);
      // Building a stack needs an App, and an App creates its outdir: use one scratch folder.
      const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-list-'));
      try {
        const app = new App({ outdir: scratch, stackTraces: false });
        const rows = CATALOG.map((d) => {
          const stack = d.build(app, d.name, settings);
          return { name: d.name, backend: d.backend, isolation: d.isolation, parameters: stack.workspaceParameters.map((p) => p.props.name) };
        });
        if (opts.json) {
          console.log(JSON.stringify(rows, null, 2));
          return;
        }
        console.log(table(['template', 'backend', 'isolation', 'parameters'], rows.map((r) => [r.name, r.backend, r.isolation, r.parameters.join(', ')])));
      } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
      }
    });
}

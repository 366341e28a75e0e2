// `cvmkit list`: the catalog with backend, isolation level and workspace parameters.
import { Command } from 'commander';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from '../../constructs/core/cdktf';
import { CATALOG } from '../catalog';

export function registerList(program: Command): void {
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
}

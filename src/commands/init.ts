// `cvmkit init <name> --backend <kind>`: scaffold a catalog entry (definition, README, test) that synthesizes at once.
import { Command } from 'commander';
import * as fs from 'fs';
import * as path from 'path';
import { Backend } from '../definition';
import { registerInCatalog, SCAFFOLDS, scaffoldFiles, templateNameClash, templateNameProblem } from '../scaffold';
import { choice, CliError, EXIT } from './common';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('Scaffold a new catalog template (templates/<name>/, a test, and its entry in src/catalog.ts).')
    .argument('<name>', 'template name: lower-case letters, digits and -')
    .requiredOption('-b, --backend <kind>', `isolation backend: ${Object.keys(SCAFFOLDS).join(', ')}`)
    .option('--root <dir>', 'project root', '.')
    .action((name: string, opts: { backend: string; root: string }) => {
      const backend = choice<Backend>('--backend', opts.backend, Object.keys(SCAFFOLDS) as Backend[]);
      const problem = templateNameProblem(name);
      if (problem !== undefined) throw new CliError(problem, EXIT.usage);
      const root = path.resolve(opts.root);
      const catalogFile = path.join(root, 'src', 'catalog.ts');
      if (!fs.existsSync(catalogFile)) throw new CliError(`${root} is not a cvmkit project (no src/catalog.ts)`);
      const catalog = fs.readFileSync(catalogFile, 'utf8');
      const clash = templateNameClash(name, { catalogSource: catalog, exists: (rel) => fs.existsSync(path.join(root, rel)) });
      if (clash !== undefined) throw new CliError(clash);
      const { variable, files } = scaffoldFiles(name, backend);
      for (const rel of files.keys()) if (fs.existsSync(path.join(root, rel))) throw new CliError(`${rel} already exists; choose another name`);
      if (catalog.includes(`'../templates/${name}'`)) throw new CliError(`${name} is already in src/catalog.ts`);
      const updated = registerInCatalog(catalog, name, variable);
      for (const [rel, content] of files) {
        fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        fs.writeFileSync(path.join(root, rel), content);
      }
      fs.writeFileSync(catalogFile, updated);
      console.log(`scaffolded ${name} (${backend}):\n${[...files.keys(), 'src/catalog.ts (entry added)'].map((f) => `  ${f}`).join('\n')}\nnext: npm run synth -- ${name}`);
    });
}

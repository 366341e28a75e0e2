// `cvmkit init <dir>`: a new repository of templates; `cvmkit add <name>`: one more template in it.
import { Command } from 'commander';
import * as fs from 'fs';
import * as path from 'path';
import { Backend } from '../definition';
import { modulesMatch } from '../project';
import { SCAFFOLDS, scaffoldFiles, templateNameClash, templateNameProblem } from '../scaffold';
import { repositoryFiles, TEMPLATE_MODULES } from '../scaffold-repository';
import { loadSettings } from '../settings';
import { choice, CliError, EXIT } from './common';

const backendOption = (value: string) => choice<Backend>('--backend', value, Object.keys(SCAFFOLDS) as Backend[]);

/** Writes `files` under `root`; the caller has checked that none exists. */
function write(root: string, files: ReadonlyMap<string, string>): void {
  for (const [rel, content] of files) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
}

/** A folder as the user would type it: relative below the working directory, else absolute. */
function where(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative === '' ? '.' : relative.startsWith('..') ? dir : relative;
}

export function registerInit(program: Command): void {
  program
    .command('init')
    .description(
      'Create a repository of Coder templates that depends on cvmkit: package.json, tsconfig.json, cvmkit.config.yaml, one template extending a construct, its test and a README.',
    )
    .argument('<dir>', 'folder of the new repository (absent or empty)')
    .option('-t, --template <name>', 'name of the first template (default: team-<backend>)')
    .option('-b, --backend <kind>', `isolation backend of the first template: ${Object.keys(SCAFFOLDS).join(', ')}`, 'kubevirt')
    .action((dir: string, opts: { template?: string; backend: string }) => {
      const backend = backendOption(opts.backend);
      const template = opts.template ?? `team-${backend}`;
      const problem = templateNameProblem(template);
      if (problem !== undefined) throw new CliError(problem, EXIT.usage);
      const root = path.resolve(dir);
      if (fs.existsSync(root) && (!fs.statSync(root).isDirectory() || fs.readdirSync(root).length > 0)) {
        throw new CliError(
          `${root} is not empty; cvmkit init writes a new repository into an absent or empty folder (add templates to an existing one with cvmkit add)`,
        );
      }
      const files = repositoryFiles(path.basename(root), template, backend);
      write(root, files);
      console.log(
        `created ${root} with the template ${template} (${backend}):\n${[...files.keys()].map((f) => `  ${f}`).join('\n')}\nnext: cd ${where(root)} && npm install && npm test && npm run synth`,
      );
    });

  program
    .command('add')
    .description(
      'Add a template to the repository in the working directory (or --root): templates/<name>/ and its test; its settings find it after the next build.',
    )
    .argument('<name>', 'template name: lower-case letters, digits and -')
    .requiredOption('-b, --backend <kind>', `isolation backend: ${Object.keys(SCAFFOLDS).join(', ')}`)
    .option('--root <dir>', 'the repository (the folder of its cvmkit.config.yaml)', '.')
    .action((name: string, opts: { backend: string; root: string }) => {
      const backend = backendOption(opts.backend);
      const problem = templateNameProblem(name);
      if (problem !== undefined) throw new CliError(problem, EXIT.usage);
      const root = path.resolve(opts.root);
      let settings;
      try {
        ({ settings } = loadSettings(undefined, root));
      } catch (err) {
        throw new CliError((err as Error).message);
      }
      if (settings.templates === undefined)
        throw new CliError(`${root} is not a repository of templates (no cvmkit.config.yaml with templates:); create one with cvmkit init <dir>`);
      // The built-in names count unless the settings turn the catalog off; the repository's own are its folders.
      const builtin = (settings.catalog ?? 'builtin') === 'builtin' ? (require('../catalog') as typeof import('../catalog')).CATALOG.map((d) => d.name) : [];
      const clash = templateNameClash(name, { templateNames: builtin, exists: (rel) => fs.existsSync(path.join(root, rel)) });
      if (clash !== undefined) throw new CliError(clash);
      const files = scaffoldFiles(name, backend);
      write(root, files);
      const compiled = TEMPLATE_MODULES.replace('*', name);
      const found = settings.templates.some((pattern) => modulesMatch(pattern, compiled));
      console.log(`added ${name} (${backend}):\n${[...files.keys()].map((f) => `  ${f}`).join('\n')}`);
      if (!found) console.log(`note: templates: in the settings does not match ${compiled}; add it there so cvmkit finds ${name}`);
      console.log(`next: npm test && npx cvmkit synth ${name}`);
    });
}

// What `cvmkit init <dir>` writes: a team's own repository of templates that depends on the cvmkit package.
import * as fs from 'fs';
import { Backend } from './definition';
import { packageVersion, projectPath } from './paths';
import { SCAFFOLDS, scaffoldFiles } from './scaffold';
import { SETTINGS_SCHEMA_FILE } from './settings';

/** The modules the settings list: what the repository's build compiles from templates/<name>/index.ts. */
export const TEMPLATE_MODULES = 'lib/templates/*/index.js';

/** The team's package name from its folder's name, or a neutral one when that is no npm name. */
export function packageName(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|[-]+$/g, '');
  return /^[a-z0-9][a-z0-9._-]{0,213}$/.test(name) ? name : 'coder-templates';
}

/** Versions of what the repository needs, taken from cvmkit's own package.json so they agree with it. */
function versions(): { peers: Record<string, string>; dev: Record<string, string> } {
  const own = JSON.parse(fs.readFileSync(projectPath('package.json'), 'utf8')) as {
    peerDependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  const dev = Object.fromEntries(['@types/jest', '@types/node', 'jest', 'ts-jest', 'typescript'].map((p) => [p, `^${own.devDependencies[p]}`]));
  return { peers: own.peerDependencies, dev };
}

/** Every file of a new repository (paths relative to its root) with one template, `template`, of `backend`. */
export function repositoryFiles(folder: string, template: string, backend: Backend): Map<string, string> {
  const { peers, dev } = versions();
  const schema = `./node_modules/cvmkit/${SETTINGS_SCHEMA_FILE}`;
  const manifest = {
    name: packageName(folder),
    version: '0.1.0',
    private: true,
    description: 'Coder templates for our developer workspaces, built with cvmkit',
    scripts: {
      build: 'tsc -p tsconfig.json',
      synth: 'npm run build && cvmkit synth',
      validate: 'npm run build && cvmkit validate',
      test: 'npm run build && jest',
    },
    // cdktf, constructs and the kubernetes bindings are cvmkit's peers: one copy, shared with the templates.
    dependencies: { cvmkit: `^${packageVersion()}`, ...peers },
    devDependencies: dev,
  };
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      // node16 resolution reads cvmkit's exports map (cvmkit/core, cvmkit/kubevirt…); the output is CommonJS.
      module: 'node16',
      moduleResolution: 'node16',
      lib: ['ES2022'],
      outDir: 'lib',
      rootDir: '.',
      strict: true,
      esModuleInterop: true,
      skipLibCheck: true,
      // Each file compiles on its own, as ts-jest compiles the tests.
      isolatedModules: true,
      types: ['node', 'jest'],
    },
    include: ['templates/**/*.ts', 'test/**/*.ts'],
  };
  const config = `# yaml-language-server: $schema=${schema}
# Settings of this repository's Coder templates; cvmkit reads them from the working directory.
$schema: ${schema}
# The templates: what \`npm run build\` compiles from templates/<name>/index.ts.
templates:
  - ${TEMPLATE_MODULES}
# Only this repository's templates; \`builtin\` also offers cvmkit's own catalog.
catalog: none
# namespace: coder-workspaces   # base of the namespaces: <namespace>-baseline, -restricted, -privileged
# storageClass: fast-ssd
`;
  const jest = `// Tests run from TypeScript; \`npm test\` type-checks and compiles with tsc first (the settings list lib/).
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\\\.ts$': ['ts-jest', { transpilation: true }] },
};
`;
  return new Map([
    ['package.json', `${JSON.stringify(manifest, null, 2)}\n`],
    ['tsconfig.json', `${JSON.stringify(tsconfig, null, 2)}\n`],
    ['cvmkit.config.yaml', config],
    ['jest.config.js', jest],
    ['.gitignore', 'node_modules/\nlib/\ndist/\n'],
    ['README.md', readme(packageName(folder), template, backend)],
    ...scaffoldFiles(template, backend),
  ]);
}

function readme(name: string, template: string, backend: Backend): string {
  return `# ${name}

Our Coder templates, written with [cvmkit](https://www.npmjs.com/package/cvmkit): TypeScript
constructs that synthesize into Terraform folders for \`coder templates push\`.

## Commands

\`\`\`sh
npm install
npm test                        # builds (tsc), then runs the tests in test/
npm run synth                   # builds, then writes dist/templates/<name>/ for every template
npx cvmkit validate ${template}     # terraform validate, plan and apply against simulated providers
npx cvmkit simulate ${template}     # a workspace's whole life: stop, start, renames, upgrades…
npx cvmkit push ${template}         # checks the upgrade of existing workspaces, then coder templates push
\`\`\`

\`terraform\` must be installed for \`validate\`, \`simulate\`, \`upgrade-check\` and \`push\`.

## Layout

- \`cvmkit.config.yaml\`: the settings (namespace, storage class, node pools…) and \`templates:\`,
  the compiled modules cvmkit loads (\`${TEMPLATE_MODULES}\`). Editors validate it against
  cvmkit's schema (\`$schema\`).
- \`templates/<name>/index.ts\`: a template: its metadata and \`build()\`, which composes cvmkit's
  constructs. \`${template}\` extends \`${SCAFFOLDS[backend].construct}\`: subclass a construct and use its
  extension points (\`addPackages\`, \`workspace.addPersistentVolume\`, \`addEnv\`…) for what every
  workspace of the team needs.
- \`templates/<name>/README.md.hbs\`: what users read in Coder (Handlebars; \`{{parameters}}\` come
  from the template).
- \`test/\`: jest tests; each template's test checks it is found and synthesizes.

Add a template with \`npx cvmkit add <name> --backend kubevirt|sysbox|envbox|gvisor|kata\`: the
settings find it after the next build.

## What to import

\`cvmkit\` (templateProps, workspaceProps, renderTemplate, loadProject…), \`cvmkit/core\`,
\`cvmkit/kubevirt\`, \`cvmkit/sysbox\`, \`cvmkit/envbox\`, \`cvmkit/gvisor\`, \`cvmkit/kata\`,
\`cvmkit/platform\` and \`cvmkit/catalog\`; nothing else of the package is public.
`;
}

// A repository's templates: found through templates: in its settings, beside or instead of the built-in catalog.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CATALOG } from '../src/catalog';
import { loadProject, modulesMatch, readmePath } from '../src/project';
import { renderTemplate } from '../src/synth';

const ROOT = path.join(__dirname, '..');

/** A compiled template module as a team's build writes it; it loads cvmkit from this checkout. */
function templateModule(name: string, extra = ''): string {
  const from = (p: string) => JSON.stringify(path.join(ROOT, p));
  return `const { CoderTemplate } = require(${from('constructs/core/coder-template')});
const { KataWorkspace } = require(${from('constructs/kata')});
const { templateProps, workspaceProps } = require(${from('src/settings')});
exports.definition = {
  name: '${name}', displayName: 'Team ${name}', description: 'A Kata workspace of the team.', icon: '/icon/kubernetes.svg',
  tags: ['kata'], backend: 'kata', isolation: 'micro-VM', podSecurity: 'restricted', readme: 'templates/${name}/README.md.hbs',
  platform: { kataHypervisors: ['qemu'] },${extra}
  build(scope, id, settings) {
    const template = new CoderTemplate(scope, id, templateProps(settings, this.podSecurity));
    new KataWorkspace(template, 'Workspace', { ...workspaceProps(settings, 'kata'), hypervisor: 'qemu' });
    return template;
  },
};
`;
}

/** A repository with `settings` and the compiled modules of `names` under lib/templates/. */
function repository(settings: string, names: string[] = ['team-kata']): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-project-'));
  fs.writeFileSync(path.join(dir, 'cvmkit.config.yaml'), settings);
  for (const name of names) {
    fs.mkdirSync(path.join(dir, 'lib', 'templates', name), { recursive: true });
    fs.writeFileSync(path.join(dir, 'lib', 'templates', name, 'index.js'), templateModule(name));
    fs.mkdirSync(path.join(dir, 'templates', name), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'templates', name, 'README.md.hbs'),
      '---\ndisplay_name: {{yaml displayName}}\n---\n\n# {{displayName}}\n\n{{#each parameters}}{{name}}: {{bounds}}\n{{/each}}',
    );
  }
  return dir;
}

test('templates: a pattern finds every compiled module; catalog: none leaves the built-in catalog out', () => {
  const dir = repository('templates: [lib/templates/*/index.js]\ncatalog: none\nnamespace: acme\n', ['team-kata', 'team-b']);
  const project = loadProject({ dir });
  expect(project.root).toBe(dir);
  expect(project.settingsFile).toBe(path.join(dir, 'cvmkit.config.yaml'));
  expect(project.templates.map((d) => d.name)).toEqual(['team-b', 'team-kata']);
  expect(project.settings.namespace).toBe('acme');
});

test('without catalog: none the built-in catalog comes first; without settings it is all there is', () => {
  const dir = repository('templates: [lib/templates/team-kata/index.js]\n');
  expect(loadProject({ dir }).templates.map((d) => d.name)).toEqual([...CATALOG.map((d) => d.name), 'team-kata']);
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-project-'));
  expect(loadProject({ dir: empty }).templates).toEqual(CATALOG);
});

test('a template renders with its README read from the repository, not from cvmkit', async () => {
  const dir = repository('templates: [lib/templates/*/index.js]\ncatalog: none\n');
  const [definition] = loadProject({ dir }).templates;
  expect(readmePath(definition)).toBe(path.join(dir, 'templates', 'team-kata', 'README.md.hbs'));
  const rendered = await renderTemplate(definition);
  expect(rendered.files.get('README.md')).toBe(
    '---\ndisplay_name: "Team team-kata"\n---\n\n# Team team-kata\n\ncpu: 1–8\nmemory: 1–32\nhome_disk_size: 1–100\n',
  );
  expect(Object.keys(rendered.json.resource)).toContain('kubernetes_deployment_v1');
});

describe('failures name the settings file, the module and what is wrong', () => {
  test('fails when an entry is TypeScript, or not JavaScript at all', () => {
    const dir = repository('templates: [templates/*/index.ts]\n');
    expect(() => loadProject({ dir })).toThrow(
      `${dir}/cvmkit.config.yaml: templates: "templates/*/index.ts" is not compiled JavaScript: cvmkit loads what your build compiles (e.g. lib/templates/*/index.js for templates/*/index.ts); build first`,
    );
    fs.writeFileSync(path.join(dir, 'cvmkit.config.yaml'), 'templates: [lib/templates]\n');
    expect(() => loadProject({ dir })).toThrow('templates: "lib/templates" is not compiled JavaScript: name a .js or .cjs module');
  });

  test('fails when a pattern matches nothing (not built yet)', () => {
    const dir = repository('templates: [dist/*/index.js]\n');
    expect(() => loadProject({ dir })).toThrow(
      `${dir}/cvmkit.config.yaml: templates: "dist/*/index.js" matches no file under ${dir}; build the repository first (npm run build)`,
    );
  });

  test('fails when two templates have one name, or one takes a built-in name', () => {
    const dir = repository('templates: [lib/templates/*/index.js]\n', ['kata-microvm']);
    expect(() => loadProject({ dir })).toThrow(`two templates are named "kata-microvm": cvmkit's built-in catalog and lib/templates/kata-microvm/index.js`);
  });

  test('fails when a module exports no definition, or one with a wrong field', () => {
    const dir = repository('templates: [lib/templates/*/index.js]\ncatalog: none\n');
    const module = path.join(dir, 'lib', 'templates', 'team-kata', 'index.js');
    fs.writeFileSync(module, 'exports.x = 1;\n');
    expect(() => loadProject({ dir })).toThrow(`${module} exports no TemplateDefinition (an object with name, backend, build() …)`);
    fs.writeFileSync(module, templateModule('team-kata').replace("backend: 'kata'", "backend: 'firecracker'"));
    jest.resetModules();
    expect(() => loadProject({ dir })).toThrow(
      `${module}: export definition: backend must be one of kubevirt, sysbox, envbox, gvisor, kata, not "firecracker"`,
    );
  });

  test('fails when the repository has its own cvmkit, another copy than the one running', () => {
    const dir = repository('templates: [lib/templates/*/index.js]\n');
    fs.mkdirSync(path.join(dir, 'node_modules', 'cvmkit'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'node_modules', 'cvmkit', 'package.json'), JSON.stringify({ name: 'cvmkit', version: '9.9.9' }));
    expect(() => loadProject({ dir })).toThrow(`${dir} depends on its own cvmkit (${dir}/node_modules/cvmkit, 9.9.9), but this is cvmkit`);
  });
});

test('modulesMatch: * and ? inside one path segment', () => {
  expect(modulesMatch('lib/templates/*/index.js', 'lib/templates/team-vm/index.js')).toBe(true);
  expect(modulesMatch('./lib/templates/*/index.js', 'lib/templates/team-vm/index.js')).toBe(true);
  expect(modulesMatch('lib/templates/*/index.js', 'lib/templates/a/b/index.js')).toBe(false);
  expect(modulesMatch('lib/t?/index.js', 'lib/tx/index.js')).toBe(true);
  expect(modulesMatch('lib/templates/vm.js', 'lib/templates/vm.js')).toBe(true);
});

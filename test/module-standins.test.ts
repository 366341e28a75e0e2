// Registry modules checked offline: local stand-ins with the modules' real variables, loaded by terraform through its module manifest.
import * as fs from 'fs';
import * as path from 'path';
import { App } from '../constructs/core/cdktf';
import { CoderTemplate } from '../constructs/core/coder-template';
import { KataWorkspace } from '../constructs/kata';
import { REGISTRY_MODULES } from '../constructs/modules';
import { CATALOG } from '../src/catalog';
import { renderStackHcl } from '../src/hcl';
import { checkSettings } from '../src/settings';
import { renderTemplate } from '../src/synth';
import { prepareRun, removeRuns, terraform } from '../src/simulator/harness';
import { cleanOutput, lifecycleProblems, simulateLifecycle, validateTemplate } from '../src/simulator/lifecycle';
import { moduleCalls, standInModule } from '../src/simulator/modules';

jest.setTimeout(240_000);
afterAll(removeRuns);

/** A Kata template with every module, as main.tf (Kata: the fastest lifecycle). */
function withModules(): string {
  const t = new CoderTemplate(new App(), 'kata-modules');
  new KataWorkspace(t, 'Workspace', {
    hypervisor: 'qemu',
    modules: { codeServer: true, jetbrains: { ides: ['GO'] }, dotfiles: true, gitClone: [{ url: 'https://github.com/coder/coder', branchName: 'main' }] },
  });
  return renderStackHcl(t);
}
const MAIN = withModules();

const validate = async (hcl: string) => {
  const run = await prepareRun(new Map([['main.tf', hcl]]));
  const r = await terraform(run, ['validate', '-no-color']);
  return { run, status: r.status, out: cleanOutput(r) };
};

test('terraform validates and plans a template with every module, without init or network', async () => {
  const rows = await validateTemplate(new Map([['main.tf', MAIN]]));
  expect(rows.filter((r) => !r.ok)).toEqual([]);
  const { run } = await validate(MAIN);
  expect(run.modules.missing).toEqual([]);
  expect(run.modules.installed.map((m) => `${m.name} ${m.version}`)).toEqual([
    'code_server 1.5.2',
    'jetbrains 1.4.0',
    'dotfiles 1.4.2',
    'git_clone_coder 2.0.3',
  ]);
  const manifest = JSON.parse(fs.readFileSync(path.join(run.dir, '.terraform/modules/modules.json'), 'utf8'));
  expect(manifest.Modules[1]).toEqual({
    Key: 'code_server',
    Source: 'registry.coder.com/coder/code-server/coder',
    Version: '1.5.2',
    Dir: '.terraform/modules/code_server',
  });
});

test('every catalog template with every module from the settings validates offline', async () => {
  const settings = checkSettings(
    { modules: { codeServer: true, jetbrains: true, dotfiles: true, gitClone: [{ url: 'https://github.com/coder/coder' }], windowsRdp: true } },
    'cvmkit.config.yaml',
  );
  const results = await Promise.all(
    CATALOG.map(async (d) => {
      const r = await renderTemplate(d, 'hcl', settings);
      // The Linux modules run shell scripts: the Windows template takes only windowsRdp.
      const expected = d.name === 'kubevirt-windows' ? ['windows_rdp'] : ['code_server', 'dotfiles', 'git_clone_coder', 'jetbrains'];
      expect(Object.keys(r.json.module).sort()).toEqual(expected);
      return { name: d.name, failed: (await validateTemplate(r.files)).filter((row) => !row.ok) };
    }),
  );
  expect(results).toEqual(CATALOG.map((d) => ({ name: d.name, failed: [] })));
});

test("a wrong input name fails terraform validate with Terraform's own message", async () => {
  const wrong = MAIN.replace(/(module "git_clone_coder" \{[\s\S]*?)branch_name( *)=/, '$1branch$2     =');
  expect(wrong).not.toBe(MAIN);
  const { status, out } = await validate(wrong);
  expect(status).toBe(1);
  expect(out).toContain('Error: Unsupported argument');
  expect(out).toContain('in module "git_clone_coder"');
  expect(out).toContain('An argument named "branch" is not expected here.');
});

test('a missing required input, a value the module refuses and a version without a stand-in fail too', async () => {
  const missing = await validate(MAIN.replace(/(module "git_clone_coder" \{[\s\S]*?)\n *url *= "[^"]*"/, '$1'));
  expect(missing.out).toContain('Error: Missing required argument');
  expect(missing.out).toContain('The argument "url" is required, but no definition was found.');

  const refused = await validate(MAIN.replace(/(module "code_server" \{\n)/, '$1  share = "everyone"\n'));
  expect(refused.out).toContain('Error: Invalid value for variable');
  expect(refused.out).toContain('Must be one of owner, authenticated, public (cvmkit stand-in of the module).');

  const version = await validate(MAIN.replace('version  = "1.4.2"', 'version  = "~> 2.0"'));
  expect(version.out).toContain('Error: Module version requirements have changed');
});

test('a module cvmkit has no stand-in for is reported, and terraform says it is not installed', async () => {
  const other = `${MAIN}\nmodule "filebrowser" {\n  source   = "registry.coder.com/coder/filebrowser/coder"\n  version  = "1.0.0"\n  agent_id = coder_agent.main.id\n}\n`;
  const rows = await validateTemplate(new Map([['main.tf', other]]));
  expect(rows.find((r) => r.check === 'registry modules')).toMatchObject({
    ok: false,
    detail:
      'no offline stand-in for module "filebrowser" (registry.coder.com/coder/filebrowser/coder 1.0.0); cvmkit has code-server 1.5.2, jetbrains 1.4.0, dotfiles 1.4.2, git-clone 2.0.3, windows-rdp 1.3.1',
  });
  expect(rows.find((r) => r.check === 'validate')!.detail).toContain('Module not installed');
});

test('a lifecycle passes with modules (their count follows start_count: 0 when stopped)', async () => {
  // The steps that change the modules' count or inputs (the catalog's full lifecycles run in simulator.test).
  const { steps } = await simulateLifecycle(new Map([['main.tf', MAIN]]), undefined, undefined, { steps: ['stop', 'start', 'rename owner', 'delete'] });
  expect(lifecycleProblems(steps)).toEqual([]);
  expect(steps.map((s) => s.row.step)).toEqual(['create', 'stop', 'start', 'rename owner', 'delete']);
});

test("stand-ins are the catalog's data: every variable with its type and default or required-ness, every output", () => {
  for (const spec of Object.values(REGISTRY_MODULES)) {
    const stand = standInModule(spec) as { variable: Record<string, { type: string; default?: unknown }>; output?: Record<string, unknown> };
    expect(Object.keys(stand.variable)).toEqual(Object.keys(spec.variables));
    for (const [name, v] of Object.entries(spec.variables)) {
      expect(stand.variable[name].type).toBe(v.type);
      expect('default' in stand.variable[name]).toBe(!('required' in v && v.required));
    }
    expect(Object.keys(stand.output ?? {})).toEqual(Object.keys(spec.outputs));
  }
});

test('module calls are found in HCL (not in strings, heredocs or comments) and in Terraform JSON', () => {
  const hcl = [
    '# module "commented" {',
    'locals {',
    '  text = <<EOT',
    'module "in_heredoc" {',
    'EOT',
    '  s = "module \\"in_string\\" { ${"}"}"',
    '}',
    'module "real" {',
    '  # version = "9"',
    '  source  = "registry.coder.com/coder/dotfiles/coder"',
    '  version = "1.4.2"',
    '  inputs  = { source = "x" }',
    '}',
    '',
  ].join('\n');
  const json = JSON.stringify({ module: { from_json: { source: 'registry.coder.com/coder/git-clone/coder', version: '2.0.3' } } });
  expect(
    moduleCalls(
      new Map([
        ['main.tf', hcl],
        ['extra.tf.json', json],
        ['cloud-init/x.tf', 'module "nested" {}'],
      ]),
    ),
  ).toEqual([
    { name: 'real', source: 'registry.coder.com/coder/dotfiles/coder', version: '1.4.2' },
    { name: 'from_json', source: 'registry.coder.com/coder/git-clone/coder', version: '2.0.3' },
  ]);
});

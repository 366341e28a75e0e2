// Registry modules: pinned module blocks counted on start_count, wired to the agent, checked against the modules' variables.
import { format } from '@cdktf/hcl-tools';
import { App } from '../constructs/core/cdktf';
import { CoderTemplate } from '../constructs/core/coder-template';
import { KubevirtWorkspace } from '../constructs/kubevirt';
import { CoderRegistryModule, REGISTRY_MODULES, WorkspaceModulesProps } from '../constructs/modules';
import { SysboxWorkspace } from '../constructs/sysbox';
import { CATALOG } from '../src/catalog';
import { renderStackHcl } from '../src/hcl';
import { checkSettings } from '../src/settings';
import { renderTemplate } from '../src/synth';
import { synthTemplate } from './support/synth';

const START_COUNT = '${data.coder_workspace.me.start_count}';
const ALL: WorkspaceModulesProps = {
  codeServer: { installVersion: '4.106.3', extensions: ['ms-python.python'] },
  jetbrains: { ides: ['GO', 'IU'] },
  dotfiles: { defaultUri: 'https://github.com/alice/dotfiles' },
  gitClone: [{ url: 'https://github.com/coder/coder' }, { url: 'git@github.com:acme/api.git', branchName: 'main' }],
};
const modulesOf = (json: unknown) => (json as { module?: Record<string, any> }).module ?? {};

describe('a workspace with every module', () => {
  const { json, stack } = synthTemplate((t) => new SysboxWorkspace(t, 'Workspace', { modules: ALL }));
  const modules = modulesOf(json);

  test('each module is a block with its registry source, the pinned version and count = start_count', () => {
    expect(Object.keys(modules).sort()).toEqual(['code_server', 'dotfiles', 'git_clone_api', 'git_clone_coder', 'jetbrains']);
    const expected: [string, keyof typeof REGISTRY_MODULES, string][] = [
      ['code_server', 'code-server', '1.5.2'],
      ['jetbrains', 'jetbrains', '1.4.0'],
      ['dotfiles', 'dotfiles', '1.4.2'],
      ['git_clone_coder', 'git-clone', '2.0.3'],
      ['git_clone_api', 'git-clone', '2.0.3'],
    ];
    for (const [name, module, version] of expected) {
      expect(modules[name]).toMatchObject({
        source: `registry.coder.com/coder/${module}/coder`,
        version,
        count: START_COUNT,
        agent_id: '${coder_agent.main.id}',
      });
    }
  });

  test("inputs are the modules' own variables: the home folder, IDEs, dotfiles and repositories", () => {
    expect(modules.code_server).toMatchObject({
      folder: '/home/coder',
      install_version: '4.106.3',
      extensions: ['ms-python.python'],
      order: 1,
      install_prefix: '/home/coder/.local/code-server',
      use_cached: true,
    });
    expect(modules.jetbrains).toMatchObject({ folder: '/home/coder', options: ['GO', 'IU'], coder_app_order: 2 });
    expect(modules.jetbrains.default).toBeUndefined();
    expect(modules.dotfiles).toMatchObject({ default_dotfiles_uri: 'https://github.com/alice/dotfiles' });
    expect(modules.git_clone_coder).toMatchObject({ url: 'https://github.com/coder/coder' });
    expect(modules.git_clone_api).toMatchObject({ url: 'git@github.com:acme/api.git', branch_name: 'main' });
  });

  test('the code-server module replaces the inline app (one app per slug)', () => {
    expect(json.resource.coder_app).toBeUndefined();
    expect(json.resource.coder_script).toBeUndefined();
  });

  test('the HCL has module blocks, meta-arguments first, laid out exactly as terraform fmt', async () => {
    const hcl = renderStackHcl(stack);
    const block = hcl
      .slice(hcl.indexOf('module "code_server" {'))
      .split('\n')
      .slice(1, 5)
      .map((l) => l.replace(/ +=/, ' ='));
    expect(block).toEqual([
      '  source = "registry.coder.com/coder/code-server/coder"',
      '  version = "1.5.2"',
      '  count = data.coder_workspace.me.start_count',
      '  agent_id = coder_agent.main.id',
    ]);
    expect(hcl).toBe(`${(await format(hcl)).trimEnd()}\n`);
  });
});

test('without modules a workspace keeps the inline code-server and has no module block (the catalog default)', async () => {
  for (const d of CATALOG) {
    const r = await renderTemplate(d);
    expect(r.json.module).toBeUndefined();
    expect(r.files.get('main.tf')).not.toContain('module "');
    // The Windows VM has no code-server (the inline app is a shell script).
    expect(Object.keys(r.json.resource.coder_app ?? {})).toEqual(d.name === 'kubevirt-windows' ? [] : ['code_server']);
  }
});

test("a KubeVirt VM gets the same modules, with its user's home", () => {
  const { json } = synthTemplate(
    (t) => new KubevirtWorkspace(t, 'Workspace', { username: 'dev', modules: { codeServer: true, jetbrains: { defaultIdes: ['GO'] } } }),
  );
  expect(modulesOf(json).code_server).toMatchObject({ folder: '/home/dev', count: START_COUNT, install_prefix: '/home/dev/.local/code-server' });
  expect(modulesOf(json).jetbrains).toMatchObject({ folder: '/home/dev', default: ['GO'] });
});

const fails =
  (modules: WorkspaceModulesProps, extra: object = {}) =>
  () =>
    synthTemplate((t) => new SysboxWorkspace(t, 'Workspace', { ...extra, modules }));

describe('fails when', () => {
  test('the code-server module is asked for while code-server is off', () => {
    expect(fails({ codeServer: true }, { codeServer: false })).toThrow(
      'test/Workspace/Pod: invalid modules.codeServer: is set while codeServer is false; drop one of them',
    );
  });
  test('a repository URL is not an https, ssh or git@ URL', () => {
    expect(fails({ gitClone: [{ url: 'github.com/coder/coder' }] })).toThrow(
      'test/Workspace/Pod/Modules: invalid gitClone[0].url: "github.com/coder/coder" must be an https, ssh or git@ repository URL',
    );
  });
  test('two repositories clone into the same folder', () => {
    expect(fails({ gitClone: [{ url: 'https://github.com/a/app' }, { url: 'https://gitlab.com/b/app.git' }] })).toThrow(
      'test/Workspace/Pod/Modules: invalid gitClone[1]: clones into "app" like another repository; set folderName',
    );
  });
  test("a JetBrains product code is unknown, or the folder is relative (the module's own rules)", () => {
    expect(fails({ jetbrains: { ides: ['XX' as 'GO'] } })).toThrow(
      'test/Workspace/Pod/Modules/JetBrains: invalid inputs.options: "XX" is not one of CL, GO, IU, PS, PY, RD, RM, RR, WS',
    );
    expect(fails({ jetbrains: { folder: '~/src' } })).toThrow(
      'test/Workspace/Pod/Modules/JetBrains: invalid inputs.folder: "~/src" does not match ^(?:/[^/]+)+/?$',
    );
  });
  test('an input carries a template sequence', () => {
    expect(fails({ dotfiles: { uri: 'https://x/${file("/etc/passwd")}' } })).toThrow(
      'test/Workspace: invalid modules.dotfiles.uri: "https://x/${file(\\"/etc/passwd\\")}" contains "${"',
    );
  });
});

describe("CoderRegistryModule checks inputs against the module's variables", () => {
  const make = (inputs: Record<string, unknown>) => () => {
    const t = new CoderTemplate(new App(), 't');
    new CoderRegistryModule(t, 'Clone', { module: 'git-clone', name: 'clone', inputs });
  };
  test('fails when an input is not a variable of the module', () => {
    expect(make({ agent_id: 'a', url: 'https://x/y', branch: 'main' })).toThrow(
      't/Clone: invalid inputs.branch: the module registry.coder.com/coder/git-clone/coder 2.0.3 has no such variable (it has url, base_dir, agent_id, git_providers, branch_name, folder_name, extra_args, post_clone_script, pre_clone_script)',
    );
  });
  test('fails when a required input is missing', () => {
    expect(make({ agent_id: 'a' })).toThrow('t/Clone: invalid inputs.url: the git-clone module requires it');
  });
  test('fails when the block name is not a Terraform name', () => {
    const t = new CoderTemplate(new App(), 't');
    expect(() => new CoderRegistryModule(t, 'X', { module: 'dotfiles', name: 'Dot-files', inputs: { agent_id: 'a' } })).toThrow(
      't/X: invalid name: "Dot-files" must match ^[a-z][a-z0-9_]{0,62}$',
    );
  });
  test('the parameters a module declares depend on its inputs', () => {
    const t = new CoderTemplate(new App(), 't');
    expect(new CoderRegistryModule(t, 'A', { module: 'dotfiles', name: 'a', inputs: { agent_id: 'a' } }).declaredParameters).toEqual([
      'dotfiles_uri',
      'dotfiles_branch',
    ]);
    expect(
      new CoderRegistryModule(t, 'B', { module: 'dotfiles', name: 'b', inputs: { agent_id: 'a', dotfiles_uri: 'https://x/y' } }).declaredParameters,
    ).toEqual(['dotfiles_branch']);
    expect(
      new CoderRegistryModule(t, 'C', { module: 'jetbrains', name: 'c', inputs: { agent_id: 'a', folder: '/w', default: ['GO'] } }).declaredParameters,
    ).toEqual([]);
  });
});

describe('settings', () => {
  test("modules from the settings reach every backend's workspace", async () => {
    const settings = checkSettings({ modules: { dotfiles: true } }, 'cvmkit.config.yaml');
    // The Linux modules run shell scripts: the Windows template leaves them out (windowsRdp is its module).
    for (const d of CATALOG)
      expect(Object.keys((await renderTemplate(d, 'hcl', settings)).json.module ?? {})).toEqual(d.name === 'kubevirt-windows' ? [] : ['dotfiles']);
  });
  test('fails when a module key, value or repository is not what the modules take', () => {
    expect(() =>
      checkSettings({ modules: { vscodeWeb: true, codeServer: 'yes', jetbrains: { ides: ['XX'] }, gitClone: [{ branchName: 'main' }] } }, 'cvmkit.config.yaml'),
    ).toThrow(
      "cvmkit.config.yaml: modules.vscodeWeb: unknown key; modules.codeServer: must be boolean or object; modules.jetbrains.ides[0]: must be one of CL, GO, IU, PS, PY, RD, RM, RR, WS; modules.gitClone[0]: must have required property 'url'",
    );
    expect(() => checkSettings({ modules: { codeServer: { folder: 'src' } }, troubleshootingUrl: 'wiki' }, 'cvmkit.config.yaml')).toThrow(
      'cvmkit.config.yaml: modules.codeServer.folder: must match pattern "^/"; troubleshootingUrl: must match pattern "^https?://"',
    );
  });
});

// Presets: coder_workspace_preset data sources from props and settings, every value checked against its parameter at synth.
import { App } from '../constructs/core/cdktf';
import { CoderTemplate } from '../constructs/core/coder-template';
import { WorkspacePresetProps } from '../constructs/core/preset';
import { KubevirtWorkspace } from '../constructs/kubevirt';
import { SysboxWorkspace } from '../constructs/sysbox';
import { CATALOG } from '../src/catalog';
import { checkSettings, OrganisationSettings } from '../src/settings';
import { renderTemplate } from '../src/synth';
import { synthTemplate } from './support/synth';

const kubevirt = CATALOG.find((d) => d.name === 'kubevirt-vm')!;
const sysbox = CATALOG.find((d) => d.name === 'sysbox-cvm')!;

test('a preset is a coder_workspace_preset with its name, string values, default, description, icon and prebuilds', () => {
  const { json } = synthTemplate((t) => {
    new KubevirtWorkspace(t, 'Workspace', { distros: ['debian-12', 'fedora-44'] });
    t.addPreset({
      name: 'Small VM',
      parameters: { cpu: 2, memory: 4, distro: 'debian-12' },
      default: true,
      description: 'Two cores',
      icon: '/icon/debian.svg',
      prebuilds: 1,
    });
    t.addPreset({ name: 'large', parameters: { cpu: 8, memory: 16 } });
  });
  expect(json.data.coder_workspace_preset).toEqual({
    small_vm: {
      name: 'Small VM',
      parameters: { cpu: '2', memory: '4', distro: 'debian-12' },
      default: true,
      description: 'Two cores',
      icon: '/icon/debian.svg',
      prebuilds: { instances: 1 },
    },
    large: { name: 'large', parameters: { cpu: '8', memory: '16' } },
  });
});

test("settings: global presets reach every template; a template's own presets replace them", async () => {
  const settings = checkSettings(
    {
      presets: { small: { cpu: 2, memory: 4 }, large: { parameters: { cpu: 8, memory: 16 }, default: true } },
      perTemplate: { 'kubevirt-vm': { presets: { debian: { distro: 'debian-12', disk_size: 32, description: 'Debian with room' } } } },
    },
    'cvmkit.config.yaml',
  );
  const presetsOf = (json: Record<string, any>) =>
    Object.fromEntries(Object.entries(json.data.coder_workspace_preset).map(([k, { '//': _, ...v }]: [string, any]) => [k, v]));
  const vm = await renderTemplate(kubevirt, 'hcl', settings);
  expect(presetsOf(vm.json)).toEqual({ debian: { name: 'debian', description: 'Debian with room', parameters: { distro: 'debian-12', disk_size: '32' } } });
  const box = await renderTemplate(sysbox, 'hcl', settings);
  expect(presetsOf(box.json)).toEqual({
    small: { name: 'small', parameters: { cpu: '2', memory: '4' } },
    large: { name: 'large', default: true, parameters: { cpu: '8', memory: '16' } },
  });
  expect(box.files.get('main.tf')).toContain('data "coder_workspace_preset" "large" {');
});

test('the catalog has no preset unless the settings give some', async () => {
  for (const d of CATALOG) expect((await renderTemplate(d)).json.data.coder_workspace_preset).toBeUndefined();
});

test('presets may set the parameters a module declares (dotfiles_uri), not those it does not', () => {
  const build = (uri?: string) => () =>
    synthTemplate((t) => {
      new SysboxWorkspace(t, 'Workspace', { modules: { dotfiles: { uri } } });
      t.addPreset({ name: 'mine', parameters: { dotfiles_uri: 'https://github.com/alice/dotfiles' } });
    });
  expect(build()).not.toThrow();
  expect(build('https://github.com/acme/dotfiles')).toThrow(
    'test/Preset_mine: invalid parameters.dotfiles_uri: preset "mine" sets "dotfiles_uri", which is not a parameter of the template (it has cpu, memory, home_disk_size, dotfiles_branch)',
  );
});

describe('fails when a preset', () => {
  const vm = (preset: Partial<WorkspacePresetProps>) => () =>
    synthTemplate((t) => {
      new KubevirtWorkspace(t, 'Workspace', { distros: ['debian-12', 'fedora-44'] });
      t.addPreset({ name: 'p', parameters: {}, ...preset });
    });
  const cases: [string, Partial<WorkspacePresetProps>, string][] = [
    [
      "sets a number outside the parameter's bounds",
      { parameters: { cpu: 64 } },
      'test/Preset_p: invalid parameters.cpu: preset "p" sets 64, outside the parameter\'s bounds 1..8',
    ],
    [
      'sets a value not among the options',
      { parameters: { distro: 'ubuntu-24.04' } },
      'test/Preset_p: invalid parameters.distro: preset "p" sets "ubuntu-24.04", which is not one of the parameter\'s options (debian-12, fedora-44)',
    ],
    [
      'names a parameter the template lacks',
      { parameters: { cpus: 2 } },
      'test/Preset_p: invalid parameters.cpus: preset "p" sets "cpus", which is not a parameter of the template (it has distro, cpu, memory, disk_size)',
    ],
    [
      'sets a number parameter to text',
      { parameters: { memory: 'lots' } },
      'test/Preset_p: invalid parameters.memory: preset "p" sets "lots", which is not a number',
    ],
    [
      'sets an empty value',
      { parameters: { distro: '' } },
      'test/Preset_p: invalid parameters.distro: preset "p" sets an empty value; Coder refuses empty preset values',
    ],
    ['has an empty name', { name: ' ' }, 'test: invalid presets: a preset name must not be empty'],
    ['has a description over 128 characters', { description: 'x'.repeat(129) }, 'test/Preset_p: invalid description: has 129 characters; Coder allows 128'],
    ['asks for a negative number of prebuilds', { prebuilds: -1 }, 'test/Preset_p: invalid prebuilds: -1 must be a whole number, 0 or more'],
    ['carries a template sequence', { parameters: { distro: '${var.x}' } }, 'test/Preset_p: invalid parameters.distro: "${var.x}" contains "${"'],
  ];
  test.each(cases)('%s', (_, preset, message) => {
    expect(vm(preset)).toThrow(message);
  });

  test('is checked at synth, so parameters added after it count, and the error is a CvmkitValidationError', () => {
    const app = new App({ stackTraces: false });
    const t = new CoderTemplate(app, 't', { presets: [{ name: 'flag', parameters: { fast: 'yes' } }] });
    t.addParameter('fast', { name: 'fast', type: 'bool', default: false });
    let error: unknown;
    try {
      app.synth();
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      name: 'CvmkitValidationError',
      constructPath: 't/Preset_flag',
      prop: 'parameters.fast',
      message: 't/Preset_flag: invalid parameters.fast: preset "flag" sets "yes", which is not true or false',
    });
  });

  test("does not match a string parameter's regex", () => {
    const t = new CoderTemplate(new App({ stackTraces: false }), 't');
    t.addParameter('repo', { name: 'repo', validation: { regex: '^https://', error: 'an https URL' } });
    t.addPreset({ name: 'r', parameters: { repo: 'git@x:y' } });
    expect(() => t.node.root.node.findAll().forEach((c) => c.node.validate())).toThrow(
      't/Preset_r: invalid parameters.repo: preset "r" sets "git@x:y", which does not match the parameter\'s regex ^https://',
    );
  });

  test('is a second default, or has the name of another', () => {
    const t = new CoderTemplate(new App(), 't');
    t.addPreset({ name: 'One', parameters: {}, default: true });
    expect(() => t.addPreset({ name: 'two', parameters: {}, default: true })).toThrow(
      't: invalid presets: "two" and "One" are both the default; Coder allows one',
    );
    expect(() => t.addPreset({ name: 'one', parameters: {} })).toThrow(
      't: invalid presets: "one" has the same name as "One" (data.coder_workspace_preset.one)',
    );
  });
});

test('settings: preset values must be strings, numbers or booleans without template sequences, under parameter names', () => {
  const bad: OrganisationSettings = { presets: { p: { cpu: [2] as unknown as number, Memory: 4, prebuilds: -1, description: '${x}' } } };
  expect(() => checkSettings(bad, 'cvmkit.config.yaml')).toThrow(
    'cvmkit.config.yaml: presets.p.description: "${x}" contains "${", which Terraform would evaluate as a template sequence; cvmkit writes this value as a literal and refuses "${" and "%{" in it; presets.p: key "Memory" must match pattern "^[a-z][a-z0-9_]{0,63}$"; presets.p.cpu: must be string or number or boolean; presets.p.prebuilds: must be >= 0',
  );
});

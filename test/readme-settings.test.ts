// The README's settings example is a valid settings file, and every catalog template synthesizes and validates with it.
import * as fs from 'fs';
import { parse } from 'yaml';
import { projectPath } from '../src/paths';
import { CATALOG } from '../src/catalog';
import { checkSettings, SETTINGS_SCHEMA } from '../src/settings';
import { removeRuns } from '../src/simulator/harness';
import { validateTemplate } from '../src/simulator/lifecycle';
import { renderTemplate } from '../src/synth';

jest.setTimeout(240_000);
afterAll(removeRuns);

const readme = fs.readFileSync(projectPath('README.md'), 'utf8');
const section = readme.slice(readme.indexOf('### Organisation settings'));
const example = /```yaml\n([\s\S]*?)```/.exec(section)![1];

test('the example documents every settings key and passes the schema', () => {
  const settings = parse(example) as Record<string, unknown>;
  expect(Object.keys(settings).sort()).toEqual(
    Object.keys(SETTINGS_SCHEMA.properties)
      .filter((k) => k !== '$schema')
      .sort(),
  );
  expect(() => checkSettings(settings, 'README.md')).not.toThrow();
});

test('every catalog template synthesizes with it (presets valid for each) and validates offline, modules included', async () => {
  const settings = checkSettings(parse(example), 'README.md');
  const results = await Promise.all(
    CATALOG.map(async (d) => {
      const r = await renderTemplate(d, 'hcl', settings);
      const presets = Object.keys(r.json.data.coder_workspace_preset).sort();
      expect(presets).toEqual(d.name === 'kubevirt-vm' ? ['debian'] : ['large', 'small']);
      // windowsRdp applies to the Windows template, the other modules to the Linux ones.
      expect(Object.keys(r.json.module).sort()).toEqual(
        d.name === 'kubevirt-windows' ? ['windows_rdp'] : ['code_server', 'dotfiles', 'git_clone_app', 'jetbrains'],
      );
      return { name: d.name, failed: (await validateTemplate(r.files)).filter((row) => !row.ok) };
    }),
  );
  expect(results).toEqual(CATALOG.map((d) => ({ name: d.name, failed: [] })));
});

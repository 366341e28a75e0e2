// The folder each --format writes is one Terraform accepts (real terraform validate with the simulated providers).
import { spawnSync } from 'child_process';
import * as path from 'path';
import { CATALOG } from '../src/catalog';
import { removeRuns } from '../src/simulator/harness';
import { validateTemplate } from '../src/simulator/lifecycle';
import { renderTemplate } from '../src/synth';

const CLI = path.join(__dirname, '..', 'lib', 'src', 'launcher.js');
const kata = CATALOG.find((d) => d.name === 'kata-microvm')!;

afterAll(removeRuns);

test('--format json: main.tf.json alone passes terraform validate, plan and apply', async () => {
  const { files } = await renderTemplate(kata, 'json');
  expect(files.has('main.tf')).toBe(false);
  const rows = await validateTemplate(files);
  expect(rows.filter((r) => !r.ok)).toEqual([]);
  expect(rows.map((r) => r.check)).toEqual(expect.arrayContaining(['validate', 'plan', 'apply']));
});

test('main.tf and main.tf.json in one folder (what --format both wrote) fail terraform validate: every block twice', async () => {
  const hcl = await renderTemplate(kata, 'hcl');
  const json = await renderTemplate(kata, 'json');
  const rows = await validateTemplate(new Map([...hcl.files, ...json.files]));
  const validate = rows.find((r) => r.check === 'validate')!;
  expect(validate.ok).toBe(false);
  expect(validate.detail).toMatch(/Duplicate (resource|variable|provider|data)/);
});

test('--format both is a usage error that says why', () => {
  const r = spawnSync(process.execPath, [CLI, 'synth', 'kata-microvm', '--format', 'both', '--out', path.join(__dirname, 'never-written')], {
    encoding: 'utf8',
  });
  expect(r.status).toBe(2);
  expect(r.stderr).toBe(
    'cvmkit: --format both is gone: Terraform reads main.tf and main.tf.json of one folder together, so every resource was declared twice; synth twice with --format hcl and --format json into two --out folders\n',
  );
});

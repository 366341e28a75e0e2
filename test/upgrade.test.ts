// Upgrades of existing workspaces: the templates of cvmkit 0.1 to today's, and parameter changes reported.
import * as fs from 'fs';
import * as path from 'path';
import { CATALOG } from '../src/catalog';
import { readTemplateFolder } from '../src/folder';
import { removeRuns } from '../src/simulator/harness';
import { upgradeCheck } from '../src/simulator/upgrade';
import { renderTemplate } from '../src/synth';

jest.setTimeout(240_000);
afterAll(removeRuns);

const FIXTURES = path.join(__dirname, 'fixtures', 'cvmkit-0.1');
// Templates cvmkit 0.1 did not have: no workspace of theirs can exist to upgrade.
const NEW_SINCE_0_1 = ['kubevirt-windows'];
const UPGRADED = CATALOG.map((d) => d.name).filter((n) => !NEW_SINCE_0_1.includes(n));

test('every catalog template of cvmkit 0.1 has its 0.1 output as a fixture', () => {
  expect(
    fs
      .readdirSync(FIXTURES)
      .filter((f) => f !== 'README.md')
      .sort(),
  ).toEqual([...UPGRADED].sort());
});

describe.each(UPGRADED)('%s', (name) => {
  test.concurrent('a workspace made with cvmkit 0.1 keeps its disks and builds through the upgrade (running, then stopped and started)', async () => {
    const report = await upgradeCheck(readTemplateFolder(path.join(FIXTURES, name)), (await renderTemplate(CATALOG.find((d) => d.name === name)!)).files);
    const harmful = report.findings.filter((f) => f.kind !== 'replaced' && f.kind !== 'parameter' && f.kind !== 'old version');
    expect(harmful).toEqual([]);
    expect(report.safe).toBe(true);
    expect(report.steps.map((s) => s.row.step)).toEqual(['old: create', 'old: stop', 'old: start', 'new: update (start)', 'new: stop', 'new: start']);
    expect(report.steps.every((s) => s.row.ok)).toBe(true);
  });
});

test('parameters made immutable, renamed or given new options are reported; a value no longer offered fails the build', async () => {
  const current = (await renderTemplate(CATALOG.find((d) => d.name === 'envbox-cvm')!)).files;
  const next = new Map(current);
  next.set(
    'main.tf',
    current
      .get('main.tf')!
      // cpu can no longer change after creation
      .replace(/(data "coder_parameter" "cpu" \{[\s\S]*?mutable\s*=) true/, '$1 false')
      // memory renamed (same display name)
      .replace('name         = "memory"', 'name         = "memory_gib"')
      // the image the workspace runs is no longer offered
      .replace(/  option \{\n    name  = "Ubuntu \(base\)"\n    value = "codercom\/enterprise-base:ubuntu"\n  \}\n/, '')
      .replace('default      = "codercom/enterprise-base:ubuntu"', 'default      = "codercom/enterprise-node:ubuntu"'),
  );
  expect(next.get('main.tf')).not.toBe(current.get('main.tf'));
  const report = await upgradeCheck(current, next);
  const parameters = report.findings.filter((f) => f.kind === 'parameter').map((f) => f.detail);
  expect(parameters).toEqual(
    expect.arrayContaining([
      '"cpu" became immutable: existing workspaces keep "2" for good',
      '"memory" was renamed to "memory_gib": existing workspaces lose their value ("4") and get the new default',
      '"image": the existing value "codercom/enterprise-base:ubuntu" is no longer an option (codercom/enterprise-node:ubuntu, codercom/enterprise-golang:ubuntu)',
    ]),
  );
  expect(report.findings).toContainEqual({
    kind: 'build failure',
    detail: expect.stringMatching(
      /^new: update \(start\): the build failed: .*parameter "image": value "codercom\/enterprise-base:ubuntu" must be one of the options/,
    ),
  });
  expect(report.safe).toBe(false);
});

// The benchmark's arithmetic and its committed results: what it reports must follow from what it measured.
import * as fs from 'fs';
import * as path from 'path';
import { linearFit, median } from '../bench/stats';
import { ASSUMED, userDataSizes } from '../bench/user-data';
import { catalogOfSize } from '../bench/variants';
import { CATALOG } from '../src/catalog';
import { renderTemplate } from '../src/synth';

test('median of odd and even counts, unaffected by order', () => {
  expect(median([5, 1, 3])).toBe(3);
  expect(median([4, 1, 3, 2])).toBe(2.5);
  expect(() => median([])).toThrow(RangeError);
});

test('least squares recovers a line and reports a perfect fit as r² = 1', () => {
  const fit = linearFit([
    [1, 12],
    [10, 30],
    [100, 210],
  ]);
  expect(fit.slope).toBeCloseTo(2, 10);
  expect(fit.intercept).toBeCloseTo(10, 10);
  expect(fit.r2).toBeCloseTo(1, 10);
  expect(
    linearFit([
      [0, 0],
      [1, 1],
      [2, 0],
    ]).r2,
  ).toBeLessThan(0.5);
});

test('generated catalogs cycle through the real definitions under distinct names', () => {
  const ten = catalogOfSize(10);
  expect(ten.map((d) => d.backend)).toEqual(Array.from({ length: 10 }, (_, i) => CATALOG[i % CATALOG.length].backend));
  expect(new Set(ten.map((d) => d.name)).size).toBe(10);
});

test('user-data sizes fill every template variable of the KubeVirt cloud-init files', async () => {
  const rendered = await renderTemplate(CATALOG.find((d) => d.backend === 'kubevirt')!);
  const sizes = userDataSizes(rendered.files);
  expect(sizes.length).toBe([...rendered.files.keys()].filter((f) => f.endsWith('.tftpl')).length);
  for (const s of sizes) {
    const raw = Buffer.byteLength(rendered.files.get(s.file)!);
    expect(s.bytes).toBeGreaterThan(raw + (4 * ASSUMED.initScriptBytes) / 3 - 64);
  }
});

test('the committed results are consistent with their own runs and cover the catalog', () => {
  const results = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'bench', 'results.json'), 'utf8'));
  expect(results.cold.cvmkitMs).toBeCloseTo(median(results.cold.runsCvmkit), 0);
  expect(results.cold.cdktfCliMs).toBeCloseTo(median(results.cold.runsCdktfCli), 0);
  expect(results.cold.ratio).toBeCloseTo(results.cold.cdktfCliMs / results.cold.cvmkitMs, 1);
  expect(results.cold.runsCvmkit.length).toBe(results.runs);
  expect(results.templates.map((t: { name: string }) => t.name).sort()).toEqual(CATALOG.map((d) => d.name).sort());
  expect(results.scaling.rows.map((r: { templates: number }) => r.templates)).toEqual([1, 10, 100]);
  expect(results.targets.coldSynthUnder1s).toBe(results.cold.cvmkitMs <= 1000);
  expect(results.targets.userDataUnder16KiB).toBe(results.templates.every((t: { maxUserDataBytes: number | null }) => (t.maxUserDataBytes ?? 0) <= 16384));
});

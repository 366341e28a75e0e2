// The benchmark's arithmetic, its committed results and a tiny run of it: what it reports must follow from what it measured.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { linearFit, median } from '../bench/stats';
import { FileCost, summarizeCosts } from '../bench/suite';
import { ASSUMED, userDataSizes } from '../bench/user-data';
import { catalogOfSize } from '../bench/variants';
import { CATALOG } from '../src/catalog';
import { projectPath } from '../src/paths';
import { renderTemplate } from '../src/synth';
import { withTerraform } from './support/tools';

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

/** The checks every results file passes: what it reports follows from what it measured. */
function checkResults(results: any, sizes: number[]): void {
  expect(results.cold.cvmkit.ms).toBeCloseTo(median(results.cold.cvmkit.runs), 0);
  expect(results.cold.cdktfCli.ms).toBeCloseTo(median(results.cold.cdktfCli.runs), 0);
  expect(results.cold.ratio).toBeCloseTo(results.cold.cdktfCli.ms / results.cold.cvmkit.ms, 1);
  expect(results.cold.cvmkit.runs.length).toBe(results.runs);
  expect(results.templates.map((t: { name: string }) => t.name).sort()).toEqual(CATALOG.map((d) => d.name).sort());
  expect(results.scaling.rows.map((r: { templates: number }) => r.templates)).toEqual(sizes);
  for (const row of results.scaling.rows) {
    expect(row.cvmkit.ms).toBeCloseTo(median(row.cvmkit.runs), 0);
    expect(row.cvmkit.peakRssMiB).toBeGreaterThan(0);
  }
  const largest = results.scaling.rows[results.scaling.rows.length - 1].cvmkit;
  expect(results.incremental.templates).toBe(Math.max(...sizes));
  const sim = results.simulator;
  expect(results.targets).toEqual({
    simulateUnder5s: sim && sim.simulateKataMicrovm.warmMs <= 5000,
    validateCatalogUnder15s: sim && sim.validateCatalog.warmMs <= 15000,
    tenTimesCdktfCli: results.cold.ratio >= 10,
    coldSynthUnder1s: results.cold.cvmkit.ms <= 1000,
    largestUnder10s: largest.ms <= 10000,
    largestPeakRssUnder200MiB: largest.peakRssMiB <= 200,
    unchangedUnder2s: results.incremental.unchanged.ms <= 2000,
    userDataUnder16KiB: results.templates.every((t: { maxUserDataBytes: number | null }) => (t.maxUserDataBytes ?? 0) <= 16384),
    testSuiteUnder3min: results.suite && results.suite.buildMs + results.suite.jestMs <= 180000,
  });
  if (results.suite) {
    const { costliest, files, selfCpuMs, childrenCpuMs } = results.suite;
    const cost = (f: FileCost) => f.selfCpuMs + (f.childrenCpuMs ?? 0);
    expect(costliest.length).toBe(Math.min(10, files));
    expect(costliest.map(cost)).toEqual([...costliest.map(cost)].sort((a, b) => b - a));
    expect(costliest.reduce((n: number, f: FileCost) => n + cost(f), 0)).toBeLessThanOrEqual(selfCpuMs + childrenCpuMs + 1);
  }
}

test('a CPU report sums every file and keeps the ten costliest, own plus children', () => {
  const lines: FileCost[] = Array.from({ length: 12 }, (_, i) => ({
    file: `f${i}.test.ts`,
    wallMs: 10,
    selfCpuMs: i,
    childrenCpuMs: i % 2 === 0 ? 100 : null,
  }));
  const s = summarizeCosts(lines);
  expect(s.files).toBe(12);
  expect(s.selfCpuMs).toBe(66);
  expect(s.childrenCpuMs).toBe(600);
  expect(s.costliest.map((f) => f.file)).toEqual([
    'f10.test.ts',
    'f8.test.ts',
    'f6.test.ts',
    'f4.test.ts',
    'f2.test.ts',
    'f0.test.ts',
    'f11.test.ts',
    'f9.test.ts',
    'f7.test.ts',
    'f5.test.ts',
  ]);
});

test('the committed results are consistent with their own runs and cover the catalog', () => {
  const results = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'bench', 'results.json'), 'utf8'));
  checkResults(results, [1, 10, 100, 1000]);
  expect(results.simulator.simulateKataMicrovm.warmMs).toBeCloseTo(median(results.simulator.simulateKataMicrovm.runsWarm), 0);
});

withTerraform(
  'a tiny run of the benchmark writes a well-formed results file',
  () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-bench-'));
    try {
      const file = path.join(tmp, 'results.json');
      const env = {
        ...process.env,
        BENCH_SUITE: '0',
        BENCH_WARMUP: '0',
        BENCH_RUNS: '1',
        BENCH_SIZES: '1,2',
        BENCH_SCALE_RUNS: '1',
        BENCH_SIM_RUNS: '0',
        BENCH_RESULTS: file,
      };
      const r = spawnSync(process.execPath, [projectPath('lib/bench/run.js')], { env, encoding: 'utf8' });
      expect(r.stderr).toContain('incremental re-synth of 2');
      expect(r.status).toBe(0);
      checkResults(JSON.parse(fs.readFileSync(file, 'utf8')), [1, 2]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  },
  600_000,
);

// `npm run bench`: cold synth against the cdktf CLI (and the code before a change), scaling, incremental re-synth; writes bench/results.json.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from '../constructs/core/cdktf';
import { CATALOG } from '../src/catalog';
import { availableCores } from '../src/catalog-synth';
import { renderStackHcl } from '../src/hcl';
import { synthesizeStack } from '../src/stack-json';
import { renderTemplate } from '../src/synth';
import { load, measure, Measured } from './measure';
import { incremental, scaling } from './scaling';
import { simulator } from './simulator';
import { suite } from './suite';
import { median, round } from './stats';
import { userDataSizes } from './user-data';

// Settings (environment): BENCH_RUNS rounds of the cold synth (7); BENCH_SIZES generated catalog
// sizes ("1,10,100,1000"); BENCH_SCALE_RUNS rounds per size (3, and 2 for 1000 and more);
// BENCH_BASELINE a checkout of the code before a change, built, measured side by side;
// BENCH_SUITE=0 skips the test suite's phases (npm run build, then jest; ~5 minutes); BENCH_ONLY=suite
// measures only them and puts them into the existing results file; BENCH_JOBS workers (the cores); BENCH_WARMUP=0 skips the untimed first round of the cold synth; BENCH_SIM_RUNS rounds of simulate/validate (3; 0 skips them); BENCH_RESULTS the
// results file (bench/results.json).
const ROOT = path.resolve(__dirname, '..', '..');
const OUT = path.join(ROOT, 'bench', 'out');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const SIZES = (process.env.BENCH_SIZES ?? '1,10,100,1000').split(',').map(Number);
const BASELINE = process.env.BENCH_BASELINE ? path.resolve(process.env.BENCH_BASELINE) : null;
const JOBS = Number(process.env.BENCH_JOBS ?? availableCores());
const RESULTS = path.resolve(process.env.BENCH_RESULTS ?? path.join(ROOT, 'bench', 'results.json'));
const log = (s: string) => process.stderr.write(`${s} (load ${load()})\n`);

const synthArgs = (out: string) => [
  'synth',
  '--out',
  path.join(out, 'templates'),
  '--platform-out',
  path.join(out, 'platform'),
  '--page',
  path.join(out, 'index.html'),
];
const ARMS = {
  cvmkit: () => measure(process.execPath, [path.join(ROOT, 'lib/src/launcher.js'), ...synthArgs(path.join(OUT, 'cvmkit'))], ROOT),
  cdktfCli: () => measure(path.join(ROOT, 'node_modules/.bin/cdktf'), ['synth', '--output', path.join(OUT, 'cdktf.out')], ROOT),
  before: () => measure(process.execPath, [path.join(BASELINE!, 'lib/src/cli.js'), ...synthArgs(path.join(OUT, 'before'))], BASELINE!),
};
type Arm = keyof typeof ARMS;

interface ArmSummary {
  readonly ms: number;
  readonly cpuMs: number | null;
  readonly runs: number[];
  readonly cpuRuns: (number | null)[];
}

const ms = (runs: readonly Measured[]) => round(median(runs.map((r) => r.ms)));
const cpu = (runs: readonly Measured[]) => (runs.every((r) => r.cpuMs !== null) ? round(median(runs.map((r) => r.cpuMs!))) : null);
const paired = (a: readonly Measured[], b: readonly Measured[]) => round(median(a.map((x, i) => b[i].ms / x.ms)), 2);

/** Cold runs, A B C A B C: every arm sees the same load drift. */
async function cold() {
  const arms: Arm[] = BASELINE === null ? ['cvmkit', 'cdktfCli'] : ['cvmkit', 'cdktfCli', 'before'];
  const runs = Object.fromEntries(arms.map((a) => [a, [] as Measured[]])) as Record<Arm, Measured[]>;
  const loads: number[] = [];
  // Untimed: file-system caches, the code cache (BENCH_WARMUP=0 skips it, for the test's tiny run).
  if (process.env.BENCH_WARMUP !== '0') for (const a of arms) await ARMS[a]();
  for (let i = 0; i < RUNS; i++) {
    log(`  round ${i + 1}`);
    loads.push(load());
    for (const a of arms) runs[a].push(await ARMS[a]());
  }
  const summary = Object.fromEntries(
    arms.map((a) => [
      a,
      { ms: ms(runs[a]), cpuMs: cpu(runs[a]), runs: runs[a].map((r) => round(r.ms)), cpuRuns: runs[a].map((r) => r.cpuMs && round(r.cpuMs)) },
    ]),
  ) as Record<Arm, ArmSummary>;
  return {
    ...summary,
    ratio: round(median(runs.cdktfCli.map((r) => r.ms)) / median(runs.cvmkit.map((r) => r.ms)), 2),
    pairedRatio: paired(runs.cvmkit, runs.cdktfCli),
    cpuRatio: cpu(runs.cvmkit) && cpu(runs.cdktfCli) ? round(cpu(runs.cdktfCli)! / cpu(runs.cvmkit)!, 2) : null,
    beforeRatio: BASELINE === null ? null : round(median(runs.cdktfCli.map((r) => r.ms)) / median(runs.before.map((r) => r.ms)), 2),
    speedupOverBefore: BASELINE === null ? null : paired(runs.cvmkit, runs.before),
    load: loads,
  };
}

/** Start-up: `node -e ''`, and each command line's `--help` (module load and argument parsing) interleaved. */
async function startup() {
  const node: Measured[] = [];
  const cvmkit: Measured[] = [];
  const before: Measured[] = [];
  for (let i = 0; i < RUNS; i++) {
    node.push(await measure(process.execPath, ['-e', ''], ROOT));
    cvmkit.push(await measure(process.execPath, [path.join(ROOT, 'lib/src/launcher.js'), '--help'], ROOT));
    if (BASELINE !== null) before.push(await measure(process.execPath, [path.join(BASELINE, 'lib/src/cli.js'), '--help'], BASELINE));
  }
  return { nodeMs: ms(node), cvmkitModuleLoadMs: round(ms(cvmkit) - ms(node)), beforeModuleLoadMs: BASELINE === null ? null : round(ms(before) - ms(node)) };
}

/** In-process figures per catalog template: warm synth, HCL rendering, sizes. */
async function perTemplate() {
  const warm = new Map<string, number[]>();
  let last: Awaited<ReturnType<typeof renderTemplate>>[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const rendered = [];
    for (const d of CATALOG) rendered.push(await renderTemplate(d));
    if (run === 0) continue; // warm-up
    for (const r of rendered) warm.set(r.definition.name, [...(warm.get(r.definition.name) ?? []), r.ms]);
    last = rendered;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-bench-'));
  const hcl = new Map<string, number>();
  for (const d of CATALOG) {
    const app = new App({ outdir: tmp, stackTraces: false });
    const stack = d.build(app, d.name);
    const json = synthesizeStack(app, stack);
    const times: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const t = performance.now();
      renderStackHcl(stack, json);
      if (i > 0) times.push(performance.now() - t);
    }
    hcl.set(d.name, median(times));
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  return last.map((r) => {
    const userData = userDataSizes(r.files);
    return {
      name: r.definition.name,
      warmSynthMs: round(median(warm.get(r.definition.name)!)),
      hclMs: round(hcl.get(r.definition.name)!, 2),
      resources: r.resources,
      mainTfBytes: Buffer.byteLength(r.files.get('main.tf')!),
      files: r.files.size,
      maxUserDataBytes: userData.length === 0 ? null : Math.max(...userData.map((u) => u.bytes)),
    };
  });
}

/** The suite's phases, dated, with the load average before and after. */
function measuredSuite() {
  const start = load();
  const phases = suite(ROOT);
  return { date: new Date().toISOString().slice(0, 10), load: { start, end: load() }, ...phases };
}

const under3min = (phases: { buildMs: number; jestMs: number }) => phases.buildMs + phases.jestMs <= 180_000;

async function main(): Promise<void> {
  if (process.env.BENCH_ONLY === 'suite') {
    log('test suite phases only: npm run build, then jest');
    const results = JSON.parse(fs.readFileSync(RESULTS, 'utf8'));
    results.suite = measuredSuite();
    results.targets.testSuiteUnder3min = under3min(results.suite);
    fs.writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(results.suite, null, 2)}\n`);
    return;
  }
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  const loadAtStart = load();
  log(`cold synth: cvmkit, cdktf synth${BASELINE ? ', before' : ''}; ${RUNS} rounds interleaved`);
  const c = await cold();
  log('start-up and module load');
  const s = await startup();
  log('warm synth and HCL per template');
  const templates = await perTemplate();
  const setup = { root: ROOT, out: OUT, baseline: BASELINE, jobs: JOBS, log };
  log(`scaling ${SIZES.join('/')}, ${JOBS} workers`);
  const scale = await scaling(setup, SIZES, (n) => Number(process.env.BENCH_SCALE_RUNS ?? (n >= 1000 ? 2 : 3)));
  const largest = Math.max(...SIZES);
  log(`incremental re-synth of ${largest}`);
  const inc = await incremental(setup, largest, Number(process.env.BENCH_SCALE_RUNS ?? 3));
  const top = scale.rows.find((r) => r.templates === largest)!.cvmkit;
  const simRuns = Number(process.env.BENCH_SIM_RUNS ?? 3);
  if (simRuns > 0) log(`simulate and validate, ${simRuns} rounds cold (empty platform cache) / warm`);
  const sim = simRuns > 0 ? simulator(ROOT, simRuns, BASELINE) : null;
  if (process.env.BENCH_SUITE !== '0') log('test suite phases: npm run build, then jest');
  const phases = process.env.BENCH_SUITE !== '0' ? measuredSuite() : null;

  const results = {
    date: new Date().toISOString().slice(0, 10),
    machine: {
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      memoryGiB: round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
    },
    load: { start: loadAtStart, end: load() },
    catalog: CATALOG.length,
    runs: RUNS,
    baseline: BASELINE,
    cold: { ...c, ...s },
    templates,
    scaling: scale,
    incremental: inc,
    simulator: sim,
    suite: phases,
    targets: {
      simulateUnder5s: sim && sim.simulateKataMicrovm.warmMs <= 5000,
      validateCatalogUnder15s: sim && sim.validateCatalog.warmMs <= 15000,
      tenTimesCdktfCli: c.ratio >= 10,
      coldSynthUnder1s: c.cvmkit.ms <= 1000,
      largestUnder10s: top.ms <= 10_000,
      largestPeakRssUnder200MiB: top.peakRssMiB <= 200,
      unchangedUnder2s: inc.unchanged.ms <= 2000,
      userDataUnder16KiB: templates.every((t) => t.maxUserDataBytes === null || t.maxUserDataBytes <= 16 * 1024),
      testSuiteUnder3min: phases && under3min(phases),
    },
  };
  fs.writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  fs.rmSync(OUT, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

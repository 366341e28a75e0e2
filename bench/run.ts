// `npm run bench`: synth speed and output size of the catalog, side by side with the cdktf CLI.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from '../constructs/core/cdktf';
import { CATALOG } from '../src/catalog';
import { renderStackHcl } from '../src/hcl';
import { renderTemplate } from '../src/synth';
import { linearFit, median, round } from './stats';
import { userDataSizes } from './user-data';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'lib', 'src', 'cli.js');
const CDKTF = path.join(ROOT, 'node_modules', '.bin', 'cdktf');
const OUT = path.join(ROOT, 'bench', 'out');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const QUIET_ENV = { ...process.env, CHECKPOINT_DISABLE: '1', CI: '1', TF_CLI_CONFIG_FILE: '/dev/null', FORCE_COLOR: '0' };

/** Wall time of one command in a new process, in ms; throws if it fails. */
function wall(command: string, args: string[], cwd = ROOT): number {
  const started = process.hrtime.bigint();
  const r = spawnSync(command, args, { cwd, env: QUIET_ENV, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return ms;
}

function cvmkitCold(): number {
  return wall(process.execPath, [CLI, 'synth', '--out', path.join(OUT, 'templates'), '--platform-out', path.join(OUT, 'platform')]);
}

function cdktfCold(): number {
  return wall(CDKTF, ['synth', '--output', path.join(OUT, 'cdktf.out')]);
}

function moduleLoad(): number {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(path.join(ROOT, 'lib/src/catalog.js'))});require(${JSON.stringify(path.join(ROOT, 'lib/src/synth.js'))});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  return Number(r.stdout);
}

async function warm() {
  const perTemplate = new Map<string, number[]>();
  const catalogRuns: number[] = [];
  let last: Awaited<ReturnType<typeof renderTemplate>>[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const started = performance.now();
    const rendered = [];
    for (const d of CATALOG) rendered.push(await renderTemplate(d));
    if (run === 0) continue; // warm-up
    catalogRuns.push(performance.now() - started);
    for (const r of rendered) perTemplate.set(r.definition.name, [...(perTemplate.get(r.definition.name) ?? []), r.ms]);
    last = rendered;
  }
  return { catalogMs: median(catalogRuns), perTemplate, last };
}

function hclConversion(): Map<string, number> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-bench-'));
  const app = new App({ outdir: tmp, stackTraces: false });
  const stacks = CATALOG.map((d) => ({ d, stack: d.build(app, d.name) }));
  app.synth();
  const out = new Map<string, number>();
  for (const { d, stack } of stacks) {
    const json = stack.toTerraform() as Record<string, any>;
    const times: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const t = performance.now();
      renderStackHcl(stack, json);
      if (i > 0) times.push(performance.now() - t);
    }
    out.set(d.name, median(times));
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  return out;
}

function scaling() {
  const sizes = [1, 10, 100];
  const rows = sizes.map((n) => {
    const runs: number[] = [];
    for (let i = 0; i < Math.max(3, Math.ceil(RUNS / 2)); i++) {
      const r = spawnSync(process.execPath, [path.join(__dirname, 'scale-child.js'), String(n), path.join(OUT, `scale-${n}`)], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`scaling run n=${n} failed: ${r.stderr}`);
      runs.push((JSON.parse(r.stdout) as { ms: number }).ms);
    }
    const ms = median(runs);
    return { templates: n, medianMs: round(ms), perTemplateMs: round(ms / n, 2) };
  });
  const fit = linearFit(rows.map((r) => [r.templates, r.medianMs]));
  return { rows, fit: { msPerTemplate: round(fit.slope, 2), fixedMs: round(fit.intercept), r2: round(fit.r2, 4) } };
}

/**
 * The simulator as a user meets it: `cvmkit simulate kata-microvm` and `cvmkit validate` of the
 * whole catalog, each a new process. "cold" runs start with an empty platform cache (a new TMPDIR),
 * "warm" ones reuse the cluster the platform stacks left (os.tmpdir()/cvmkit-platform-cache).
 */
function simulator(runs: number) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-bench-sim-'));
  const timed = (args: string[], fresh: boolean): number => {
    const dir = fresh ? fs.mkdtempSync(path.join(tmp, 'cold-')) : path.join(tmp, 'warm');
    fs.mkdirSync(dir, { recursive: true });
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...QUIET_ENV, TMPDIR: dir }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`cvmkit ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  const measure = (args: string[]) => {
    timed(args, false); // fills the warm cache
    const cold: number[] = [];
    const warm: number[] = [];
    for (let i = 0; i < runs; i++) {
      cold.push(timed(args, true));
      warm.push(timed(args, false));
    }
    return { coldMs: round(median(cold)), warmMs: round(median(warm)), runsCold: cold.map((x) => round(x)), runsWarm: warm.map((x) => round(x)) };
  };
  const out = { simulateKataMicrovm: measure(['simulate', 'kata-microvm']), validateCatalog: measure(['validate']) };
  fs.rmSync(tmp, { recursive: true, force: true });
  return out;
}

async function main(): Promise<void> {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  const log = (s: string) => process.stderr.write(`${s}\n`);

  log(`cold synth vs cdktf synth, ${RUNS} rounds A B A B…`);
  const a: number[] = [];
  const b: number[] = [];
  cvmkitCold();
  cdktfCold(); // one untimed round each: file-system caches
  for (let i = 0; i < RUNS; i++) {
    a.push(cvmkitCold());
    b.push(cdktfCold());
  }
  const nodeStart = median(Array.from({ length: RUNS }, () => wall(process.execPath, ['-e', ''])));
  const load = median(Array.from({ length: RUNS }, moduleLoad));
  log('warm synth, HCL conversion, sizes…');
  const w = await warm();
  const hcl = hclConversion();
  log('scaling 1/10/100…');
  const scale = scaling();
  const simRuns = Number(process.env.BENCH_SIM_RUNS ?? 3);
  log(`simulate and validate, ${simRuns} rounds cold (empty platform cache) / warm…`);
  const sim = simulator(simRuns);

  const templates = w.last.map((r) => {
    const userData = userDataSizes(r.files);
    return {
      name: r.definition.name,
      warmSynthMs: round(median(w.perTemplate.get(r.definition.name)!)),
      hclMs: round(hcl.get(r.definition.name)!, 2),
      resources: r.resources,
      mainTfBytes: Buffer.byteLength(r.files.get('main.tf')!),
      files: r.files.size,
      maxUserDataBytes: userData.length === 0 ? null : Math.max(...userData.map((u) => u.bytes)),
    };
  });
  const cold = { cvmkitMs: round(median(a)), cdktfCliMs: round(median(b)), runsCvmkit: a.map((x) => round(x)), runsCdktfCli: b.map((x) => round(x)) };
  const results = {
    date: new Date().toISOString().slice(0, 10),
    machine: {
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      memoryGiB: round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
    },
    catalog: CATALOG.length,
    runs: RUNS,
    cold: { ...cold, ratio: round(median(b) / median(a), 2), nodeStartupMs: round(nodeStart), moduleLoadMs: round(load) },
    warm: { catalogMs: round(w.catalogMs) },
    templates,
    scaling: scale,
    simulator: sim,
    targets: {
      simulateUnder5s: sim.simulateKataMicrovm.warmMs <= 5000,
      validateCatalogUnder15s: sim.validateCatalog.warmMs <= 15000,
      coldSynthUnder1s: median(a) <= 1000,
      tenTimesCdktfCli: median(b) / median(a) >= 10,
      userDataUnder16KiB: templates.every((t) => t.maxUserDataBytes === null || t.maxUserDataBytes <= 16 * 1024),
    },
  };
  fs.writeFileSync(path.join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  fs.rmSync(OUT, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

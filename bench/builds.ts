// Cold catalog synth of several builds of cvmkit side by side with the cdktf CLI, interleaved: the README's per-change table.
// Usage: node lib/bench/builds.js NAME=DIR/ENTRY.js ... (each a built checkout; BENCH_RUNS rounds, 7 by default).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { load, measure, Measured } from './measure';
import { median, round } from './stats';

const ROOT = path.resolve(__dirname, '..', '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

async function main(): Promise<void> {
  const builds = process.argv.slice(2).map((a) => {
    const [name, entry] = a.split('=');
    return { name, entry: path.resolve(entry), root: path.resolve(path.dirname(entry), '..', '..') };
  });
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-builds-'));
  const arms = [
    ...builds.map((b) => ({
      name: b.name,
      run: () =>
        measure(
          process.execPath,
          [b.entry, 'synth', '--out', path.join(out, b.name, 't'), '--platform-out', path.join(out, b.name, 'p'), '--page', path.join(out, b.name, 'i.html')],
          b.root,
        ),
    })),
    { name: 'cdktf synth', run: () => measure(path.join(ROOT, 'node_modules/.bin/cdktf'), ['synth', '--output', path.join(out, 'cdktf.out')], ROOT) },
  ];
  const runs = new Map<string, Measured[]>(arms.map((a) => [a.name, []]));
  const loads: number[] = [];
  for (const a of arms) await a.run(); // untimed: caches
  for (let i = 0; i < RUNS; i++) {
    loads.push(load());
    process.stderr.write(`round ${i + 1} (load ${load()})\n`);
    for (const a of arms) runs.get(a.name)!.push(await a.run());
  }
  const cdktf = runs.get('cdktf synth')!;
  const rows = arms.map((a) => {
    const r = runs.get(a.name)!;
    return {
      build: a.name,
      ms: round(median(r.map((x) => x.ms))),
      cpuMs: r.every((x) => x.cpuMs !== null) ? round(median(r.map((x) => x.cpuMs!))) : null,
      // Per round, cdktf's time over this build's: both saw the same load.
      pairedRatio: round(median(r.map((x, i) => cdktf[i].ms / x.ms)), 2),
      peakRssMiB: round(median(r.map((x) => x.peakRssKiB)) / 1024),
      runs: r.map((x) => round(x.ms)),
    };
  });
  fs.rmSync(out, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify({ date: new Date().toISOString(), runs: RUNS, load: loads, rows }, null, 2)}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

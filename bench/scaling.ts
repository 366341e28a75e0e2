// The scaling part of the benchmark: cold runs of generated catalogs of N templates, and the incremental re-synth.
import * as fs from 'fs';
import * as path from 'path';
import { measure, Measured } from './measure';
import { linearFit, median, round } from './stats';

/** One arm's medians at one size. */
export interface ScaleArm {
  readonly ms: number;
  readonly cpuMs: number | null;
  readonly peakRssMiB: number;
  readonly perTemplateMs: number;
  readonly runs: readonly number[];
}

const arm = (n: number, runs: readonly Measured[]): ScaleArm => {
  const ms = median(runs.map((r) => r.ms));
  const cpu = runs.every((r) => r.cpuMs !== null) ? median(runs.map((r) => r.cpuMs!)) : null;
  return {
    ms: round(ms),
    cpuMs: cpu === null ? null : round(cpu),
    // The child reports its own maximum too: the larger of that and the sampled tree.
    peakRssMiB: round(Math.max(...runs.map((r) => Math.max(r.peakRssKiB, JSON.parse(r.stdout).maxRssKiB ?? 0))) / 1024),
    perTemplateMs: round(ms / n, 2),
    runs: runs.map((r) => round(r.ms)),
  };
};

/**
 * Each round writes into a folder of its own, and all of them are removed only after the last
 * round: a cold round must not follow a bulk deletion. On ext4 without a journal (this machine's
 * disk) creating a file scans the inodes deleted in the last minute or so (the kernel's
 * recently_deleted()); right after deleting the previous round's ~7500 files a 1000-template
 * round took 11.4 s (7.9 s of it system time), 90 s later 8.8 s, with nothing deleted 8.2 s
 * (1.0 s system), at the same user time. The child once deleted its output itself, inside the
 * timed process; then the benchmark did, between rounds.
 */
function roundFolder(setup: ScaleSetup, arm: string, n: number, round: number): string {
  return path.join(setup.out, `${arm}-${n}-${round}`);
}

/** Where the commands are. */
export interface ScaleSetup {
  readonly root: string;
  readonly out: string;
  /** Root of the code before the change (its lib/bench/scale-child.js), or null. */
  readonly baseline: string | null;
  readonly jobs: number;
  readonly log: (s: string) => void;
}

/** Rounds of each size, interleaving this code and the baseline (A B A B). */
export async function scaling(setup: ScaleSetup, sizes: readonly number[], rounds: (n: number) => number) {
  const rows: { templates: number; cvmkit: ScaleArm; before: ScaleArm | null }[] = [];
  for (const n of sizes) {
    const after: Measured[] = [];
    const before: Measured[] = [];
    for (let i = 0; i < rounds(n); i++) {
      setup.log(`  ${n} templates, round ${i + 1}`);
      after.push(
        await measure(
          process.execPath,
          [path.join(setup.root, 'lib/bench/scale-launcher.js'), String(n), roundFolder(setup, 'scale', n, i), '--jobs', String(setup.jobs), '--keep'],
          setup.root,
        ),
      );
      if (setup.baseline !== null)
        before.push(
          await measure(
            process.execPath,
            [path.join(setup.baseline, 'lib/bench/scale-child.js'), String(n), roundFolder(setup, 'before', n, i), '--keep'],
            setup.baseline,
          ),
        );
    }
    rows.push({ templates: n, cvmkit: arm(n, after), before: before.length > 0 ? arm(n, before) : null });
  }
  for (const n of sizes) {
    for (let i = 0; i < rounds(n); i++) for (const a of ['scale', 'before']) fs.rmSync(roundFolder(setup, a, n, i), { recursive: true, force: true });
  }
  const fitOf = (pick: (r: (typeof rows)[number]) => ScaleArm | null) => {
    const points = rows.flatMap((r) => (pick(r) === null ? [] : [[r.templates, pick(r)!.ms] as [number, number]]));
    if (points.length < 2) return null;
    const fit = linearFit(points);
    return { msPerTemplate: round(fit.slope, 2), fixedMs: round(fit.intercept), r2: round(fit.r2, 4) };
  };
  return { jobs: setup.jobs, rows, fit: { cvmkit: fitOf((r) => r.cvmkit), before: fitOf((r) => r.before) } };
}

/** A cold synth of `n` templates that records its inputs, then `rounds` re-synths with nothing changed. */
export async function incremental(setup: ScaleSetup, n: number, rounds: number) {
  const out = path.join(setup.out, `incremental-${n}`);
  const run = () =>
    measure(
      process.execPath,
      [path.join(setup.root, 'lib/bench/scale-launcher.js'), String(n), out, '--jobs', String(setup.jobs), '--incremental', '--keep'],
      setup.root,
    );
  fs.rmSync(out, { recursive: true, force: true });
  setup.log(`  ${n} templates, cold with a manifest`);
  const cold = await run();
  const again: Measured[] = [];
  for (let i = 0; i < rounds; i++) {
    setup.log(`  ${n} templates unchanged, round ${i + 1}`);
    again.push(await run());
  }
  const unchanged = again.map((r) => JSON.parse(r.stdout) as { unchanged: number; rendered: number });
  if (unchanged.some((u) => u.unchanged !== n || u.rendered !== 0)) throw new Error(`incremental re-synth rendered templates: ${JSON.stringify(unchanged)}`);
  fs.rmSync(out, { recursive: true, force: true });
  return { templates: n, coldMs: round(cold.ms), unchanged: arm(n, again) };
}

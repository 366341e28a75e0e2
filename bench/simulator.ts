// The simulator as a user meets it: `cvmkit simulate kata-microvm` and `cvmkit validate` of the whole catalog, each a new process.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { median, round } from './stats';

const QUIET_ENV = { ...process.env, CHECKPOINT_DISABLE: '1', CI: '1', TF_CLI_CONFIG_FILE: '/dev/null', FORCE_COLOR: '0' };

/** Medians of one command's cold and warm runs. */
export interface SimulatorMeasure {
  readonly coldMs: number;
  readonly warmMs: number;
  readonly runsCold: number[];
  readonly runsWarm: number[];
}

/**
 * "cold" runs start with an empty platform cache (a new TMPDIR), "warm" ones reuse the cluster
 * the platform stacks left (os.tmpdir()/cvmkit-platform-cache). Rounds alternate cold and warm.
 * With `baseline` (a built checkout of the code before a change), its CLI runs each command right
 * after this one's, round by round, with caches of its own; its medians come under `before`.
 */
export function simulator(root: string, runs: number, baseline: string | null = null) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-bench-sim-'));
  const timed = (checkout: string, arm: string, args: string[], fresh: boolean): number => {
    const dir = fresh ? fs.mkdtempSync(path.join(tmp, `${arm}-cold-`)) : path.join(tmp, `${arm}-warm`);
    fs.mkdirSync(dir, { recursive: true });
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [path.join(checkout, 'lib', 'src', 'launcher.js'), ...args], {
      cwd: checkout,
      env: { ...QUIET_ENV, TMPDIR: dir },
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`cvmkit ${args.join(' ')} (${checkout}) failed (${r.status}): ${r.stderr}`);
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  const arms =
    baseline === null
      ? [{ arm: 'now', checkout: root }]
      : [
          { arm: 'now', checkout: root },
          { arm: 'before', checkout: baseline },
        ];
  const measure = (args: string[]): Record<string, SimulatorMeasure> => {
    const times = arms.map(() => ({ cold: [] as number[], warm: [] as number[] }));
    arms.forEach((a) => timed(a.checkout, a.arm, args, false)); // fills the warm caches
    for (let i = 0; i < runs; i++) {
      arms.forEach((a, k) => times[k].cold.push(timed(a.checkout, a.arm, args, true)));
      arms.forEach((a, k) => times[k].warm.push(timed(a.checkout, a.arm, args, false)));
    }
    return Object.fromEntries(
      arms.map((a, k) => [
        a.arm,
        {
          coldMs: round(median(times[k].cold)),
          warmMs: round(median(times[k].warm)),
          runsCold: times[k].cold.map((x) => round(x)),
          runsWarm: times[k].warm.map((x) => round(x)),
        },
      ]),
    );
  };
  try {
    const simulate = measure(['simulate', 'kata-microvm']);
    const validate = measure(['validate']);
    return {
      simulateKataMicrovm: simulate.now,
      validateCatalog: validate.now,
      ...(baseline === null ? {} : { before: { simulateKataMicrovm: simulate.before, validateCatalog: validate.before } }),
    };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

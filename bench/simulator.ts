// The simulator as a user meets it: `cvmkit simulate kata-microvm` and `cvmkit validate` of the whole catalog, each a new process.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { median, round } from './stats';

const QUIET_ENV = { ...process.env, CHECKPOINT_DISABLE: '1', CI: '1', TF_CLI_CONFIG_FILE: '/dev/null', FORCE_COLOR: '0' };

/**
 * "cold" runs start with an empty platform cache (a new TMPDIR), "warm" ones reuse the cluster
 * the platform stacks left (os.tmpdir()/cvmkit-platform-cache). Rounds alternate cold and warm.
 */
export function simulator(root: string, runs: number) {
  const cli = path.join(root, 'lib', 'src', 'launcher.js');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-bench-sim-'));
  const timed = (args: string[], fresh: boolean): number => {
    const dir = fresh ? fs.mkdtempSync(path.join(tmp, 'cold-')) : path.join(tmp, 'warm');
    fs.mkdirSync(dir, { recursive: true });
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, env: { ...QUIET_ENV, TMPDIR: dir }, encoding: 'utf8' });
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
  try {
    return { simulateKataMicrovm: measure(['simulate', 'kata-microvm']), validateCatalog: measure(['validate']) };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// Runs a command as the benchmark measures it: wall time, CPU time and the peak RSS of its whole process tree.
import { spawn } from 'child_process';
import * as fs from 'fs';

/** One measured run. */
export interface Measured {
  readonly ms: number;
  /** User + system CPU of the process and its waited-for children (from /usr/bin/time when present). */
  readonly cpuMs: number | null;
  /** Largest sum of the resident sets of the process and all its descendants, sampled every 20 ms. */
  readonly peakRssKiB: number;
  readonly stdout: string;
}

const TIME = '/usr/bin/time';
export const QUIET_ENV = { ...process.env, CHECKPOINT_DISABLE: '1', CI: '1', TF_CLI_CONFIG_FILE: '/dev/null', FORCE_COLOR: '0' };

function children(): Map<number, number[]> {
  const byParent = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name is in parentheses and may hold spaces: the parent pid follows the last ")".
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      byParent.set(ppid, [...(byParent.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended meanwhile.
    }
  }
  return byParent;
}

function rssKiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m === null ? 0 : Number(m[1]);
  } catch {
    return 0;
  }
}

function treeRss(root: number): number {
  const byParent = children();
  let total = 0;
  const todo = [root];
  while (todo.length > 0) {
    const pid = todo.pop()!;
    total += rssKiB(pid);
    todo.push(...(byParent.get(pid) ?? []));
  }
  return total;
}

/** Runs `command args` to completion; throws with its stderr if it fails. */
export function measure(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = QUIET_ENV): Promise<Measured> {
  const timed = fs.existsSync(TIME);
  const cpuFile = `/tmp/cvmkit-bench-cpu-${process.pid}`;
  const [cmd, argv] = timed ? [TIME, ['-f', '%U %S', '-o', cpuFile, command, ...args]] : [command, [...args]];
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, argv, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let peak = 0;
    const sample = () => (peak = Math.max(peak, child.pid === undefined ? 0 : treeRss(child.pid) - (timed ? rssKiB(child.pid) : 0)));
    const timer = setInterval(sample, 20);
    child.on('error', reject);
    child.on('close', (status) => {
      clearInterval(timer);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (status !== 0) return reject(new Error(`${command} ${args.join(' ')} failed (${status}): ${stderr.slice(-2000)}`));
      let cpuMs: number | null = null;
      if (timed) {
        const [user, sys] = fs.readFileSync(cpuFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
        cpuMs = (user + sys) * 1000;
        fs.rmSync(cpuFile, { force: true });
      }
      resolve({ ms, cpuMs, peakRssKiB: peak, stdout });
    });
  });
}

/** The 1-minute load average now (how busy the shared machine is). */
export function load(): number {
  return Math.round(require('os').loadavg()[0] * 10) / 10;
}

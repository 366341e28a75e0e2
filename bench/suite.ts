// The test suite's phases as `npm test` runs them: the build (tsc, settings schema, CLI bundle), then
// jest, with what each test file cost (test/support/cpu-report.ts).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { round } from './stats';

/** One test file's line of the CPU report. */
export interface FileCost {
  readonly file: string;
  readonly wallMs: number;
  readonly selfCpuMs: number;
  readonly childrenCpuMs: number | null;
}

/** The suite's phases and its costliest files. */
export interface SuitePhases {
  readonly buildMs: number;
  readonly jestMs: number;
  readonly files: number;
  readonly tests: { readonly passed: number; readonly failed: number };
  /** Summed over the files: the jest workers' own CPU, and their children's (terraform, the CLI, tsc…). */
  readonly selfCpuMs: number;
  readonly childrenCpuMs: number;
  /** The ten files with the most CPU, own plus children's. */
  readonly costliest: FileCost[];
}

/** Sums a CPU report (one JSON line per test file). */
export function summarizeCosts(lines: readonly FileCost[]): Pick<SuitePhases, 'files' | 'selfCpuMs' | 'childrenCpuMs' | 'costliest'> {
  const total = (f: FileCost) => f.selfCpuMs + (f.childrenCpuMs ?? 0);
  return {
    files: lines.length,
    selfCpuMs: round(lines.reduce((n, f) => n + f.selfCpuMs, 0)),
    childrenCpuMs: round(lines.reduce((n, f) => n + (f.childrenCpuMs ?? 0), 0)),
    costliest: [...lines].sort((a, b) => total(b) - total(a)).slice(0, 10),
  };
}

/** Runs `npm run build` and then jest once, as `npm test` does, in `root`. */
export function suite(root: string): SuitePhases {
  const timed = (command: string, args: string[], env: NodeJS.ProcessEnv) => {
    const started = process.hrtime.bigint();
    const r = spawnSync(command, args, { cwd: root, env, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
    return { r, ms: Number(process.hrtime.bigint() - started) / 1e6 };
  };
  const build = timed('npm', ['run', '--silent', 'build'], process.env);
  if (build.r.status !== 0) throw new Error(`npm run build failed: ${build.r.stderr}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-bench-suite-'));
  try {
    const report = path.join(tmp, 'costs.jsonl');
    const results = path.join(tmp, 'results.json');
    // The suite as `npm test` runs it: none of the benchmark's own settings (BENCH_ONLY would reach the test's tiny run).
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BENCH_')));
    const jest = timed(process.execPath, [path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '--json', `--outputFile=${results}`], {
      ...env,
      CVMKIT_TEST_CPU: report,
    });
    if (!fs.existsSync(results)) throw new Error(`jest wrote no results: ${jest.r.stderr.slice(-2000)}`);
    const outcome = JSON.parse(fs.readFileSync(results, 'utf8')) as { numPassedTests: number; numFailedTests: number };
    const lines = fs
      .readFileSync(report, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as FileCost);
    return {
      buildMs: round(build.ms),
      jestMs: round(jest.ms),
      tests: { passed: outcome.numPassedTests, failed: outcome.numFailedTests },
      ...summarizeCosts(lines),
    };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

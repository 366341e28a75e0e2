// Runs the real terraform binary for tests: formatting checks and expression evaluation.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Environment for terraform: an empty CLI config (no warning about a missing one), no checkpoint calls. */
export function terraformEnv(): NodeJS.ProcessEnv {
  return { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
}

/**
 * Evaluates Terraform expressions with `terraform console` in `dir` (a folder whose .tf files
 * may define locals and variables) and returns their values, decoded from JSON.
 */
export function evaluate(expressions: readonly string[], dir?: string, vars: Record<string, string> = {}): unknown[] {
  const work = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-tfc-'));
  const args = ['console', ...Object.entries(vars).flatMap(([k, v]) => ['-var', `${k}=${v}`])];
  const result = spawnSync('terraform', args, {
    cwd: work,
    input: `jsonencode([${expressions.join(', ')}])\n`,
    env: terraformEnv(),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (dir === undefined) fs.rmSync(work, { recursive: true, force: true });
  if (result.status !== 0) throw new Error(`terraform console failed: ${result.stderr}`);
  const line = result.stdout.trim().split('\n').pop()!;
  return JSON.parse(JSON.parse(line)) as unknown[];
}

/** Runs `terraform fmt -check -diff` on a folder; returns the diff (empty when formatted). */
export function fmtCheck(dir: string): { ok: boolean; output: string } {
  const result = spawnSync('terraform', ['fmt', '-check', '-diff', '-recursive', dir], { env: terraformEnv(), encoding: 'utf8' });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

/** terraform's version line, proving the binary is there. */
export function terraformVersion(): string {
  return execFileSync('terraform', ['version'], { env: terraformEnv(), encoding: 'utf8' }).split('\n')[0];
}

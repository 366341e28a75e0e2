// The command line in this process (cli.test spawns it as users run it): exit codes and what is printed.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EXIT } from '../src/commands/common';
import { runCli } from '../src/cli';
import { packageVersion } from '../src/paths';

/** Runs `cvmkit <args>` in-process, capturing what it writes. */
async function cvmkit(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  const log = jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void (stdout += `${a.join(' ')}\n`));
  const error = jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void (stderr += `${a.join(' ')}\n`));
  try {
    const code = await runCli(['node', 'cvmkit', ...args]);
    return { code, stdout, stderr };
  } finally {
    [out, err, log, error].forEach((s) => s.mockRestore());
    process.exitCode = undefined;
  }
}

test('--version prints the package version and exits 0', async () => {
  const r = await cvmkit('--version');
  expect(r.code).toBe(EXIT.ok);
  expect(r.stdout.trim()).toBe(packageVersion());
});

test('list --json describes every catalog template', async () => {
  const r = await cvmkit('list', '--json');
  expect(r.code).toBe(EXIT.ok);
  expect((JSON.parse(r.stdout) as { name: string }[]).map((t) => t.name)).toContain('kubevirt-vm');
});

test('usage errors exit 2 with commander\'s message; a command failure exits 1 with "cvmkit: " and the reason', async () => {
  const unknown = await cvmkit('frobnicate');
  expect(unknown.code).toBe(EXIT.usage);
  expect(unknown.stderr).toContain("unknown command 'frobnicate'");
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-program-'));
  const missing = await cvmkit('synth', 'nope', '--out', out);
  expect(missing.code).toBe(EXIT.failure);
  expect(missing.stderr).toMatch(/^cvmkit: unknown template\(s\): nope/m);
  expect(fs.readdirSync(out)).toEqual([]);
  fs.rmSync(out, { recursive: true, force: true });
});

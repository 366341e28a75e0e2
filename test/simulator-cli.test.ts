// `cvmkit validate` and `cvmkit simulate`, spawned as a user runs them.
import { spawn } from 'child_process';
import * as path from 'path';

jest.setTimeout(180_000);
const CLI = path.join(__dirname, '..', 'lib', 'src', 'cli.js');

function run(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

test.concurrent('validate prints a row per check and exits 0 when all pass', async () => {
  const r = await run(['validate', 'gvisor-sandbox', '--json']);
  expect(r.stderr).toBe('validating gvisor-sandbox…\n');
  expect(r.status).toBe(0);
  const rows = JSON.parse(r.stdout);
  expect(rows.map((x: { check: string; ok: boolean }) => [x.check, x.ok])).toEqual([
    ['validate', true],
    ['plan', true],
    ['apply', true],
    ['graph', true],
    ['agent → one compute resource', true],
  ]);
  for (const x of rows) expect(x.template).toBe('gvisor-sandbox');
});

test.concurrent('simulate prints the lifecycle table and exits 0 without problems', async () => {
  const r = await run(['simulate', 'envbox-cvm']);
  expect(r.status).toBe(0);
  const lines = r.stdout.split('\n');
  expect(lines[0].split(/\s{2,}/)).toEqual(['transition', 'created', 'updated', 'replaced', 'deleted', 'time']);
  expect(lines.map((l) => l.split(/\s{2,}/)[0])).toEqual(expect.arrayContaining(['start', 'stop', 'change image=codercom/enterprise-node:ubuntu', 'destroy']));
  expect(r.stdout).toContain('stop: deleted kubernetes_pod_v1.main[0]');
  expect(r.stdout).not.toContain('problem:');
});

test.concurrent('unknown templates fail with exit code 1', async () => {
  expect((await run(['simulate', 'nope'])).status).toBe(1);
  expect((await run(['validate', 'nope'])).stderr).toMatch(/unknown template\(s\): nope/);
});

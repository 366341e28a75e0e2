// `cvmkit validate` and `cvmkit simulate`, spawned as a user runs them.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// One after another: concurrent tests share their timeout from the batch's start, and on two
// cores parallel CLIs only queue for the CPU.
jest.setTimeout(240_000);
const CLI = path.join(__dirname, '..', 'lib', 'src', 'launcher.js');

/** Runs the CLI; `lines` are its stderr lines with when each arrived (ms after start), `ended` when it exited. */
function run(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string; lines: { at: number; text: string }[]; ended: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    // Killed well before the test's timeout, so a stuck command fails the test instead of keeping jest alive.
    const child = spawn(process.execPath, [CLI, ...args], { timeout: 200_000, killSignal: 'SIGKILL' });
    let stdout = '';
    let stderr = '';
    const lines: { at: number; text: string }[] = [];
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => {
      const at = performance.now() - started;
      for (const text of d.toString('utf8').split('\n').filter(Boolean)) lines.push({ at, text });
      stderr += d;
    });
    child.on('close', (status) => resolve({ status, stdout, stderr, lines, ended: performance.now() - started }));
  });
}

/** Progress is printed as each step finishes: the first step's line came before the later steps ran. */
function expectStreamed(r: { lines: { at: number; text: string }[]; ended: number }, pattern: RegExp): void {
  const steps = r.lines.filter((l) => pattern.test(l.text));
  expect(steps.length).toBeGreaterThan(2);
  const later = steps.slice(1).reduce((ms, l) => ms + Number(/\((\d+) ms\)$/.exec(l.text)![1]), 0);
  expect(steps[0].at + later / 2).toBeLessThan(r.ended);
}

test('validate prints a row per check and exits 0 when all pass', async () => {
  const r = await run(['validate', 'gvisor-sandbox', '--json']);
  expect(r.stderr).toMatch(
    /^gvisor-sandbox: validating…\ngvisor-sandbox: validate: ok \(\d+ ms\)\ngvisor-sandbox: plan: ok \(\d+ ms\)\ngvisor-sandbox: apply: ok \(\d+ ms\)\n/,
  );
  expectStreamed(r, /^gvisor-sandbox: (validate|plan|apply|graph): ok/);
  expect(r.status).toBe(0);
  const rows = JSON.parse(r.stdout);
  expect(rows.map((x: { check: string; ok: boolean }) => [x.check, x.ok])).toEqual([
    ['validate', true],
    ['plan', true],
    ['apply', true],
    ['graph', true],
    ['agent → one compute resource', true],
    ['metadata → the compute resource', true],
  ]);
  for (const x of rows) expect(x.template).toBe('gvisor-sandbox');
});

test('simulate prints every step of the lifecycle and exits 0 without problems', async () => {
  const r = await run(['simulate', 'envbox-cvm']);
  expect(r.status).toBe(0);
  // On stderr, a line per step as it is checked: template, step, result.
  expect(r.lines[0].text).toBe("envbox-cvm: simulating a workspace's life…");
  expect(r.lines.map((l) => l.text)).toEqual(
    expect.arrayContaining([expect.stringMatching(/^envbox-cvm: create: ok \(\d+ ms\)$/), expect.stringMatching(/^envbox-cvm: delete: ok \(\d+ ms\)$/)]),
  );
  expectStreamed(r, /^envbox-cvm: .*: ok \(\d+ ms\)$/);
  const lines = r.stdout.split('\n');
  expect(lines[0].split(/\s{2,}/)).toEqual(['step', 'transition', 'created', 'updated', 'replaced', 'deleted', 'time', 'result']);
  const steps = lines.filter((l) => /\s{2,}(start|stop|delete|outside)\s{2,}/.test(l)).map((l) => l.split(/\s{2,}/)[0]);
  expect(steps).toEqual(
    expect.arrayContaining([
      'create',
      'stop',
      'start',
      'rename workspace',
      'rename owner',
      'change image=codercom/enterprise-node:ubuntu',
      'upgrade template',
      'start while running',
      'compute deleted outside Terraform',
      'delete',
    ]),
  );
  expect(r.stdout).toContain('stop: deleted kubernetes_secret_v1.agent_token[0]');
  expect(r.stdout).not.toContain('problem:');
});

test('upgrade-check: the templates of cvmkit 0.1 upgrade safely; a version that renames the home claim is refused', async () => {
  const fixtures = path.join(__dirname, 'fixtures', 'cvmkit-0.1');
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-upgrade-'));
  expect((await run(['synth', 'sysbox-cvm', '--out', dist])).status).toBe(0);
  const safe = await run(['upgrade-check', path.join(fixtures, 'sysbox-cvm'), path.join(dist, 'sysbox-cvm'), '--json']);
  expect(safe.status).toBe(0);
  expect(JSON.parse(safe.stdout).safe).toBe(true);
  // Swapping the arguments is an upgrade from today's naming to cvmkit 0.1's: it would replace the disks.
  const back = await run(['upgrade-check', path.join(dist, 'sysbox-cvm'), path.join(fixtures, 'sysbox-cvm')]);
  expect(back.status).toBe(1);
  expect(back.stdout).toMatch(/data loss\s+new: update \(start\): the plan replaces disk kubernetes_persistent_volume_claim_v1\.home/);
  expect(back.stderr).toContain('cvmkit: the upgrade is unsafe for existing workspaces');
});

test('validate --dir checks any template folder', async () => {
  const r = await run(['validate', '--dir', path.join(__dirname, 'fixtures', 'cvmkit-0.1', 'kata-microvm'), '--json']);
  expect(r.status).toBe(0);
  expect(JSON.parse(r.stdout).every((x: { template: string; ok: boolean }) => x.template === 'kata-microvm' && x.ok)).toBe(true);
  const missing = await run(['validate', '--dir', path.join(__dirname, 'fixtures')]);
  expect(missing.status).toBe(1);
  expect(missing.stderr).toContain('holds no Terraform file');
});

test('unknown templates fail with exit code 1', async () => {
  expect((await run(['simulate', 'nope'])).status).toBe(1);
  expect((await run(['validate', 'nope'])).stderr).toMatch(/unknown template\(s\): nope/);
});

/** A Coder template written by hand (no cvmkit): the coder and kubernetes providers, an agent and a pod. */
const HAND_WRITTEN = `terraform {
  required_providers {
    coder = {
      source = "coder/coder"
    }
    kubernetes = {
      source = "hashicorp/kubernetes"
    }
  }
}

data "coder_workspace" "me" {}

resource "coder_agent" "main" {
  os   = "linux"
  arch = "amd64"
}

resource "kubernetes_pod_v1" "main" {
  count = data.coder_workspace.me.start_count
  metadata {
    name      = "coder-\${data.coder_workspace.me.id}"
    namespace = "default"
  }
  spec {
    restart_policy = "Always"
    container {
      name    = "dev"
      image   = "codercom/enterprise-base:ubuntu"
      command = ["sh", "-c", coder_agent.main.init_script]
      env {
        name  = "CODER_AGENT_TOKEN"
        value = coder_agent.main.token
      }
    }
  }
}
`;

test("validate --dir checks a hand-written template: it passes, and the provider's own check catches a bad restart policy", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-handwritten-'));
  fs.writeFileSync(path.join(dir, 'main.tf'), HAND_WRITTEN);
  const good = await run(['validate', '--dir', dir, '--json']);
  expect(good.status).toBe(0);
  const rows = JSON.parse(good.stdout) as { check: string; ok: boolean; detail: string }[];
  expect(rows.filter((r) => !r.ok)).toEqual([]);
  // No cluster was declared for a folder: what could not be checked is said.
  expect(rows.find((r) => r.check === 'not checked')?.detail).toContain('existence checks skipped');
  fs.writeFileSync(path.join(dir, 'main.tf'), HAND_WRITTEN.replace('restart_policy = "Always"', 'restart_policy = "Sometimes"'));
  const bad = await run(['validate', '--dir', dir, '--json']);
  expect(bad.status).toBe(1);
  expect(JSON.parse(bad.stdout).find((r: { check: string }) => r.check === 'validate').detail).toContain(
    'expected spec.0.restart_policy to be one of ["Always" "OnFailure" "Never"], got Sometimes',
  );
  fs.rmSync(dir, { recursive: true, force: true });
});

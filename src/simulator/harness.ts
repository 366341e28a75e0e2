// Runs the installed terraform against a template folder with the simulated providers (no network).
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { selfSignedCertificate } from './certificate';
import { projectPath } from '../paths';
import { parameterEnv } from './coder';

/** One template folder wired to the simulated providers. */
export interface SimulationRun {
  /** The template folder (terraform's working directory). */
  readonly dir: string;
  /** Holds the CLI configuration, plugins, certificate and the simulated cluster. */
  readonly simDir: string;
}

/** The result of one terraform command. */
export interface TerraformResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

const created: string[] = [];

/** Removes every run folder this process created (the CLI calls it when done; tests in afterAll). */
export function removeRuns(): void {
  for (const root of created.splice(0)) fs.rmSync(root, { recursive: true, force: true });
}

/** Copies the template's files into a fresh folder and writes the provider overrides beside it. */
export async function prepareRun(files: ReadonlyMap<string, string>): Promise<SimulationRun> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-sim-'));
  created.push(root);
  const dir = path.join(root, 'template');
  const simDir = path.join(root, 'sim');
  for (const [rel, content] of files) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  const plugins = path.join(simDir, 'plugins');
  fs.mkdirSync(plugins, { recursive: true });
  // The compiled plugin (npm run build), also when this module runs from TypeScript under jest.
  const entry = projectPath('lib/src/simulator/plugin.js');
  if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: run npm run build first`);
  for (const kind of ['kubernetes', 'coder']) {
    fs.writeFileSync(path.join(plugins, `terraform-provider-${kind}`), `#!/bin/sh\nexec "${process.execPath}" "${entry}" ${kind}\n`, { mode: 0o755 });
  }
  fs.writeFileSync(
    path.join(simDir, 'terraformrc'),
    `provider_installation {\n  dev_overrides {\n    "hashicorp/kubernetes" = "${plugins}"\n    "coder/coder" = "${plugins}"\n  }\n  direct {}\n}\n`,
  );
  const tls = await selfSignedCertificate();
  fs.writeFileSync(path.join(simDir, 'plugin-cert.pem'), tls.cert);
  fs.writeFileSync(path.join(simDir, 'plugin-key.pem'), tls.key, { mode: 0o600 });
  return { dir, simDir };
}

/** What Coder's provisioner would set for a build. */
export interface BuildContext {
  readonly transition: 'start' | 'stop' | 'delete';
  readonly parameters?: Record<string, string>;
  readonly owner?: string;
  readonly workspace?: string;
}

function buildEnv(run: SimulationRun, build: BuildContext): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TF_CLI_CONFIG_FILE: path.join(run.simDir, 'terraformrc'),
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
    CVMKIT_SIM_DIR: run.simDir,
    CODER_AGENT_URL: 'https://coder.example.com/',
    CODER_WORKSPACE_TRANSITION: build.transition,
    CODER_WORKSPACE_NAME: build.workspace ?? 'dev',
    CODER_WORKSPACE_ID: '6b1c3a5e-0000-4000-8000-000000000001',
    CODER_WORKSPACE_OWNER: build.owner ?? 'alice',
    CODER_WORKSPACE_OWNER_ID: '6b1c3a5e-0000-4000-8000-000000000002',
    CODER_WORKSPACE_OWNER_EMAIL: 'alice@example.com',
    CODER_WORKSPACE_OWNER_NAME: 'Alice Example',
  };
  for (const [name, value] of Object.entries(build.parameters ?? {})) env[parameterEnv(name)] = value;
  return env;
}

/** Runs `terraform <args>` in the run's folder with the build's environment. */
export function terraform(run: SimulationRun, args: string[], build: BuildContext = { transition: 'start' }): TerraformResult {
  const started = performance.now();
  const r = spawnSync('terraform', args, { cwd: run.dir, env: buildEnv(run, build), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - started };
}

/** {@link terraform} without blocking, so several templates can run side by side. */
export function terraformAsync(run: SimulationRun, args: string[], build: BuildContext = { transition: 'start' }): Promise<TerraformResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', args, { cwd: run.dir, env: buildEnv(run, build) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr, ms: performance.now() - started }));
  });
}

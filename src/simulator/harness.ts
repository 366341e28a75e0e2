// Runs the installed terraform against a template folder with the simulated providers (no network):
// the providers are served from this process and terraform reattaches to them on every command.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { projectPath } from '../paths';
import { agentScriptTemplate } from './agent-bootstrap';
import { parameterEnv } from './coder';
import { ProviderHost } from './host';
import { installModuleStandIns, ModuleCall } from './modules';

/** One template folder wired to the simulated providers. */
export interface SimulationRun {
  /** The template folder (terraform's working directory). */
  readonly dir: string;
  /** Holds the CLI configuration and the simulated cluster. */
  readonly simDir: string;
  /** The providers serving this run. */
  readonly host: ProviderHost;
  /** Registry modules the template calls: those with an offline stand-in, and those without. */
  modules: { readonly installed: ModuleCall[]; readonly missing: ModuleCall[] };
  /** The template version's files as given (before the build clock is applied to them). */
  files: ReadonlyMap<string, string>;
}

/** The result of one terraform command. */
export interface TerraformResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

const created: { root: string; host: ProviderHost }[] = [];

/** Stops the providers and removes every run folder this process created (the CLI calls it when done; tests in afterAll). */
export function removeRuns(): void {
  for (const { root, host } of created.splice(0)) {
    host.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** Writes template files into `dir` (creating sub-folders). */
export function writeFiles(dir: string, files: ReadonlyMap<string, string>): void {
  for (const [rel, content] of files) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
}

/** Copies the template's files into a fresh folder and starts the providers for it. */
export async function prepareRun(files: ReadonlyMap<string, string>): Promise<SimulationRun> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-sim-'));
  const dir = path.join(root, 'template');
  const simDir = path.join(root, 'sim');
  fs.mkdirSync(simDir, { recursive: true });
  writeFiles(dir, files);
  // Registry modules resolve to local stand-ins through the manifest `terraform init` would write.
  const modules = installModuleStandIns(dir, files);
  // An empty CLI configuration: no plugin cache, no credentials, no network installation source.
  fs.writeFileSync(path.join(simDir, 'terraformrc'), 'provider_installation {\n  direct {}\n}\n');
  const host = await ProviderHost.start(simDir, dir);
  created.push({ root, host });
  return { dir, simDir, host, modules, files };
}

/** Replaces the template files of a run with those of another template version (an upgrade). */
export function replaceTemplate(run: SimulationRun, files: ReadonlyMap<string, string>): void {
  for (const entry of fs.readdirSync(run.dir)) {
    // Terraform's own state and lock files stay: they are the workspace's, not the template's.
    if (!entry.startsWith('terraform.tfstate') && entry !== '.terraform') fs.rmSync(path.join(run.dir, entry), { recursive: true, force: true });
  }
  writeFiles(run.dir, files);
  run.files = files;
  run.modules = installModuleStandIns(run.dir, files);
}

const PLAN_TIMESTAMP = /(?<!\$\$\{\s*)\bplantimestamp\(\s*\)/g;

/**
 * The simulator's clock. Coder's builds of one workspace are seconds to days apart, so templates
 * may name per-build objects from `plantimestamp()`, which has whole seconds; the simulator's builds
 * take about half a second. Rather than wait for the next second before each build, build `n` sees
 * `plantimestamp()` plus `n` seconds: still known at plan, strictly later than every earlier build's
 * (whose real timestamps are not later), and otherwise the template exactly as written. Only files
 * that call the function are rewritten; an escaped `$${plantimestamp()}` (literal text) is left alone.
 */
export function setBuildClock(run: SimulationRun, n: number): void {
  for (const [rel, content] of run.files) {
    if (!/\bplantimestamp\(/.test(content)) continue;
    // Inside a JSON string (a .tf.json file), the quotes of the offset need escaping.
    const offset = rel.endsWith('.json') ? `\\"${n}s\\"` : `"${n}s"`;
    fs.writeFileSync(path.join(run.dir, rel), content.replace(PLAN_TIMESTAMP, `timeadd(plantimestamp(), ${offset})`));
  }
}

/** What Coder's provisioner would set for a build. */
export interface BuildContext {
  readonly transition: 'start' | 'stop' | 'delete';
  readonly parameters?: Record<string, string>;
  /** The owner's username. */
  readonly owner?: string;
  /** The owner's full name (empty when the user set none). */
  readonly ownerFullName?: string;
  /** The workspace's name. */
  readonly workspace?: string;
  /** The workspace's id (stable for the workspace's whole life). */
  readonly workspaceId?: string;
}

/** The fixed ids of the simulated workspace and owner. */
export const WORKSPACE_ID = '6b1c3a5e-0000-4000-8000-000000000001';
const OWNER_ID = '6b1c3a5e-0000-4000-8000-000000000002';

/** Coder's server exports a bootstrap per os/arch; these are the ones the simulated server has. */
const AGENT_SCRIPTS: NodeJS.ProcessEnv = Object.fromEntries(
  (['linux/amd64', 'linux/arm64', 'windows/amd64'] as const).map((p) => {
    const [os, arch] = p.split('/');
    return [`CODER_AGENT_SCRIPT_${os}_${arch}`, agentScriptTemplate(os, arch)];
  }),
);

/** The environment Coder's provisioner gives the coder provider for a build. */
export function coderEnv(build: BuildContext): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    CODER_AGENT_URL: 'https://coder.example.com/',
    ...AGENT_SCRIPTS,
    CODER_WORKSPACE_TRANSITION: build.transition,
    CODER_WORKSPACE_NAME: build.workspace ?? 'dev',
    CODER_WORKSPACE_ID: build.workspaceId ?? WORKSPACE_ID,
    CODER_WORKSPACE_OWNER: build.owner ?? 'alice',
    CODER_WORKSPACE_OWNER_ID: OWNER_ID,
    CODER_WORKSPACE_OWNER_EMAIL: `${build.owner ?? 'alice'}@example.com`,
    CODER_WORKSPACE_OWNER_NAME: build.ownerFullName ?? 'Alice Example',
  };
  for (const [name, value] of Object.entries(build.parameters ?? {})) env[parameterEnv(name)] = value;
  return env;
}

/**
 * Runs `terraform <args>` in the run's folder for `build`. Commands of one run must not overlap:
 * the build context is the providers' for the duration of the command.
 */
export function terraform(run: SimulationRun, args: string[], build: BuildContext = { transition: 'start' }): Promise<TerraformResult> {
  run.host.coder.startBuild(coderEnv(build));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TF_CLI_CONFIG_FILE: path.join(run.simDir, 'terraformrc'),
    TF_REATTACH_PROVIDERS: run.host.reattach,
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
  };
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', args, { cwd: run.dir, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr, ms: performance.now() - started }));
  });
}

/**
 * Environment for running terraform in `dir` with the providers as plugin executables that
 * terraform starts itself (go-plugin handshake, mutual TLS), through `dev_overrides`: the path a
 * developer takes without cvmkit in the loop. Slower (a process per provider and command).
 */
export function pluginEnvironment(simDir: string): NodeJS.ProcessEnv {
  const plugins = path.join(simDir, 'plugins');
  fs.mkdirSync(plugins, { recursive: true });
  // The compiled plugin (npm run build), also when this module runs from TypeScript under jest.
  const entry = projectPath('lib/src/simulator/plugin.js');
  if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: run npm run build first`);
  for (const kind of ['kubernetes', 'coder']) {
    fs.writeFileSync(path.join(plugins, `terraform-provider-${kind}`), `#!/bin/sh\nexec "${process.execPath}" "${entry}" ${kind}\n`, { mode: 0o755 });
  }
  const config = path.join(simDir, 'terraformrc-plugins');
  fs.writeFileSync(
    config,
    `provider_installation {\n  dev_overrides {\n    "hashicorp/kubernetes" = "${plugins}"\n    "coder/coder" = "${plugins}"\n  }\n  direct {}\n}\n`,
  );
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TF_CLI_CONFIG_FILE: config,
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
    CVMKIT_SIM_DIR: simDir,
    ...coderEnv({ transition: 'start' }),
  };
}

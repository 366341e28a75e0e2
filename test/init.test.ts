// cvmkit as a team installs it: `npm pack`, a repository made by `cvmkit init` around the tarball,
// the template that subclasses KubevirtWorkspace built, synthesized and validated from the package.
import { spawnSync, SpawnSyncOptions } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

jest.setTimeout(240_000);
const ROOT = path.join(__dirname, '..');
const CLI = path.join(ROOT, 'lib', 'src', 'launcher.js');
const sh = (cmd: string, args: string[], options: SpawnSyncOptions = {}) =>
  spawnSync(cmd, args, { encoding: 'utf8', timeout: 200_000, killSignal: 'SIGKILL', ...options }) as { status: number; stdout: string; stderr: string };
const cvmkit = (args: string[], cwd = ROOT) => sh(process.execPath, [CLI, ...args], { cwd });

describe('a team repository on the packed cvmkit', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-package-'));
  const team = path.join(tmp, 'acme-templates');
  let packed: { filename: string; files: { path: string }[] };
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('npm pack ships the compiled library, its data files and the bin, and no tests', () => {
    // `npm test` has built lib/; prepare would build it again.
    const r = sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: ROOT });
    expect(r.status).toBe(0);
    [packed] = JSON.parse(r.stdout);
    const files = packed.files.map((f) => f.path);
    for (const f of [
      'lib/src/cli.js',
      'lib/src/launcher.js',
      'lib/bundle/cli.js',
      'lib/src/index.d.ts',
      'lib/constructs/kubevirt/index.d.ts',
      'lib/src/simulator/harness.js',
      'src/simulator/tfplugin6.proto',
      '.gen/schema/kubernetes-provider.json',
      'cvmkit.config.schema.json',
      'templates/kubevirt-vm/README.md.hbs',
    ]) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => /^lib\/(test|bench|scripts)\/|^lib\/bundle\/scale\.|\.map$|^test\//.test(f))).toEqual([]);
  });

  test('cvmkit init writes a repository whose dependencies the package satisfies', () => {
    const r = cvmkit(['init', team, '--backend', 'kubevirt']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // What `npm install` lays out: the tarball as node_modules/cvmkit, everything else the versions
    // cvmkit's lockfile pins (linked: npm's offline cache holds tarballs, not the registry's metadata
    // a range needs, so a real offline install cannot resolve them here).
    const modules = path.join(team, 'node_modules');
    fs.mkdirSync(modules);
    expect(sh('tar', ['-xzf', path.join(tmp, packed.filename), '-C', modules]).status).toBe(0);
    fs.renameSync(path.join(modules, 'package'), path.join(modules, 'cvmkit'));
    for (const entry of fs.readdirSync(path.join(ROOT, 'node_modules'))) {
      if (entry !== 'cvmkit' && entry !== '.bin' && !entry.startsWith('.')) fs.symlinkSync(path.join(ROOT, 'node_modules', entry), path.join(modules, entry));
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(modules, 'cvmkit', 'package.json'), 'utf8'));
    const own = JSON.parse(fs.readFileSync(path.join(team, 'package.json'), 'utf8'));
    // cdktf, constructs and the kubernetes bindings are the team's (peers), so user code and cvmkit share one copy.
    expect(Object.keys(manifest.peerDependencies).sort()).toEqual(['@cdktf/provider-kubernetes', 'cdktf', 'constructs']);
    for (const peer of Object.keys(manifest.peerDependencies)) expect(own.dependencies[peer]).toBe(manifest.peerDependencies[peer]);
    for (const dep of Object.keys(manifest.dependencies)) expect(fs.existsSync(path.join(modules, dep, 'package.json'))).toBe(true);
  });

  test("the scaffolded template (a KubevirtWorkspace subclass adding packages) compiles against the package's types", () => {
    const source = fs.readFileSync(path.join(team, 'templates', 'team-kubevirt', 'index.ts'), 'utf8');
    expect(source).toMatch(/extends KubevirtWorkspace/);
    expect(source).toMatch(/from 'cvmkit\/kubevirt'/);
    const tsc = sh(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(team, 'tsconfig.json')]);
    expect(tsc.stdout).toBe('');
    expect(tsc.status).toBe(0);
    expect(fs.existsSync(path.join(team, 'lib', 'templates', 'team-kubevirt', 'index.js'))).toBe(true);
  });

  test("the package's cvmkit synthesizes and validates the repository's template from its settings", () => {
    // The package's bin: its launcher runs the plain modules for a repository that lists its own templates.
    const bin = path.join(team, 'node_modules', 'cvmkit', 'lib', 'src', 'launcher.js');
    const list = sh(process.execPath, [bin, 'list', '--json'], { cwd: team });
    expect(list.status).toBe(0);
    expect(JSON.parse(list.stdout).map((t: { name: string }) => t.name)).toEqual(['team-kubevirt']);
    const synth = sh(process.execPath, [bin, 'synth', 'team-kubevirt', '--out', 'dist'], { cwd: team });
    expect(synth.stderr).toMatch(/rendered team-kubevirt/);
    expect(synth.status).toBe(0);
    const folder = path.join(team, 'dist', 'team-kubevirt');
    expect(fs.readFileSync(path.join(folder, 'main.tf'), 'utf8')).toContain('resource "kubernetes_manifest" "vm"');
    expect(fs.readFileSync(path.join(folder, 'provisioning', 'debian-12.sh'), 'utf8')).toContain('htop make jq');
    const validate = sh(process.execPath, [bin, 'validate', 'team-kubevirt', '--json'], { cwd: team });
    expect(validate.status).toBe(0);
    const rows = JSON.parse(validate.stdout) as { check: string; ok: boolean; detail: string }[];
    expect(rows.filter((r) => !r.ok)).toEqual([]);
    expect(rows.map((r) => r.check)).toEqual(expect.arrayContaining(['validate', 'plan', 'apply', 'graph']));
  });
});

describe('init and add refuse', () => {
  test('bad names, unknown backends and folders that are not empty', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-init-'));
    expect(cvmkit(['init', path.join(dir, 'a'), '--template', 'Bad_Name']).status).toBe(2);
    const unknown = cvmkit(['init', path.join(dir, 'b'), '--backend', 'firecracker']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('--backend must be one of kubevirt, sysbox, envbox, gvisor, kata');
    fs.writeFileSync(path.join(dir, 'file'), '');
    expect(cvmkit(['init', dir]).stderr).toContain('is not empty');
    expect(cvmkit(['add', 'x1', '--backend', 'kata', '--root', dir]).stderr).toContain('is not a repository of templates');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

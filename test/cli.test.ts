// The built CLI, spawned as a user runs it: every command, its --help, --json, and every failure path.
import { spawnSync, SpawnSyncOptions } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CATALOG } from '../src/catalog';
import { registryReadmeProblems, splitFrontmatter } from '../src/registry';

const CLI = path.join(__dirname, '..', 'lib', 'src', 'launcher.js');
const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), `cvmkit-${prefix}-`));
const run = (args: string[], options: SpawnSyncOptions = {}) =>
  spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', ...options }) as { status: number; stdout: string; stderr: string };

describe('help and usage errors', () => {
  test.each(['synth', 'list', 'push', 'publish', 'init', 'add', 'validate', 'simulate', 'images'])('%s --help describes the command and exits 0', (command) => {
    const r = run([command, '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: cvmkit ${command}`));
  });

  test('the top-level help lists every command', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    for (const c of ['synth', 'list', 'push', 'publish', 'init', 'add', 'validate', 'simulate', 'images refresh']) expect(r.stdout).toContain(c);
  });

  test('unknown commands and options, missing arguments and bad values exit 2', () => {
    expect(run(['frobnicate']).status).toBe(2);
    expect(run(['synth', '--nope']).status).toBe(2);
    expect(run(['push']).status).toBe(2);
    const bad = run(['synth', '--format', 'yaml']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('cvmkit: --format must be one of hcl, json, not "yaml"\n');
  });

  test('--version prints the version of the package', () => {
    const r = run(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')).version}\n`);
  });
});

describe('synth and list', () => {
  test('synth of one template: progress on stderr, a summary table on stdout, the folder written', () => {
    const out = tmp('synth');
    const r = run(['synth', 'kubevirt-vm', '--out', out]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^rendered kubevirt-vm \(11 resources, \d+ ms\)$/m);
    const [header, row] = r.stdout.split('\n');
    expect(header.split(/\s{2,}/)).toEqual(['template', 'backend', 'resources', 'bytes', 'time']);
    expect(row).toMatch(/^kubevirt-vm\s+kubevirt\s+11\s+\d+\.\d kB\s+\d+ ms$/);
    expect(fs.existsSync(path.join(out, 'kubevirt-vm', 'main.tf'))).toBe(true);
  });

  test('synth --json of the whole catalog: templates, platform stacks and the page', () => {
    const out = tmp('synth-json');
    const r = run([
      'synth',
      '--json',
      '--out',
      path.join(out, 'templates'),
      '--platform-out',
      path.join(out, 'platform'),
      '--page',
      path.join(out, 'index.html'),
    ]);
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.templates.map((t: { name: string }) => t.name)).toEqual(CATALOG.map((d) => d.name));
    // The bytes of the template; the marker file is cvmkit's, not the template's.
    const isTemplateFile = (dir: string, f: string) => f !== '.cvmkit-generated' && fs.statSync(path.join(dir, f)).isFile();
    for (const t of summary.templates)
      expect(t.bytes).toBe(
        fs
          .readdirSync(t.dir, { recursive: true })
          .map(String)
          .filter((f) => isTemplateFile(t.dir, f))
          .reduce((n, f) => n + fs.statSync(path.join(t.dir, f)).size, 0),
      );
    expect(summary.platform.map((p: { name: string }) => p.name)).toEqual(['workspace-access', 'gvisor', 'golden-images']);
    expect(fs.existsSync(path.join(out, 'index.html'))).toBe(true);
  });

  test('an unknown template fails with exit code 1 and writes nothing', () => {
    const out = tmp('unknown');
    const r = run(['synth', 'nope', '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^cvmkit: unknown template\(s\): nope; the catalog has kubevirt-vm, kubevirt-windows, sysbox-cvm/);
    expect(fs.readdirSync(out)).toEqual([]);
  });

  test("list: an aligned table with each parameter's bounds, and --json with backend, isolation and parameters", () => {
    const table = run(['list']);
    expect(table.status).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^template\s+backend\s+isolation\s+parameters$/);
    expect(table.stdout).toMatch(/^gvisor-sandbox\s+gvisor\s+user-space kernel \(gVisor runsc\)\s+cpu \(1–8\), memory \(1–32\), home_disk_size \(1–100\)$/m);
    expect(table.stdout).toMatch(
      /^kubevirt-vm\s+kubevirt\s+hardware virtualization \(KVM\)\s+distro \(13 options\), cpu \(1–8\), memory \(2–32\), disk_size \(16–256\)$/m,
    );
    const rows = JSON.parse(run(['list', '--json']).stdout);
    const vm = rows.find((r: { name: string }) => r.name === 'kubevirt-vm');
    expect(vm).toMatchObject({ backend: 'kubevirt', isolation: 'hardware virtualization (KVM)' });
    expect(vm.parameters.map((p: { name: string }) => p.name)).toEqual(['distro', 'cpu', 'memory', 'disk_size']);
    expect(vm.parameters[1]).toEqual({
      name: 'cpu',
      displayName: 'CPU cores',
      type: 'number',
      default: 2,
      mutable: true,
      options: [],
      min: 1,
      max: 8,
      bounds: '1–8',
    });
    expect(vm.parameters[0]).toMatchObject({ name: 'distro', bounds: '13 options' });
    expect(vm.parameters[0].options).toHaveLength(13);
    expect(rows.map((r: { name: string }) => r.name)).toEqual(CATALOG.map((d) => d.name));
  });
});

describe('organisation settings', () => {
  test('a config file changes namespace, storage class, mirrors, distros and node pools', () => {
    const dir = tmp('config');
    fs.writeFileSync(
      path.join(dir, 'cvmkit.config.yaml'),
      [
        'namespace: dev-workspaces',
        'storageClass: fast-ssd',
        'imageMirrors:',
        '  "https://cloud-images.ubuntu.com/": "https://mirror.example.com/ubuntu/"',
        'distros: [ubuntu-24.04, debian-12]',
        'nodePools:',
        '  kubevirt: { nodeSelector: { kvm: "true" } }',
        '  sysbox: { tolerations: [{ key: sysbox, operator: Exists, effect: NoSchedule }] }',
      ].join('\n'),
    );
    const r = run(['synth', 'kubevirt-vm', 'sysbox-cvm', '--format', 'json', '--out', path.join(dir, 'out')], { cwd: dir });
    expect(r.stderr).not.toMatch(/cvmkit:/);
    expect(r.status).toBe(0);
    const vm = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'kubevirt-vm', 'main.tf.json'), 'utf8'));
    expect(vm.variable.namespace.default).toBe('dev-workspaces-baseline');
    expect(Object.keys(vm.locals.image_sources)).toEqual(['ubuntu-24.04', 'debian-12']);
    expect(vm.locals.image_sources['ubuntu-24.04'].url).toMatch(/^https:\/\/mirror\.example\.com\/ubuntu\//);
    expect(vm.locals.image_sources['ubuntu-24.04'].checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(vm.resource.kubernetes_manifest.root_disk.manifest.spec.storage.storageClassName).toBe('fast-ssd');
    expect(vm.resource.kubernetes_manifest.vm.manifest.spec.template.spec.nodeSelector).toEqual({ kvm: 'true' });
    const pod = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'sysbox-cvm', 'main.tf.json'), 'utf8'));
    expect(pod.resource.kubernetes_deployment_v1.main.spec.template.spec.toleration).toEqual([{ key: 'sysbox', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(pod.resource.kubernetes_persistent_volume_claim_v1.home.spec.storage_class_name).toBe('fast-ssd');
  });

  test('a bad settings file fails naming the file and the key, and writes nothing', () => {
    const dir = tmp('badconfig');
    const file = path.join(dir, 'org.json');
    fs.writeFileSync(file, JSON.stringify({ namespace: 'Bad_NS', distros: ['windows-11'], colour: 'blue' }));
    const r = run(['--config', file, 'synth', '--out', path.join(dir, 'out')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`cvmkit: ${file}: `);
    expect(r.stderr).toContain('colour: unknown key');
    expect(r.stderr).toContain('namespace: must match pattern');
    expect(r.stderr).toMatch(/distros\[0\]: must be one of ubuntu-24\.04/);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
    expect(run(['--config', path.join(dir, 'missing.json'), 'list']).stderr).toMatch(/missing\.json: no such settings file/);
  });
});

describe('push', () => {
  // A stand-in `coder` that records its arguments, answers `whoami` per $FAKE_LOGGED_IN, serves the
  // active version from $FAKE_ACTIVE on `templates pull` (none: the template does not exist) and
  // fails the push per $FAKE_PUSH_FAIL.
  function fakeCoder(): { bin: string; log: string } {
    const bin = tmp('bin');
    const log = path.join(bin, 'calls.log');
    fs.writeFileSync(
      path.join(bin, 'coder'),
      [
        '#!/bin/sh',
        `echo "$*" >> "${log}"`,
        'if [ "$1" = whoami ]; then',
        '  if [ "$FAKE_LOGGED_IN" = 1 ]; then echo "Coder is running at https://coder.example.com, You are logged in as alice"; exit 0; fi',
        '  echo "You are not logged in. Try logging in using \'coder login <url>\'." >&2; exit 1',
        'fi',
        'if [ "$1 $2" = "templates pull" ]; then',
        '  if [ -z "$FAKE_ACTIVE" ]; then echo "error: template \\"$3\\" not found" >&2; exit 1; fi',
        '  mkdir -p "$4" && cp -r "$FAKE_ACTIVE"/. "$4" && exit 0',
        'fi',
        'if [ "$FAKE_PUSH_FAIL" = 1 ]; then echo "error: template version failed: terraform plan: boom" >&2; exit 7; fi',
        'echo "Updated version at Nov 23 04:00:00!"',
      ].join('\n'),
      { mode: 0o755 },
    );
    return { bin, log };
  }
  const env = (bin: string, extra: Record<string, string> = {}) => ({ ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, ...extra });

  test('--dry-run prints the exact command and runs nothing', () => {
    const { bin, log } = fakeCoder();
    const out = tmp('push-dry');
    const r = run(['push', 'kata-microvm', '--out', out, '--dry-run', '--var', 'namespace=team-a', '--message', 'first version', '--no-activate'], {
      env: env(bin),
    });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(
      `coder templates push kata-microvm --directory ${path.join(out, 'kata-microvm')} --yes --var namespace=team-a --message 'first version' --activate=false`,
    );
    expect(fs.existsSync(log)).toBe(false);
  });

  test('pushes the synthesized folder with the flags passed through', () => {
    const { bin, log } = fakeCoder();
    const out = tmp('push');
    const r = run(['push', 'gvisor-sandbox', '--out', out, '--var', 'use_kubeconfig=true', '--activate'], { env: env(bin, { FAKE_LOGGED_IN: '1' }) });
    expect(r.stderr).not.toMatch(/cvmkit:/);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Updated version');
    const calls = fs.readFileSync(log, 'utf8').trim().split('\n');
    expect(calls[0]).toBe('whoami');
    expect(calls[1]).toMatch(/^templates pull gvisor-sandbox \S+ --version active --yes$/);
    expect(calls[2]).toBe(`templates push gvisor-sandbox --directory ${path.join(out, 'gvisor-sandbox')} --yes --var use_kubeconfig=true --activate=true`);
    expect(r.stderr).toContain('gvisor-sandbox has no active version yet: nothing to upgrade');
    expect(fs.existsSync(path.join(out, 'gvisor-sandbox', 'main.tf'))).toBe(true);
  });

  test('coder missing: exit 3 with how to fix it', () => {
    const r = run(['push', 'kata-microvm', '--out', tmp('push-missing')], { env: { ...process.env, PATH: tmp('empty-path') } });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^cvmkit: the coder CLI \("coder"\) is not on PATH; install it/);
  });

  test("not logged in: exit 3, with coder's own message", () => {
    const { bin, log } = fakeCoder();
    const r = run(['push', 'kata-microvm', '--out', tmp('push-login')], { env: env(bin) });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('coder is not logged in (coder whoami: You are not logged in.');
    expect(fs.readFileSync(log, 'utf8').trim()).toBe('whoami');
  });

  test('a failing push: exit 4 and its output shown', () => {
    const { bin } = fakeCoder();
    const r = run(['push', 'kata-microvm', '--out', tmp('push-fail')], { env: env(bin, { FAKE_LOGGED_IN: '1', FAKE_PUSH_FAIL: '1' }) });
    expect(r.status).toBe(4);
    expect(r.stderr).toContain('cvmkit: coder templates push failed (exit 7):\nerror: template version failed: terraform plan: boom');
  });

  test('checks the upgrade from the active version first: a safe one is pushed', () => {
    const { bin, log } = fakeCoder();
    const active = path.join(__dirname, 'fixtures', 'cvmkit-0.1', 'kata-microvm');
    const r = run(['push', 'kata-microvm', '--out', tmp('push-safe')], { env: env(bin, { FAKE_LOGGED_IN: '1', FAKE_ACTIVE: active }) });
    expect(r.stderr).not.toMatch(/cvmkit:/);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('checking the upgrade from the active version of kata-microvm');
    expect(r.stdout).toContain('safe: no disk lost, every build succeeds');
    expect(fs.readFileSync(log, 'utf8')).toContain('templates push kata-microvm');
  });

  test('refuses a push that would lose a disk (exit 5), says what, and pushes with --allow-data-loss', () => {
    const { bin, log } = fakeCoder();
    // The active version names the home claim differently: the new one would delete it and make an empty one.
    const active = tmp('active');
    run(['synth', 'kata-microvm', '--out', active]);
    const tf = path.join(active, 'kata-microvm', 'main.tf');
    fs.writeFileSync(
      tf,
      fs.readFileSync(tf, 'utf8').replace(/kubernetes_persistent_volume_claim_v1(\.|" ")home/g, 'kubernetes_persistent_volume_claim_v1$1home_volume'),
    );
    const e = env(bin, { FAKE_LOGGED_IN: '1', FAKE_ACTIVE: path.join(active, 'kata-microvm') });
    const refused = run(['push', 'kata-microvm', '--out', tmp('push-unsafe')], { env: e });
    expect(refused.status).toBe(5);
    expect(refused.stderr).toContain('cvmkit: refusing to push kata-microvm: existing workspaces would be harmed:');
    expect(refused.stderr).toMatch(/data loss: new: update \(start\): the plan deletes disk kubernetes_persistent_volume_claim_v1\.home_volume/);
    expect(refused.stderr).toContain('pass --allow-data-loss to push anyway');
    expect(fs.readFileSync(log, 'utf8')).not.toContain('templates push');
    const forced = run(['push', 'kata-microvm', '--out', tmp('push-forced'), '--allow-data-loss'], { env: e });
    expect(forced.status).toBe(0);
    expect(fs.readFileSync(log, 'utf8')).toContain('templates push kata-microvm');
  });

  test('bad --var and unknown templates are refused before anything runs', () => {
    expect(run(['push', 'kata-microvm', '--var', 'novalue', '--dry-run']).status).toBe(2);
    expect(run(['push', 'nope', '--dry-run']).status).toBe(1);
  });
});

describe('publish', () => {
  test('writes the registry layout with READMEs the registry validation accepts, and icons', () => {
    const registry = tmp('registry');
    const r = run(['publish', '--registry', registry, '--namespace', 'acme', '--json']);
    expect(r.stderr).not.toMatch(/cvmkit:/);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).templates.map((t: { template: string }) => t.template)).toEqual(CATALOG.map((d) => d.name));
    expect(fs.existsSync(path.join(registry, 'registry', 'acme', 'README.md'))).toBe(true);
    for (const d of CATALOG) {
      const dir = path.join(registry, 'registry', 'acme', 'templates', d.name);
      expect(fs.existsSync(path.join(dir, 'main.tf'))).toBe(true);
      const readme = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
      expect(registryReadmeProblems(readme, dir)).toEqual([]);
      const { frontmatter } = splitFrontmatter(readme);
      expect(frontmatter.icon).toBe(`../../../../.icons/cvmkit-${d.backend}.svg`);
      expect(fs.readFileSync(path.join(dir, String(frontmatter.icon)), 'utf8')).toMatch(/^<svg /);
      expect(Object.keys(frontmatter).sort()).toEqual(['description', 'display_name', 'icon', 'supported_os', 'tags', 'verified']);
    }
    // Publishing again over its own output is fine: the folders carry the marker.
    const kata = path.join(registry, 'registry', 'acme', 'templates', 'kata-microvm');
    expect(fs.readFileSync(path.join(kata, '.cvmkit-generated'), 'utf8')).toMatch(
      /^generator: cvmkit\nversion: .*\nkind: registry template\nname: kata-microvm\n/m,
    );
    expect(run(['publish', '--registry', registry, '--namespace', 'acme']).status).toBe(0);
    // So is a folder published before the marker existed: its README says it is this cvmkit template.
    fs.rmSync(path.join(kata, '.cvmkit-generated'));
    expect(run(['publish', 'kata-microvm', '--registry', registry, '--namespace', 'acme']).status).toBe(0);
    expect(fs.existsSync(path.join(kata, '.cvmkit-generated'))).toBe(true);
  });

  test('refuses to overwrite a different template without --force', () => {
    const registry = tmp('registry-foreign');
    const dir = path.join(registry, 'registry', 'acme', 'templates', 'kata-microvm');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'README.md'), '---\ndisplay_name: Somebody else\n---\n\n# Theirs\n');
    const refused = run(['publish', 'kata-microvm', '--registry', registry, '--namespace', 'acme']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe(
      `cvmkit: refusing to replace folders cvmkit did not publish; nothing was written:\n  ${dir}: it holds files cvmkit did not write (README.md) and no .cvmkit-generated marker, and its README is not cvmkit's "Kata micro-VM"\npass --force to overwrite them\n`,
    );
    expect(fs.existsSync(path.join(registry, '.icons'))).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toContain('Somebody else');
    expect(run(['publish', 'kata-microvm', '--registry', registry, '--namespace', 'acme', '--force']).status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toContain('display_name: Kata micro-VM');
  });

  test('needs a namespace and a registry folder', () => {
    expect(run(['publish', '--registry', tmp('r')]).stderr).toMatch(/no registry namespace/);
    expect(run(['publish', '--registry', '/nonexistent/registry', '--namespace', 'acme']).status).toBe(1);
    expect(run(['publish', '--registry', tmp('r'), '--namespace', 'Bad NS']).stderr).toMatch(/namespace "Bad NS" must match/);
  });
});

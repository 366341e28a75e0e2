// The built CLI, spawned as a user runs it.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const CLI = path.join(__dirname, '..', 'lib', 'src', 'cli.js');
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

describe('cvmkit CLI', () => {
  test('list --json names every template with backend, isolation and parameters', () => {
    const result = run('list', '--json');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toContainEqual({
      name: 'kubevirt-vm',
      backend: 'kubevirt',
      isolation: 'hardware virtualization (KVM)',
      parameters: ['distro', 'cpu', 'memory', 'disk_size'],
    });
  });

  test('synth writes the folder and reports it', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-cli-'));
    const result = run('synth', 'kubevirt-vm', '--out', out);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^kubevirt-vm: 8 resources, 10 files \(main.tf, README.md, 8 cloud-init templates\)|^kubevirt-vm: 8 resources, 10 files/m);
    expect(fs.existsSync(path.join(out, 'kubevirt-vm', 'main.tf'))).toBe(true);
    fs.rmSync(out, { recursive: true, force: true });
  });

  test('fails with exit code 1 and a clear message on an unknown template or format', () => {
    expect(run('synth', 'nope').stderr).toMatch(/^cvmkit: unknown template\(s\): nope; the catalog has kubevirt-vm/);
    expect(run('synth', 'nope').status).toBe(1);
    expect(run('synth', '--format', 'yaml').stderr).toMatch(/--format must be hcl, json or both, not "yaml"/);
  });
});

// The Provisioning script of each package family, run for real with sudo, package managers and systemctl stubbed.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DISTRO_KEYS, DISTROS, PROVISIONED_MARKER, provisioningScript } from '../constructs/kubevirt';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-provisioning-'));
const bin = path.join(dir, 'bin');
const calls = path.join(dir, 'calls.log');
const marker = path.join(dir, 'state', 'provisioned');

// Stubs log their command line; `sudo` runs its command as this user (or refuses, on demand).
const STUB = `#!/bin/sh\necho "$(basename "$0") $*" >> ${calls}\n`;
beforeAll(() => {
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'sudo'), `#!/bin/sh\n[ -z "\${NO_SUDO:-}" ] || exit 1\n[ "$1" = -n ] && shift\nexec "$@"\n`, { mode: 0o755 });
  for (const tool of ['apt-get', 'dnf', 'pacman', 'systemctl', 'cloud-init']) fs.writeFileSync(path.join(bin, tool), STUB, { mode: 0o755 });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function runScript(script: string, env: Record<string, string> = {}): { code: number; out: string; calls: string[] } {
  fs.rmSync(calls, { force: true });
  const local = script.split(PROVISIONED_MARKER).join(marker);
  const r = spawnSync('/bin/sh', ['-c', local], { env: { PATH: `${bin}:/usr/bin:/bin`, ...env }, encoding: 'utf8' });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}`, calls: fs.existsSync(calls) ? fs.readFileSync(calls, 'utf8').trim().split('\n') : [] };
}

describe('provisioningScript', () => {
  test.each(DISTRO_KEYS)('%s is valid POSIX sh', (key) => {
    const r = spawnSync('/bin/sh', ['-n'], { input: provisioningScript(DISTROS[key], ['git', ...DISTROS[key].dockerPackages], true) });
    expect(r.status).toBe(0);
  });

  test('apt: waits for cloud-init, installs once with apt-get, enables Docker, then does nothing on later starts', () => {
    fs.rmSync(path.dirname(marker), { recursive: true, force: true });
    const script = provisioningScript(DISTROS['debian-12'], ['git', 'qemu-guest-agent', 'docker.io'], true);
    const first = runScript(script);
    expect(first.code).toBe(0);
    expect(first.calls).toEqual([
      'cloud-init status --wait',
      'apt-get -q -o DPkg::Lock::Timeout=600 update',
      'apt-get -q -y -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confold -o Dpkg::Options::=--force-unsafe-io install git qemu-guest-agent docker.io',
      'systemctl enable --now docker',
    ]);
    expect(first.out).toMatch(/Provisioning finished\.\n$/);
    expect(fs.readFileSync(marker, 'utf8')).toBe('git qemu-guest-agent docker.io\n');

    const again = runScript(script);
    expect(again).toMatchObject({ code: 0, calls: [] });
    expect(again.out).toMatch(/^Provisioned on \d{4}-\d\d-\d\d .*; nothing to do\.$/m);

    // A template version with another package list installs again on the same disk.
    const more = runScript(provisioningScript(DISTROS['debian-12'], ['git', 'qemu-guest-agent', 'docker.io', 'htop'], true));
    expect(more.calls.find((c) => c.startsWith('apt-get -q -y'))).toMatch(/ install git qemu-guest-agent docker.io htop$/);
  });

  test('dnf and pacman use their own package managers; Arch upgrades while installing', () => {
    fs.rmSync(path.dirname(marker), { recursive: true, force: true });
    expect(runScript(provisioningScript(DISTROS['rocky-9'], ['git', ...DISTROS['rocky-9'].dockerPackages], true)).calls).toContain(
      'dnf -y install git docker-ce docker-ce-cli containerd.io docker-buildx-plugin',
    );
    fs.rmSync(path.dirname(marker), { recursive: true, force: true });
    expect(runScript(provisioningScript(DISTROS.arch, ['git', 'docker'], true)).calls).toContain('pacman -Syu --noconfirm --needed git docker');
  });

  test('without Docker nothing is enabled; without sudo it fails and says why', () => {
    fs.rmSync(path.dirname(marker), { recursive: true, force: true });
    const plain = runScript(provisioningScript(DISTROS['ubuntu-24.04'], ['git'], false));
    expect(plain.calls.some((c) => c.startsWith('systemctl'))).toBe(false);
    fs.rmSync(path.dirname(marker), { recursive: true, force: true });
    const refused = runScript(provisioningScript(DISTROS['ubuntu-24.04'], ['git'], false), { NO_SUDO: '1' });
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/Provisioning needs password-less sudo for \S+\./);
    expect(refused.calls).toEqual([]);
  });
});

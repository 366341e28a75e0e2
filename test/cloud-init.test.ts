// Renders every distro's user-data the way Terraform will, then runs cloud-init's own validator.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { renderCloudConfigTemplate } from '../cloud-init';
import { DISTRO_KEYS, DISTROS } from '../constructs/kubevirt';
import { evaluate } from './support/terraform';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-cloudinit-'));
const TOKEN = '5b4c8f9e-1d2a-4e7b-9c3f-0a1b2c3d4e5f';
const INIT = '#!/usr/bin/env sh\nset -eux\necho "fetching agent from https://coder.example.com"\n';

function rendered(key: (typeof DISTRO_KEYS)[number], docker = true): string {
  const d = DISTROS[key];
  return renderCloudConfigTemplate(d.family, {
    distro: d,
    username: 'coder',
    sudoGroup: d.sudoGroup,
    packages: ['qemu-guest-agent', 'git', ...(docker ? d.dockerPackages : [])],
    docker,
    dockerRepo: docker ? d.dockerRepo : undefined,
  });
}

describe('cloud-init user-data', () => {
  const userData = new Map<string, string>();

  beforeAll(() => {
    // Terraform's own templatefile() fills the template, exactly as at apply time.
    for (const key of DISTRO_KEYS) fs.writeFileSync(path.join(dir, `${key}.yaml.tftpl`), rendered(key));
    const values = evaluate(
      DISTRO_KEYS.map(
        (key) => `templatefile("${key}.yaml.tftpl", { agent_env_b64 = base64encode("CODER_AGENT_TOKEN=${TOKEN}\\n"), init_script_b64 = base64encode(${JSON.stringify(INIT)}) })`,
      ),
      dir,
    ) as string[];
    DISTRO_KEYS.forEach((key, i) => {
      userData.set(key, values[i]);
      fs.writeFileSync(path.join(dir, `${key}.yaml`), values[i]);
    });
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test.each(DISTRO_KEYS)('%s passes `cloud-init schema`', (key) => {
    const result = spawnSync('cloud-init', ['schema', '--config-file', path.join(dir, `${key}.yaml`)], { encoding: 'utf8' });
    expect(`${result.stdout}${result.stderr}`).toMatch(/^Valid cloud-config: /m);
    expect(result.status).toBe(0);
  });

  test.each(DISTRO_KEYS)('%s creates a password-less user and runs the agent with the build token', (key) => {
    const text = userData.get(key)!;
    expect(text.startsWith('#cloud-config\n')).toBe(true);
    const doc = parse(text);
    expect(doc.ssh_pwauth).toBe(false);
    expect(doc.users).toEqual([expect.objectContaining({ name: 'coder', lock_passwd: true, sudo: 'ALL=(ALL) NOPASSWD:ALL', groups: [DISTROS[key].sudoGroup] })]);
    expect(JSON.stringify(doc)).not.toMatch(/passwd"?:\s*"\$|hashed_passwd|plain_text_passwd/);
    // The token and init script are written by bootcmd, which runs on every boot.
    const boot = JSON.stringify(doc.bootcmd);
    expect(boot).toContain(Buffer.from(`CODER_AGENT_TOKEN=${TOKEN}\n`).toString('base64'));
    expect(boot).toContain('umask 077');
    expect(boot).toContain(Buffer.from(INIT).toString('base64'));
    const unit = doc.write_files.find((f: any) => f.path === '/etc/systemd/system/coder-agent.service');
    expect(unit.content).toMatch(/EnvironmentFile=\/run\/coder-agent\/agent.env/);
    expect(unit.content).toMatch(/User=coder/);
    expect(doc.runcmd).toContainEqual(['systemctl', 'enable', '--now', 'coder-agent.service']);
    for (const p of DISTROS[key].dockerPackages) expect(doc.packages).toContain(p);
    expect(text).not.toMatch(/enp1s0|eth0/);
  });

  test('EL distros get Docker from its repository, Fedora and Ubuntu from their own', () => {
    expect(parse(userData.get('rocky-9')!).yum_repos['docker-ce-stable'].baseurl).toMatch(/^https:\/\/download.docker.com\/linux\/centos\/9\//);
    expect(parse(userData.get('fedora-44')!).yum_repos).toBeUndefined();
    expect(parse(userData.get('ubuntu-24.04')!).packages).toContain('docker.io');
  });

  test('without Docker no Docker package or unit is mentioned', () => {
    const text = rendered('debian-12', false);
    expect(text).not.toMatch(/docker/);
  });

  test('every user-data stays far below 16 KiB with a realistic init script', () => {
    for (const text of userData.values()) expect(Buffer.byteLength(text)).toBeLessThan(16 * 1024);
  });
});

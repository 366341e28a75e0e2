// Renders every distro's user-data the way Terraform will, then runs cloud-init's own validator.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { AGENT_DISK, cloudInitSources, renderCloudConfigTemplate } from '../cloud-init';
import { DISTRO_KEYS, DISTROS } from '../constructs/kubevirt';
import { evaluate } from './support/terraform';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-cloudinit-'));
const INIT = '#!/usr/bin/env sh\nset -eux\necho "fetching agent from https://coder.example.com"\n';

function rendered(key: (typeof DISTRO_KEYS)[number], docker = true): string {
  const d = DISTROS[key];
  return renderCloudConfigTemplate(d.family, {
    distro: d,
    username: 'coder',
    sudoGroup: d.sudoGroup,
    docker,
    dockerRepo: docker ? d.dockerRepo : undefined,
  });
}

// The build precompiles what cloudInitSources() lists, and --incremental hashes it: a source
// left out was compiled at run time and, edited, left its templates "unchanged" (windows.ps1.hbs was).
test('every Handlebars source under cloud-init/ is listed for the build and the incremental inputs', () => {
  const root = path.join(__dirname, '..', 'cloud-init');
  const onDisk = (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.hbs'));
  expect(onDisk.length).toBeGreaterThanOrEqual(7);
  const listed = new Set(cloudInitSources().map((s) => s.source));
  expect(onDisk.filter((f) => !listed.has(fs.readFileSync(path.join(root, f), 'utf8')))).toEqual([]);
});

describe('cloud-init user-data', () => {
  const userData = new Map<string, string>();

  beforeAll(() => {
    // Terraform's own templatefile() fills the template, exactly as at apply time.
    for (const key of DISTRO_KEYS) fs.writeFileSync(path.join(dir, `${key}.yaml.tftpl`), rendered(key));
    const values = evaluate(
      DISTRO_KEYS.map((key) => `templatefile("${key}.yaml.tftpl", { init_script_b64 = base64encode(${JSON.stringify(INIT)}) })`),
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

  test.each(DISTRO_KEYS)('%s creates a password-less user in the docker group and starts the agent before any package install', (key) => {
    const text = userData.get(key)!;
    expect(text.startsWith('#cloud-config\n')).toBe(true);
    const doc = parse(text);
    expect(doc.ssh_pwauth).toBe(false);
    expect(doc.users).toEqual([
      expect.objectContaining({ name: 'coder', lock_passwd: true, sudo: 'ALL=(ALL) NOPASSWD:ALL', groups: [DISTROS[key].sudoGroup, 'docker'] }),
    ]);
    expect(JSON.stringify(doc)).not.toMatch(/passwd"?:\s*"\$|hashed_passwd|plain_text_passwd/);
    // Nothing slow runs in cloud-init: the agent's Provisioning script installs packages.
    for (const slow of ['packages', 'package_update', 'package_upgrade', 'runcmd']) expect(doc[slow]).toBeUndefined();
    // bootcmd runs at every boot: init script, docker group (before the user), agent start.
    const boot = JSON.stringify(doc.bootcmd);
    expect(boot).toContain(Buffer.from(INIT).toString('base64'));
    expect(boot.indexOf('groupadd --system docker')).toBeGreaterThan(-1);
    expect(doc.bootcmd.at(-1)).toEqual(expect.arrayContaining(['systemd-run', '--no-block', '--property=After=cloud-init.service']));
    const unit = doc.write_files.find((f: any) => f.path === '/etc/systemd/system/coder-agent.service');
    expect(unit.content).toMatch(/^ExecStartPre=\+\/opt\/coder\/load-token$/m);
    expect(unit.content).toMatch(/^EnvironmentFile=-\/run\/coder-agent\/agent.env$/m);
    expect(unit.content).toMatch(/^User=coder$/m);
    expect(text).not.toMatch(/enp1s0|eth0/);
  });

  test.each(DISTRO_KEYS)('%s never carries the token: it is read from the Secret disk into /run', (key) => {
    const text = userData.get(key)!;
    expect(text).not.toContain('CODER_AGENT_TOKEN');
    const loader = parse(text).write_files.find((f: any) => f.path === '/opt/coder/load-token');
    expect(loader).toEqual(expect.objectContaining({ permissions: '0700', owner: 'root:root' }));
    expect(loader.content).toContain(`= ${AGENT_DISK.serial} ]`);
    expect(loader.content).toContain('umask 077');
    expect(loader.content).toContain('> /run/coder-agent/agent.env.new');
  });

  test("EL distros get Docker's repository (for Provisioning), Fedora and Ubuntu need none", () => {
    expect(parse(userData.get('rocky-9')!).yum_repos['docker-ce-stable'].baseurl).toMatch(/^https:\/\/download.docker.com\/linux\/centos\/9\//);
    expect(parse(userData.get('fedora-44')!).yum_repos).toBeUndefined();
    expect(parse(userData.get('ubuntu-24.04')!).yum_repos).toBeUndefined();
  });

  test('without Docker no docker group or repository is mentioned', () => {
    const text = rendered('debian-12', false);
    expect(text).not.toMatch(/docker/i);
    expect(rendered('rocky-9', false)).not.toMatch(/docker/i);
  });

  test('every user-data stays far below 16 KiB with a realistic init script', () => {
    for (const text of userData.values()) expect(Buffer.byteLength(text)).toBeLessThan(16 * 1024);
  });
});

// Sysbox container-VMs: the pod, the rules from Coder's CVM documents, and the entry script run for real.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bootScript, CRIO_USERNS_ANNOTATION, SysboxWorkspace, SysboxWorkspaceProps } from '../constructs/sysbox';
import { only, synthTemplate } from './support/synth';

const START_COUNT = '${data.coder_workspace.me.start_count}';
const build = (props: SysboxWorkspaceProps = {}) => synthTemplate((t) => new SysboxWorkspace(t, 'Workspace', props)).json;

describe('SysboxWorkspace', () => {
  const json = build();
  const pod = only(json, 'kubernetes_pod_v1');

  test('runs on sysbox-runc in a CRI-O user namespace, as root for systemd, never privileged', () => {
    expect(pod.count).toBe(START_COUNT);
    expect(pod.spec.runtime_class_name).toBe('sysbox-runc');
    expect(pod.metadata.annotations).toMatchObject(CRIO_USERNS_ANNOTATION);
    expect(pod.spec.security_context).toEqual({ run_as_user: '0', fs_group: '0' });
    expect(pod.spec.container[0].security_context).toBeUndefined();
    expect(pod.spec.host_network).toBeUndefined();
    expect(pod.spec.container[0].command).toEqual(['sh', '-c', '${local.boot_script}']);
  });

  test('home and Docker data persist in claims that are not counted', () => {
    const claims = json.resource.kubernetes_persistent_volume_claim_v1;
    expect(Object.keys(claims).sort()).toEqual(['docker_data', 'home']);
    for (const c of Object.values(claims) as any[]) expect(c.count).toBeUndefined();
    expect(claims.docker_data.spec.resources.requests.storage).toBe('20Gi');
    expect(pod.spec.container[0].volume_mount).toContainEqual({ name: 'docker', mount_path: '/var/lib/docker' });
  });

  test('without Docker there is no Docker volume', () => {
    expect(Object.keys(build({ docker: false }).resource.kubernetes_persistent_volume_claim_v1)).toEqual(['home']);
  });

  test('an NVIDIA GPU on a declared bare-metal cluster becomes a device-plugin limit', () => {
    const p = only(build({ gpu: { vendor: 'nvidia', count: 2 }, cluster: { bareMetal: true } }), 'kubernetes_pod_v1');
    expect(p.spec.container[0].resources.limits['nvidia.com/gpu']).toBe('2');
  });

  test.each<[string, SysboxWorkspaceProps, string]>([
    ['NVIDIA GPU off bare metal', { gpu: { vendor: 'nvidia' } }, 'invalid gpu: NVIDIA GPUs in container-based VMs need bare-metal nodes'],
    ['AMD GPU', { gpu: { vendor: 'amd' }, cluster: { bareMetal: true } }, 'invalid gpu.vendor: AMD GPUs are not supported'],
    ['NFS storage class', { storageClassName: 'nfs-client', cluster: { nfsStorageClasses: ['nfs-client'] } }, 'invalid storageClassName: "nfs-client" is declared as NFS'],
    ['legacy Istio sidecars in the cluster', { cluster: { istio: 'sidecar' } }, 'invalid cluster.istio: legacy Istio sidecar injection is not supported'],
    ['an Istio sidecar asked for by annotation', { annotations: { 'sidecar.istio.io/inject': 'true' } }, 'invalid annotations: sidecar.istio.io/inject: "true"'],
    ['a fractional Docker disk', { dockerDiskSize: '1.5Gi' }, 'invalid dockerDiskSize'],
  ])('refuses %s', (_, props, message) => {
    expect(() => build(props)).toThrow(`test/Workspace: ${message}`);
  });

  test('accepts ambient Istio and non-NFS classes on a cluster that has NFS', () => {
    expect(() => build({ storageClassName: 'ssd', cluster: { istio: 'ambient', nfsStorageClasses: ['nfs-client'] } })).not.toThrow();
  });
});

// The entry script runs as root in the container. Here it runs for real in a private mount
// namespace: /etc is a copy with a `coder` user, and /sbin/init is a stand-in that reports what
// systemd would find.
function runBoot(script: string, initScript: string): { stdout: string; stderr: string; status: number | null } {
  expect(fs.existsSync('/sbin/init')).toBe(true);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-boot-'));
  const fakeInit = path.join(dir, 'init');
  fs.writeFileSync(
    fakeInit,
    [
      '#!/bin/sh',
      'echo INIT pid-replaced',
      "stat -c '%n %a %U' /etc/coder/agent.env /etc/coder/agent-init.sh",
      'cat /etc/coder/agent.env /etc/systemd/system/coder-agent.service',
      'readlink /etc/systemd/system/multi-user.target.wants/coder-agent.service',
      "echo token-in-env=$(env | grep -c '^CODER_AGENT_TOKEN=')",
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  const harness = [
    'set -e',
    `cp -a /etc "${dir}/etc"`,
    `echo "coder:x:4242:4242::/tmp:/bin/sh" >> "${dir}/etc/passwd"`,
    `echo "coder:x:4242:" >> "${dir}/etc/group"`,
    `mount --bind "${dir}/etc" /etc`,
    `mount --bind "${fakeInit}" /sbin/init`,
    'sh -c "$BOOT"',
  ].join('\n');
  try {
    const r = spawnSync('unshare', ['-m', 'sh', '-c', harness], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, BOOT: script, CODER_AGENT_TOKEN: 'tok-123', CODER_INIT_SCRIPT: initScript },
      timeout: 20_000,
    });
    return { stdout: r.stdout, stderr: r.stderr, status: r.status };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('the Sysbox entry script, executed', () => {
  test('with systemd: token in a 0600 file of the user, the agent as an enabled unit, PID 1 handed to /sbin/init', () => {
    const r = runBoot(bootScript({ username: 'coder', systemd: true, docker: true }), 'echo agent');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('INIT pid-replaced');
    expect(r.stdout).toContain('/etc/coder/agent.env 600 coder');
    expect(r.stdout).toContain('CODER_AGENT_TOKEN=tok-123');
    expect(r.stdout).toMatch(/\[Service\]\nUser=coder\nEnvironmentFile=\/etc\/coder\/agent.env\nExecStart=\/bin\/sh \/etc\/coder\/agent-init.sh/);
    expect(r.stdout).toContain('../coder-agent.service');
    // systemd must not inherit the token: only the unit's EnvironmentFile carries it.
    expect(r.stdout).toContain('token-in-env=0');
  });

  test('without systemd: the agent runs directly as the user, with the token from the file', () => {
    const r = runBoot(bootScript({ username: 'coder', systemd: false, docker: false }), 'echo "agent as $(id -un) token=$CODER_AGENT_TOKEN script-env=$(env | grep -c ^CODER_INIT_SCRIPT=)"');
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('INIT');
    expect(r.stdout.trim()).toBe('agent as coder token=tok-123 script-env=0');
  });
});

test('the image definition boots systemd and starts Docker with it', () => {
  const dockerfile = fs.readFileSync(path.join(__dirname, '..', 'constructs', 'sysbox', 'image', 'Dockerfile'), 'utf8');
  const instructions = dockerfile.replace(/\\\n/g, ' ').split('\n').filter((l) => /^[A-Z]+ /.test(l));
  expect(instructions[0]).toMatch(/^FROM ubuntu:/);
  const run = instructions.filter((l) => l.startsWith('RUN ')).join('\n');
  for (const pkg of ['systemd', 'docker.io', 'git', 'curl', 'sudo']) expect(run).toMatch(new RegExp(`\\b${pkg.replace('.', '\\.')}\\b`));
  expect(run).toContain('systemctl enable docker');
  expect(run).toContain('ln -sf /lib/systemd/systemd /sbin/init');
  expect(run).toMatch(/useradd .*--uid 1000 .*coder/);
});

// Sysbox container-VMs: the pod, the rules from Coder's CVM documents, and the entry script run for real.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bootScript, CRIO_USERNS_ANNOTATION, SysboxWorkspace, SysboxWorkspaceProps, SYSTEMD_STOP_COMMAND } from '../constructs/sysbox';
import { only, synthTemplate } from './support/synth';

const START_COUNT = '${data.coder_workspace.me.start_count}';
const build = (props: SysboxWorkspaceProps = {}) => synthTemplate((t) => new SysboxWorkspace(t, 'Workspace', props)).json;

describe('SysboxWorkspace', () => {
  const json = build();
  const deployment = only(json, 'kubernetes_deployment_v1');
  const pod = deployment.spec.template;

  test('runs on sysbox-runc in a CRI-O user namespace, as root for systemd, never privileged, with no fsGroup', () => {
    expect(deployment.spec.replicas).toBe(START_COUNT);
    expect(pod.spec.runtime_class_name).toBe('sysbox-runc');
    expect(pod.metadata.annotations).toMatchObject(CRIO_USERNS_ANNOTATION);
    // No fsGroup: kubelet would otherwise rewrite the group of every file of home and Docker data on each start.
    expect(pod.spec.security_context).toEqual({ run_as_user: '0' });
    expect(pod.spec.container[0].security_context).toBeUndefined();
    expect(pod.spec.host_network).toBeUndefined();
    expect(pod.spec.container[0].command).toEqual(['sh', '-c', '${local.boot_script}']);
  });

  test('a stop sends systemd its shutdown signal (SIGRTMIN+3) instead of waiting for SIGKILL', () => {
    expect(pod.spec.container[0].lifecycle).toEqual({ pre_stop: [{ exec: { command: [...SYSTEMD_STOP_COMMAND] } }] });
  });

  test('on containerd, the pod gets hostUsers: false through a Deployment manifest (the typed resource lacks host_users)', () => {
    const json = build({ userNamespaces: 'hostUsers' });
    expect(json.resource.kubernetes_deployment_v1).toBeUndefined();
    const m = json.resource.kubernetes_manifest.main.manifest;
    expect(m).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment', spec: { replicas: START_COUNT, strategy: { type: 'Recreate' } } });
    const spec = m.spec.template.spec;
    expect(spec.hostUsers).toBe(false);
    expect(spec.runtimeClassName).toBe('sysbox-runc');
    expect(spec.securityContext).toEqual({ runAsUser: 0 });
    expect(m.spec.template.metadata.annotations['io.kubernetes.cri-o.userns-mode']).toBeUndefined();
    expect(spec.containers[0].env).toContainEqual({
      name: 'CODER_AGENT_TOKEN',
      valueFrom: { secretKeyRef: { name: '${local.workspace_name}-agent-${local.build_id}', key: 'token' } },
    });
    expect(spec.containers[0].lifecycle).toEqual({ preStop: { exec: { command: [...SYSTEMD_STOP_COMMAND] } } });
    expect(spec.containers[0].volumeMounts).toContainEqual({ name: 'docker', mountPath: '/var/lib/docker' });
    expect(spec.volumes).toContainEqual({
      name: 'home',
      persistentVolumeClaim: { claimName: '${kubernetes_persistent_volume_claim_v1.home.metadata[0].name}' },
    });
    expect(json.resource.coder_metadata.workspace_info.resource_id).toBe('${kubernetes_manifest.main.object.metadata.uid}');
    expect(() => build({ userNamespaces: 'both' as any })).toThrow('test/Workspace: invalid userNamespaces: "both" is not annotation or hostUsers');
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
    const p = only(build({ gpu: { vendor: 'nvidia', count: 2 }, cluster: { bareMetal: true } }), 'kubernetes_deployment_v1').spec.template;
    expect(p.spec.container[0].resources.limits['nvidia.com/gpu']).toBe('2');
  });

  test.each<[string, SysboxWorkspaceProps, string]>([
    ['NVIDIA GPU off bare metal', { gpu: { vendor: 'nvidia' } }, 'invalid gpu: NVIDIA GPUs in container-based VMs need bare-metal nodes'],
    ['AMD GPU', { gpu: { vendor: 'amd' }, cluster: { bareMetal: true } }, 'invalid gpu.vendor: AMD GPUs are not supported'],
    [
      'NFS storage class',
      { storageClassName: 'nfs-client', cluster: { nfsStorageClasses: ['nfs-client'] } },
      'invalid storageClassName: "nfs-client" is declared as NFS',
    ],
    ['legacy Istio sidecars in the cluster', { cluster: { istio: 'sidecar' } }, 'invalid cluster.istio: legacy Istio sidecar injection is not supported'],
    [
      'an Istio sidecar asked for by annotation',
      { annotations: { 'sidecar.istio.io/inject': 'true' } },
      'invalid annotations: sidecar.istio.io/inject: "true"',
    ],
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
function runBoot(
  script: (home: string) => string,
  initScript: string,
  home?: (dir: string) => void,
): { stdout: string; stderr: string; status: number | null; dir: string } {
  expect(fs.existsSync('/sbin/init')).toBe(true);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-boot-'));
  // As /home in an image: others may traverse it.
  fs.chmodSync(dir, 0o755);
  fs.mkdirSync(path.join(dir, 'home'));
  home?.(path.join(dir, 'home'));
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
      env: { PATH: process.env.PATH, BOOT: script(path.join(dir, 'home')), CODER_AGENT_TOKEN: 'tok-123', CODER_INIT_SCRIPT: initScript },
      timeout: 20_000,
    });
    return { stdout: r.stdout, stderr: r.stderr, status: r.status, dir };
  } finally {
    if (home === undefined) fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('the Sysbox entry script, executed', () => {
  test('with systemd: token in a 0600 file of the user, the agent as an enabled unit, PID 1 handed to /sbin/init', () => {
    const r = runBoot((home) => bootScript({ username: 'coder', home, systemd: true, docker: true }), 'echo agent');
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
    const r = runBoot(
      (home) => bootScript({ username: 'coder', home, systemd: false, docker: false }),
      'echo "agent as $(id -un) token=$CODER_AGENT_TOKEN script-env=$(env | grep -c ^CODER_INIT_SCRIPT=)"',
    );
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('INIT');
    expect(r.stdout.trim()).toBe('agent as coder token=tok-123 script-env=0');
  });
});

test("a new home volume (root-owned, as on block storage) becomes the user's, without a recursive rewrite, and gets the skeleton", () => {
  const r = runBoot(
    (home) => bootScript({ username: 'coder', home, systemd: true, docker: false }),
    'echo agent',
    (home) => {
      fs.mkdirSync(path.join(home, 'lost+found'));
      fs.writeFileSync(path.join(home, 'notes.txt'), 'data');
    },
  );
  try {
    expect(r.status).toBe(0);
    const home = path.join(r.dir, 'home');
    expect(fs.statSync(home).uid).toBe(4242);
    // What was already in the volume keeps its owner: nothing is rewritten recursively.
    expect(fs.statSync(path.join(home, 'lost+found')).uid).toBe(0);
    expect(fs.statSync(path.join(home, 'notes.txt')).uid).toBe(0);
    if (fs.existsSync('/etc/skel/.bashrc')) expect(fs.statSync(path.join(home, '.bashrc')).uid).toBe(4242);
    // A second start changes nothing.
    const again = runBoot(
      (h) => bootScript({ username: 'coder', home: h, systemd: true, docker: false }),
      'echo agent',
      (h) => fs.chownSync(h, 4242, 4242),
    );
    expect(again.status).toBe(0);
    fs.rmSync(again.dir, { recursive: true, force: true });
  } finally {
    fs.rmSync(r.dir, { recursive: true, force: true });
  }
});

test('the stop hook halts a PID 1 that ignores SIGTERM, as systemd does, within seconds', () => {
  // A stand-in PID 1 in its own PID namespace: it ignores SIGTERM (no handler, as PID 1) and halts on SIGRTMIN+3.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-stop-'));
  fs.writeFileSync(path.join(dir, 'init.sh'), ['trap "echo halted-by-37; exit 0" 37', 'while :; do sleep 0.1; done', ''].join('\n'));
  const harness = [
    `unshare -p -f --mount-proc sh "${dir}/init.sh" &`,
    'sleep 1',
    'pid=$(pgrep -P $!)',
    'kill -TERM "$pid"',
    'sleep 1',
    'kill -0 "$pid" && echo survived-sigterm',
    `nsenter -t "$pid" -p -m ${SYSTEMD_STOP_COMMAND.map((a) => `'${a}'`).join(' ')}`,
    'start=$(date +%s); while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done; echo stopped-after=$(( $(date +%s) - start ))s',
    'wait',
  ].join('\n');
  try {
    const r = spawnSync('sh', ['-c', harness], { encoding: 'utf8', timeout: 20_000 });
    expect(r.stdout).toContain('survived-sigterm');
    expect(r.stdout).toContain('halted-by-37');
    expect(r.stdout).toMatch(/stopped-after=[0-2]s/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the image definition boots systemd and starts Docker with it', () => {
  const dockerfile = fs.readFileSync(path.join(__dirname, '..', 'constructs', 'sysbox', 'image', 'Dockerfile'), 'utf8');
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((l) => /^[A-Z]+ /.test(l));
  expect(instructions[0]).toMatch(/^FROM ubuntu:/);
  const run = instructions.filter((l) => l.startsWith('RUN ')).join('\n');
  for (const pkg of ['systemd', 'docker.io', 'git', 'curl', 'sudo']) expect(run).toMatch(new RegExp(`\\b${pkg.replace('.', '\\.')}\\b`));
  expect(run).toContain('systemctl enable docker');
  expect(run).toContain('ln -sf /lib/systemd/systemd /sbin/init');
  expect(run).toMatch(/useradd .*--uid 1000 .*coder/);
});

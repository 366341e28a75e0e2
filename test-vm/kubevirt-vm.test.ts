// Boots the kubevirt-vm template's guest for real (qemu, Debian cloud image): agent first, provisioning after, token hygiene across stop/start.
import { createHash, randomUUID } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PROJECT_ROOT } from '../src/paths';
import { agentInitScript } from '../src/simulator/agent-bootstrap';
import { CoderEndpoint } from './support/coder-endpoint';
import { countOnDisk, createIso, createRootDisk, createSeed } from './support/disks';
import { CLOUD_INIT, cloudInitStages, DOCKER, keyValues, SEMAPHORES, TOKEN_FILE } from './support/guest';
import { GuestImage, guestImage, RELEASES } from './support/image';
import { Accelerator, probeAccelerator, sweepStaleRuns, Vm } from './support/qemu';
import { kubevirtTemplate, renderSecret, TemplateFiles } from './support/render';
import { ensureCommands, run } from './support/run';

const RELEASE = RELEASES[process.env.CVMKIT_VM_RELEASE ?? 'debian-12'];
// Every Debian guest boots the template's debian-12 user-data and provisioning (same apt family).
const TEMPLATE_DISTRO = 'debian-12';
const OUT = path.join(PROJECT_ROOT, 'test-output');
const started = Date.now();
const log = (line: string) => process.stderr.write(`[vm ${Math.round((Date.now() - started) / 1000)} s] ${line}\n`);
const seconds = (ms: number) => Math.round(ms / 100) / 10;

const tokens = [randomUUID(), randomUUID()];
const instanceId = randomUUID();
let work: string;
let endpoint: CoderEndpoint | undefined;
let image: GuestImage;
let accel: Accelerator;
let template: TemplateFiles;
let vm: Vm | undefined;
const boots: Record<string, unknown>[] = [];
const results: Record<string, unknown> = { release: RELEASE?.key, template: process.env.CVMKIT_VM_TEMPLATE ?? 'synthesized in-process', boots };

/** Boots the workspace's root disk with the Secret of build `n` (its own token, the same instance-id). */
async function boot(n: number): Promise<Vm> {
  const ep = endpoint!;
  ep.boot = n;
  const initScript = agentInitScript(ep.guestUrl, 'linux', 'amd64');
  const secret = await renderSecret(template, { distro: TEMPLATE_DISTRO, token: tokens[n - 1], initScript });
  if (secret.provisioning !== undefined) ep.provisioning = secret.provisioning;
  const seed = path.join(work, `seed-${n}.iso`);
  await createSeed(seed, secret.userData, instanceId, 'cvmkit-vm-test');
  // KubeVirt's secret disk holds every key of the Secret.
  const secretIso = path.join(work, `secret-${n}.iso`);
  if (Object.keys(secret.otherKeys).length > 0) await createIso(secretIso, 'secret', { userdata: secret.userData, ...secret.otherKeys });
  log(`boot ${n}: ${accel}, token ${tokens[n - 1].slice(0, 8)}…, instance-id ${instanceId}`);
  return new Vm(
    image,
    { root: path.join(work, 'root.qcow2'), seed, secret: fs.existsSync(secretIso) ? secretIso : undefined },
    accel,
    work,
    path.join(OUT, 'vm', `boot-${n}-serial.log`),
  );
}

/** Waits for the agent and for provisioning of the current boot, recording both times. */
async function agentAndReady(n: number, v: Vm): Promise<{ hello: Record<string, string>; token: string; provisioningLog: string; exit: string }> {
  const hello = await endpoint!.waitFor('hello', 15 * 60_000);
  // The machine is shared: the host's load says how far these figures are from an idle run.
  const record: Record<string, unknown> = {
    boot: n,
    timeToAgentS: seconds(hello.at - v.startedAt),
    guestUptimeAtAgentS: Number(hello.fields.uptime),
    hostLoadAtStart: v.hostLoad,
  };
  boots.push(record);
  log(`boot ${n}: agent up after ${record.timeToAgentS} s as ${hello.fields.user} (${hello.fields.groups})`);
  endpoint!.provisioningLog = '';
  let shown = '';
  const progress = setInterval(() => {
    const last = endpoint!.provisioningLog.trim().split('\n').pop() ?? '';
    if (last !== shown) log(`boot ${n}: provisioning: ${(shown = last).slice(0, 120)}`);
  }, 20_000);
  const done = await endpoint!.waitFor('provisioned', 30 * 60_000).finally(() => clearInterval(progress));
  record.timeToReadyS = seconds(done.at - v.startedAt);
  record.provisioningS = seconds(done.at - hello.at);
  record.hostLoadAtReady = os.loadavg().map((l) => Math.round(l * 10) / 10);
  log(`boot ${n}: provisioning exited ${done.fields.exit} after ${record.timeToReadyS} s`);
  fs.writeFileSync(path.join(OUT, 'vm', `boot-${n}-provisioning.log`), done.body);
  return { hello: hello.fields, token: hello.token, provisioningLog: done.body, exit: done.fields.exit };
}

/** Runs a guest command through the stand-in agent; its key=value lines as an object. */
async function guest(script: string): Promise<Record<string, string> & { output: string; code: string }> {
  const r = await endpoint!.exec(script);
  return { ...keyValues(r.output), output: r.output, code: String(r.code) };
}

async function stop(n: number): Promise<void> {
  const t = Date.now();
  const how = await vm!.powerOff(300_000);
  Object.assign(boots[n - 1] ?? {}, {
    powerOff: how,
    powerOffS: seconds(Date.now() - t),
    cloudInitStages: cloudInitStages(path.join(OUT, 'vm', `boot-${n}-serial.log`)),
  });
  log(`boot ${n}: powered off (${how})`);
  vm = undefined;
}

const tokenNeedles = (i: number) => ({
  [`token${i + 1}`]: tokens[i],
  [`token${i + 1}_env_b64`]: Buffer.from(`CODER_AGENT_TOKEN=${tokens[i]}\n`).toString('base64'),
});

beforeAll(async () => {
  if (RELEASE === undefined) throw new Error(`CVMKIT_VM_RELEASE must be one of ${Object.keys(RELEASES).join(', ')}`);
  fs.mkdirSync(path.join(OUT, 'vm'), { recursive: true });
  const installed = await ensureCommands({
    'qemu-system-x86_64': 'qemu-system-x86',
    'qemu-img': 'qemu-utils',
    mmdebstrap: 'mmdebstrap',
    genisoimage: 'genisoimage',
    'mkfs.ext4': 'e2fsprogs',
  });
  if (installed.length > 0) log(`installed ${installed.join(', ')}`);
  // A killed run cannot clean up (jest's sandbox gets no signals): the next one does.
  const swept = sweepStaleRuns(os.tmpdir());
  if (swept.length > 0) log(`removed ${swept.length} work folder(s) of interrupted runs`);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-vm-'));
  fs.writeFileSync(path.join(work, 'owner.pid'), String(process.pid));
  image = await guestImage(RELEASE, log);
  results.image = { cache: image.dir, builtThisRun: image.built, buildSeconds: image.buildSeconds };
  const probe = await probeAccelerator(image, work);
  accel = probe.accel;
  results.accelerator = {
    name: accel,
    probe: probe.detail,
    qemu: (await run('qemu-system-x86_64', ['--version'])).stdout.split('\n')[0],
    smp: 2,
    memoryMiB: 2048,
  };
  log(probe.detail);
  template = await kubevirtTemplate(process.env.CVMKIT_VM_TEMPLATE);
  endpoint = await CoderEndpoint.start();
  await createRootDisk(path.join(work, 'root.qcow2'), image.rootfs);
}, 15 * 60_000);

afterAll(async () => {
  vm?.kill();
  await vm?.exited;
  await endpoint?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
  results.totalSeconds = seconds(Date.now() - started);
  results.finishedAt = new Date().toISOString();
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(path.join(OUT, 'vm-results.json'), `${JSON.stringify(results, null, 2)}\n`);
  log(`results in test-output/vm-results.json (${results.totalSeconds} s in all)`);
});

describe('first boot', () => {
  test('the agent starts before provisioning, as the workspace user, with the build token from the Secret disk', async () => {
    vm = await boot(1);
    const first = await endpoint!.waitFor('hello', 15 * 60_000);
    // Docker comes with provisioning, which only the agent starts: at hello it is not there yet.
    expect(first.fields.docker).toBe('absent');
    const { hello, token, exit, provisioningLog } = await agentAndReady(1, vm);
    expect(hello).toMatchObject({ user: 'coder', uid: '1000', auth: 'token', url: endpoint!.guestUrl, args: 'agent' });
    expect(hello.groups.split(' ')).toEqual(expect.arrayContaining(['coder', 'sudo', 'docker']));
    expect(token).toBe(tokens[0]);
    expect(endpoint!.events.find((e) => e.kind === 'download' && e.boot === 1)).toBeDefined();
    expect(exit).toBe('0');
    expect(provisioningLog).toContain('Provisioning finished.');
  });

  test('the token file is root-only, on tmpfs, and the Secret disk is not left mounted', async () => {
    const t = await guest(TOKEN_FILE);
    results.tokenFile = { file: t.file, dir: t.dir, fs: t.fs, userCanRead: t.user_can_read };
    expect(t).toMatchObject({ user_can_read: 'no', file: '600 root:root', dir: '700 root:root', fs: 'tmpfs', secret_disk_mounted: '0', in_var_lib_cloud: '0' });
    expect(t.token_sha256).toBe(createHash('sha256').update(tokens[0]).digest('hex'));
  });

  test("once provisioned, the user runs a container in the agent's session (no new login)", async () => {
    const d = await guest(DOCKER);
    results.docker = {
      check: "docker info, then docker import of the guest's dash+libc and docker run (no registry is reachable)",
      server: d.server,
      run: d.run,
    };
    expect(d.code).toBe('0');
    expect(d.run).toBe('container-ok');
  });

  test('cloud-init is done without errors and no unit failed', async () => {
    const c = await guest(CLOUD_INIT);
    results.cloudInitBoot1 = { status: c.status, exit: c.exit, failedUnits: c.failed_units };
    expect(c).toMatchObject({ status: 'done', exit: '0', failed_units: '', instance_id: instanceId, agent_unit: 'active' });
  });

  test('after a clean power-off the token is nowhere on the root disk', async () => {
    const before = await guest(SEMAPHORES);
    fs.writeFileSync(path.join(work, 'sem-1'), before.output);
    await stop(1);
    const counts = await countOnDisk(path.join(work, 'root.qcow2'), tokenNeedles(0));
    results.diskAfterBoot1 = counts;
    expect(counts).toEqual({ token1: 0, token1_env_b64: 0 });
  });
});

describe('second boot: new build token, same instance-id (a Coder stop/start)', () => {
  test('the agent uses the new token and nothing else', async () => {
    vm = await boot(2);
    const { hello, token, provisioningLog, exit } = await agentAndReady(2, vm);
    expect(hello.user).toBe('coder');
    expect(token).toBe(tokens[1]);
    const used = new Set(endpoint!.events.filter((e) => e.boot === 2 && e.kind !== 'download').map((e) => e.token));
    expect([...used]).toEqual([tokens[1]]);
    expect(exit).toBe('0');
    expect(provisioningLog).toMatch(/^Provisioned on .*; nothing to do\.$/m);
  });

  test('once-per-instance steps did not run again, and cloud-init is done', async () => {
    const sem = await guest(SEMAPHORES);
    expect(sem.output).toBe(fs.readFileSync(path.join(work, 'sem-1'), 'utf8'));
    const c = await guest(CLOUD_INIT);
    results.cloudInitBoot2 = { status: c.status, exit: c.exit, failedUnits: c.failed_units };
    expect(c).toMatchObject({ status: 'done', exit: '0', failed_units: '', instance_id: instanceId });
    const t = await guest(TOKEN_FILE);
    expect(t.token_sha256).toBe(createHash('sha256').update(tokens[1]).digest('hex'));
  });

  test('after power-off neither the old nor the current token is on the root disk', async () => {
    await stop(2);
    const counts = await countOnDisk(path.join(work, 'root.qcow2'), { ...tokenNeedles(0), ...tokenNeedles(1) });
    results.diskAfterBoot2 = counts;
    expect(counts).toEqual({ token1: 0, token1_env_b64: 0, token2: 0, token2_env_b64: 0 });
  });
});

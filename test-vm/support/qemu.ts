// Boots the guest with qemu the way KubeVirt presents it: root disk, NoCloud seed, the Secret as a disk with a serial.
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { AGENT_DISK } from '../../cloud-init';
import { GuestImage } from './image';
import { run } from './run';

/** `kvm` only when a kernel demonstrably boots under it; this host's paravirtual KVM may not. */
export type Accelerator = 'kvm' | 'tcg';

/**
 * Boots the image's kernel (no root file system: it panics and, with -no-reboot, qemu exits)
 * under KVM for up to 15 s and looks for the kernel's banner on the serial console.
 */
export async function probeAccelerator(image: GuestImage, workDir: string): Promise<{ accel: Accelerator; detail: string }> {
  if (!fs.existsSync('/dev/kvm')) return { accel: 'tcg', detail: 'no /dev/kvm' };
  const log = path.join(workDir, 'kvm-probe.log');
  const started = Date.now();
  await run(
    'timeout',
    [
      '15',
      'qemu-system-x86_64',
      '-accel',
      'kvm',
      '-m',
      '512',
      '-display',
      'none',
      '-monitor',
      'none',
      '-no-reboot',
      '-serial',
      `file:${log}`,
      '-kernel',
      image.kernel,
      '-append',
      'console=ttyS0 panic=-1',
    ],
    { allowFailure: true },
  );
  const text = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  return text.includes('Linux version')
    ? { accel: 'kvm', detail: `a kernel printed its banner under KVM within ${seconds} s` }
    : { accel: 'tcg', detail: `/dev/kvm exists but a kernel printed nothing under it in ${seconds} s (paravirtual KVM); using TCG` };
}

/** The disks of one boot. */
export interface BootDisks {
  /** qcow2 overlay on the image: the workspace's persistent root disk. */
  readonly root: string;
  /** NoCloud seed ISO (volume id `cidata`). */
  readonly seed: string;
  /** The Secret's other keys as an ISO, attached with the agent disk's serial. */
  readonly secret?: string;
}

/** A running guest. */
export class Vm {
  public readonly startedAt = Date.now();
  /** The host's 1, 5 and 15 minute load averages at boot. */
  public readonly hostLoad = os.loadavg().map((l) => Math.round(l * 10) / 10);
  public exited: Promise<number | null>;
  private readonly child: ChildProcess;
  private readonly qmp: string;

  constructor(image: GuestImage, disks: BootDisks, accel: Accelerator, workDir: string, serialLog: string) {
    this.qmp = path.join(workDir, 'qmp.sock');
    fs.rmSync(this.qmp, { force: true });
    const drive = (id: string, file: string, format: string, extra = '') => [
      '-drive',
      `if=none,id=${id},file=${file},format=${format}${format === 'raw' ? ',readonly=on' : ''}`,
      '-device',
      `virtio-blk-pci,drive=${id}${extra}`,
    ];
    const args = [
      '-name',
      'cvmkit-vm-test',
      '-machine',
      'q35',
      ...(accel === 'kvm' ? ['-accel', 'kvm'] : ['-accel', 'tcg,thread=multi']),
      '-smp',
      '2',
      '-m',
      '2048',
      '-display',
      'none',
      '-monitor',
      'none',
      '-no-reboot',
      '-serial',
      `file:${serialLog}`,
      '-qmp',
      `unix:${this.qmp},server=on,wait=off`,
      '-pidfile',
      path.join(workDir, 'qemu.pid'),
      '-kernel',
      image.kernel,
      '-initrd',
      image.initrd,
      '-append',
      'root=/dev/vda rw console=ttyS0 net.ifnames=0',
      // Order matters: the root disk must be the first virtio disk (/dev/vda).
      ...drive('root', disks.root, 'qcow2'),
      ...drive('seed', disks.seed, 'raw'),
      ...(disks.secret ? drive('secret', disks.secret, 'raw', `,serial=${AGENT_DISK.serial}`) : []),
      '-netdev',
      'user,id=net0',
      '-device',
      'virtio-net-pci,netdev=net0,romfile=',
      '-device',
      'virtio-rng-pci',
      // KubeVirt always gives a VM the qemu guest agent's channel.
      '-device',
      'virtio-serial-pci',
      '-chardev',
      `socket,id=qga0,path=${path.join(workDir, 'qga.sock')},server=on,wait=off`,
      '-device',
      'virtserialport,chardev=qga0,name=org.qemu.guest_agent.0',
    ];
    this.child = spawn('qemu-system-x86_64', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    this.child.stderr?.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    this.exited = new Promise((resolve) =>
      this.child.on('exit', (code) => {
        if (code !== 0 && code !== null) process.stderr.write(`qemu exited ${code}: ${stderr.slice(-1000)}\n`);
        resolve(code);
      }),
    );
  }

  public get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** ACPI power button (what KubeVirt's graceful stop does); kills qemu if the guest is not off in time. */
  public async powerOff(timeoutMs: number): Promise<'acpi' | 'killed'> {
    if (!this.running) return 'acpi';
    await qmpCommand(this.qmp, 'system_powerdown').catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const off = await Promise.race([this.exited.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), timeoutMs)))]);
    clearTimeout(timer);
    if (off) return 'acpi';
    this.kill();
    await this.exited;
    return 'killed';
  }

  public kill(): void {
    if (this.running) this.child.kill('SIGKILL');
  }
}

/**
 * Removes the work folders (`cvmkit-vm-*` in `tmp`) of runs that were killed (their `owner.pid`
 * is no longer alive), after killing the qemu of their pid file if it still runs with that folder
 * on its command line. Folders of a run still going are left alone.
 */
export function sweepStaleRuns(tmp: string): string[] {
  const swept: string[] = [];
  for (const name of fs.readdirSync(tmp).filter((n) => n.startsWith('cvmkit-vm-'))) {
    const dir = path.join(tmp, name);
    const owner = Number(fs.existsSync(path.join(dir, 'owner.pid')) ? fs.readFileSync(path.join(dir, 'owner.pid'), 'utf8') : NaN);
    if (!Number.isInteger(owner) || fs.existsSync(`/proc/${owner}`)) continue;
    const pidFile = path.join(dir, 'qemu.pid');
    if (fs.existsSync(pidFile)) {
      const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
      const cmdline = fs.existsSync(`/proc/${pid}/cmdline`) ? fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8') : '';
      if (cmdline.includes(dir)) process.kill(pid, 'SIGKILL');
    }
    fs.rmSync(dir, { recursive: true, force: true });
    swept.push(dir);
  }
  return swept;
}

/** Sends one QMP command (after the capabilities handshake) and closes. */
function qmpCommand(socket: string, command: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const conn = net.connect(socket);
    let buffer = '';
    let step = 0;
    conn.setTimeout(10_000, () => conn.destroy(new Error('QMP timeout')));
    conn.on('error', reject);
    conn.on('data', (b) => {
      buffer += b.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const msg = JSON.parse(line) as Record<string, unknown>;
        if (step === 0 && 'QMP' in msg) {
          conn.write('{"execute":"qmp_capabilities"}\n');
          step = 1;
        } else if (step === 1 && 'return' in msg) {
          conn.write(`{"execute":"${command}"}\n`);
          step = 2;
        } else if (step === 2 && 'return' in msg) {
          conn.end();
          resolve();
        } else if ('error' in msg) reject(new Error(JSON.stringify(msg.error)));
      }
    });
  });
}

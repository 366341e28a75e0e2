// Builds (once, then from a cache outside the repository) a bootable Debian root image with cloud-init.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from './run';

/** A Debian release the test can boot. */
export interface GuestRelease {
  /** Key used in results, e.g. `debian-12`. */
  readonly key: string;
  readonly suite: string;
  /** Packages on top of the `apt` variant: what a Debian genericcloud image has that matters here. */
  readonly packages: readonly string[];
}

// Close to Debian's genericcloud images (cloud kernel, cloud-init, ifupdown), without Docker or
// the qemu guest agent: the template's provisioning has to install those itself.
const COMMON = [
  'systemd-sysv',
  'udev',
  'dbus',
  'linux-image-cloud-amd64',
  'initramfs-tools',
  'cloud-init',
  'openssh-server',
  'sudo',
  'curl',
  'ca-certificates',
  'ifupdown',
  'iproute2',
  'netbase',
  'procps',
  'e2fsprogs',
  'locales',
];

/** Releases this test knows; bookworm is the template's `debian-12`. */
export const RELEASES: Readonly<Record<string, GuestRelease>> = {
  'debian-12': { key: 'debian-12', suite: 'bookworm', packages: [...COMMON, 'isc-dhcp-client'] },
  'debian-13': { key: 'debian-13', suite: 'trixie', packages: [...COMMON, 'dhcpcd-base'] },
};

const MIRROR = 'http://deb.debian.org/debian';

/**
 * Steps run in the finished root file system (mmdebstrap customize hooks, `$1` is the root).
 * Part of the cache key: changing them rebuilds the image.
 */
const CUSTOMIZE = [
  // Direct kernel boot with the whole disk as the root file system (no partition table).
  `echo '/dev/vda / ext4 rw,errors=remount-ro 0 1' > "$1/etc/fstab"`,
  // cloud-init's locale module fails (status "error") when en_US.UTF-8 is not generated.
  `sed -i 's/^# *en_US.UTF-8 UTF-8/en_US.UTF-8 UTF-8/' "$1/etc/locale.gen" && chroot "$1" locale-gen >/dev/null`,
  // KubeVirt presents NoCloud; not probing cloud metadata services keeps the boot free of timeouts.
  `printf 'datasource_list: [NoCloud, None]\\n' > "$1/etc/cloud/cloud.cfg.d/90-datasource.cfg"`,
  // As Debian's cloud images do: the hostname resolves (sudo complains on every call otherwise).
  `printf 'manage_etc_hosts: true\\n' > "$1/etc/cloud/cloud.cfg.d/01_debian_cloud.cfg"`,
  `printf 'auto lo\\niface lo inet loopback\\nsource /etc/network/interfaces.d/*\\n' > "$1/etc/network/interfaces"`,
  // Every boot of every copy must look like a new machine to systemd.
  `: > "$1/etc/machine-id"`,
];

/** The files of a built image. */
export interface GuestImage {
  readonly release: GuestRelease;
  readonly dir: string;
  /** ext4 file system image of the whole root (raw, sparse), never written: boots use overlays. */
  readonly rootfs: string;
  readonly kernel: string;
  readonly initrd: string;
  /** Whether this run built it (false: taken from the cache). */
  readonly built: boolean;
  readonly buildSeconds: number;
}

/** Where images are cached: `$CVMKIT_VM_CACHE`, else `$XDG_CACHE_HOME/cvmkit/vm-images`, else `~/.cache/...`. */
export function cacheRoot(): string {
  if (process.env.CVMKIT_VM_CACHE) return process.env.CVMKIT_VM_CACHE;
  const base = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
  return path.join(base, 'cvmkit', 'vm-images');
}

function cacheKey(release: GuestRelease): string {
  const recipe = JSON.stringify({ suite: release.suite, mirror: MIRROR, packages: [...release.packages].sort(), customize: CUSTOMIZE, size: '4G' });
  return `${release.key}-${createHash('sha256').update(recipe).digest('hex').slice(0, 16)}`;
}

/** Returns the cached image for `release`, building it first when the cache has none for this recipe. */
export async function guestImage(release: GuestRelease, log: (line: string) => void): Promise<GuestImage> {
  const dir = path.join(cacheRoot(), cacheKey(release));
  const files = { rootfs: path.join(dir, 'rootfs.ext4'), kernel: path.join(dir, 'vmlinuz'), initrd: path.join(dir, 'initrd.img') };
  if (fs.existsSync(path.join(dir, 'complete'))) return { release, dir, ...files, built: false, buildSeconds: 0 };

  const started = Date.now();
  log(`building ${release.key} image in ${dir} (mmdebstrap ${release.suite})`);
  const staging = `${dir}.partial-${process.pid}`;
  const tree = path.join(staging, 'tree');
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  try {
    await run('mmdebstrap', [
      '--variant=apt',
      '--mode=root',
      '--quiet',
      `--include=${release.packages.join(',')}`,
      ...CUSTOMIZE.map((c) => `--customize-hook=${c}`),
      release.suite,
      tree,
      MIRROR,
    ]);
    const boot = fs.readdirSync(path.join(tree, 'boot'));
    const pick = (prefix: string) => {
      const name = boot
        .filter((f) => f.startsWith(prefix))
        .sort()
        .pop();
      if (name === undefined) throw new Error(`no /boot/${prefix}* in the ${release.key} image`);
      return path.join(tree, 'boot', name);
    };
    fs.copyFileSync(pick('vmlinuz-'), path.join(staging, 'vmlinuz'));
    fs.copyFileSync(pick('initrd.img-'), path.join(staging, 'initrd.img'));
    // mkfs.ext4 -d fills the file system from the tree: no loop device or mount needed.
    await run('mkfs.ext4', ['-q', '-F', '-L', 'root', '-d', tree, path.join(staging, 'rootfs.ext4'), '4G']);
    fs.rmSync(tree, { recursive: true, force: true });
    fs.writeFileSync(path.join(staging, 'complete'), `${JSON.stringify({ release, builtAt: new Date().toISOString() })}\n`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(staging, dir);
    // Images of an older recipe of this release are never used again.
    for (const old of fs.readdirSync(cacheRoot())) {
      if (old.startsWith(`${release.key}-`) && path.join(cacheRoot(), old) !== dir) fs.rmSync(path.join(cacheRoot(), old), { recursive: true, force: true });
    }
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  const buildSeconds = Math.round((Date.now() - started) / 1000);
  log(`built ${release.key} image in ${buildSeconds} s`);
  return { release, dir, ...files, built: true, buildSeconds };
}

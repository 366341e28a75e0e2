// The Linux cloud images a KubeVirt workspace can boot: data, not code.
import { pinnedImage } from './images';

/** How a distribution installs packages; picks the cloud-init template in `cloud-init/`. */
export type PackageFamily = 'apt' | 'dnf' | 'pacman';

/** One bootable distribution. */
export interface Distro {
  /** Stable key, stored as the workspace's parameter value. */
  readonly key: DistroKey;
  /** Name shown to the user. */
  readonly displayName: string;
  /** The pinned qcow2 (or raw) cloud image CDI imports: a dated URL from `images.json`, never a moving `latest`. */
  readonly imageUrl: string;
  /** Its checksum in CDI's `algorithm:hex` form (CDI verifies the download), when known. */
  readonly imageChecksum?: string;
  /** Package family. */
  readonly family: PackageFamily;
  /** Coder built-in icon. */
  readonly icon: string;
  /** Virtual size of the image in GiB, rounded up: the root disk must be larger (CDI refuses to shrink). */
  readonly imageVirtualSizeGi: number;
  /** Group whose members may sudo. */
  readonly sudoGroup: string;
  /** Packages that provide Docker Engine, installed when Docker is wanted. */
  readonly dockerPackages: readonly string[];
  /** cloud-init `yum_repos` entry adding Docker's repository, where the distro has no Docker package. */
  readonly dockerRepo?: { readonly name: string; readonly baseurl: string; readonly gpgkey: string };
  /**
   * The distribution's container disk (`docker://quay.io/containerdisks/<name>:<tag>`, maintained
   * by the KubeVirt community), which a golden image's `DataImportCron` polls for new digests.
   * Without one, the golden image is a one-time HTTP import of `imageUrl`.
   */
  readonly goldenRegistry?: string;
}

/** Keys of the distributions in {@link DISTROS}. */
export type DistroKey =
  | 'ubuntu-24.04'
  | 'ubuntu-26.04'
  | 'ubuntu-22.04'
  | 'debian-12'
  | 'debian-13'
  | 'fedora-44'
  | 'arch'
  | 'almalinux-9'
  | 'almalinux-10'
  | 'centos-stream-9'
  | 'centos-stream-10'
  | 'rocky-9'
  | 'rocky-10';

/** The pinned image of `key` (images.json, rewritten by `cvmkit images refresh`). */
function pinned(key: DistroKey): Pick<Distro, 'imageUrl' | 'imageChecksum'> {
  const image = pinnedImage(key);
  return image.checksum !== undefined ? { imageUrl: image.url, imageChecksum: image.checksum } : { imageUrl: image.url };
}

const DOCKER_EL9_REPO = {
  name: 'docker-ce-stable',
  baseurl: 'https://download.docker.com/linux/centos/9/$basearch/stable',
  gpgkey: 'https://download.docker.com/linux/centos/gpg',
};
const DOCKER_EL10_REPO = { ...DOCKER_EL9_REPO, baseurl: 'https://download.docker.com/linux/centos/10/$basearch/stable' };
const CONTAINER_DISKS = 'docker://quay.io/containerdisks';
const DOCKER_CE = ['docker-ce', 'docker-ce-cli', 'containerd.io', 'docker-buildx-plugin'];

/** Every distribution cvmkit knows, in the order they are offered. */
export const DISTROS: Readonly<Record<DistroKey, Distro>> = {
  'ubuntu-24.04': {
    key: 'ubuntu-24.04',
    ...pinned('ubuntu-24.04'),
    displayName: 'Ubuntu 24.04 LTS',
    family: 'apt',
    icon: '/icon/ubuntu.svg',
    imageVirtualSizeGi: 4,
    sudoGroup: 'sudo',
    dockerPackages: ['docker.io'],
    goldenRegistry: `${CONTAINER_DISKS}/ubuntu:24.04`,
  },
  'ubuntu-26.04': {
    key: 'ubuntu-26.04',
    ...pinned('ubuntu-26.04'),
    displayName: 'Ubuntu 26.04 LTS',
    family: 'apt',
    icon: '/icon/ubuntu.svg',
    imageVirtualSizeGi: 4,
    sudoGroup: 'sudo',
    dockerPackages: ['docker.io'],
  },
  'ubuntu-22.04': {
    key: 'ubuntu-22.04',
    ...pinned('ubuntu-22.04'),
    displayName: 'Ubuntu 22.04 LTS',
    family: 'apt',
    icon: '/icon/ubuntu.svg',
    imageVirtualSizeGi: 3,
    sudoGroup: 'sudo',
    dockerPackages: ['docker.io'],
    goldenRegistry: `${CONTAINER_DISKS}/ubuntu:22.04`,
  },
  'debian-12': {
    key: 'debian-12',
    ...pinned('debian-12'),
    displayName: 'Debian 12',
    family: 'apt',
    icon: '/icon/debian.svg',
    imageVirtualSizeGi: 3,
    sudoGroup: 'sudo',
    dockerPackages: ['docker.io'],
    goldenRegistry: `${CONTAINER_DISKS}/debian:12`,
  },
  'debian-13': {
    key: 'debian-13',
    ...pinned('debian-13'),
    displayName: 'Debian 13',
    family: 'apt',
    icon: '/icon/debian.svg',
    imageVirtualSizeGi: 3,
    sudoGroup: 'sudo',
    dockerPackages: ['docker.io'],
    goldenRegistry: `${CONTAINER_DISKS}/debian:13`,
  },
  'fedora-44': {
    key: 'fedora-44',
    ...pinned('fedora-44'),
    displayName: 'Fedora 44',
    family: 'dnf',
    icon: '/icon/fedora.svg',
    imageVirtualSizeGi: 5,
    sudoGroup: 'wheel',
    dockerPackages: ['moby-engine'],
    goldenRegistry: `${CONTAINER_DISKS}/fedora:44`,
  },
  arch: {
    key: 'arch',
    ...pinned('arch'),
    displayName: 'Arch Linux',
    family: 'pacman',
    icon: '/icon/archlinux.svg',
    imageVirtualSizeGi: 2,
    sudoGroup: 'wheel',
    dockerPackages: ['docker'],
  },
  'almalinux-9': {
    key: 'almalinux-9',
    ...pinned('almalinux-9'),
    displayName: 'AlmaLinux 9',
    family: 'dnf',
    icon: '/icon/almalinux.svg',
    imageVirtualSizeGi: 10,
    sudoGroup: 'wheel',
    dockerPackages: DOCKER_CE,
    dockerRepo: DOCKER_EL9_REPO,
    goldenRegistry: `${CONTAINER_DISKS}/almalinux:9`,
  },
  'almalinux-10': {
    key: 'almalinux-10',
    ...pinned('almalinux-10'),
    displayName: 'AlmaLinux 10',
    family: 'dnf',
    icon: '/icon/almalinux.svg',
    imageVirtualSizeGi: 10,
    sudoGroup: 'wheel',
    dockerPackages: DOCKER_CE,
    dockerRepo: DOCKER_EL10_REPO,
    goldenRegistry: `${CONTAINER_DISKS}/almalinux:10`,
  },
  'centos-stream-9': {
    key: 'centos-stream-9',
    ...pinned('centos-stream-9'),
    displayName: 'CentOS Stream 9',
    family: 'dnf',
    icon: '/icon/centos.svg',
    imageVirtualSizeGi: 10,
    sudoGroup: 'wheel',
    dockerPackages: DOCKER_CE,
    dockerRepo: DOCKER_EL9_REPO,
    goldenRegistry: `${CONTAINER_DISKS}/centos-stream:9`,
  },
  'centos-stream-10': {
    key: 'centos-stream-10',
    ...pinned('centos-stream-10'),
    displayName: 'CentOS Stream 10',
    family: 'dnf',
    icon: '/icon/centos.svg',
    imageVirtualSizeGi: 10,
    sudoGroup: 'wheel',
    dockerPackages: DOCKER_CE,
    dockerRepo: DOCKER_EL10_REPO,
    goldenRegistry: `${CONTAINER_DISKS}/centos-stream:10`,
  },
  'rocky-9': {
    key: 'rocky-9',
    ...pinned('rocky-9'),
    displayName: 'Rocky Linux 9',
    family: 'dnf',
    icon: '/icon/rockylinux.svg',
    imageVirtualSizeGi: 10,
    sudoGroup: 'wheel',
    dockerPackages: DOCKER_CE,
    dockerRepo: DOCKER_EL9_REPO,
  },
  'rocky-10': {
    key: 'rocky-10',
    ...pinned('rocky-10'),
    displayName: 'Rocky Linux 10',
    family: 'dnf',
    icon: '/icon/rockylinux.svg',
    imageVirtualSizeGi: 10,
    sudoGroup: 'wheel',
    dockerPackages: DOCKER_CE,
    dockerRepo: DOCKER_EL10_REPO,
  },
};

/** All distribution keys, in catalog order. */
export const DISTRO_KEYS = Object.keys(DISTROS) as DistroKey[];

/** True when `key` names a known distribution. */
export function isDistroKey(key: string): key is DistroKey {
  return Object.prototype.hasOwnProperty.call(DISTROS, key);
}

/** The pinned checksums of `keys` that have one (for `imageChecksums`, next to `imageUrls` mirrored from `DISTROS`). */
export function pinnedChecksums(keys: readonly DistroKey[]): Partial<Record<DistroKey, string>> {
  return Object.fromEntries(keys.flatMap((k) => (DISTROS[k].imageChecksum !== undefined ? [[k, DISTROS[k].imageChecksum]] : [])));
}

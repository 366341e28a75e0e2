// The Linux cloud images a KubeVirt workspace can boot: data, not code.

/** How a distribution installs packages; picks the cloud-init template in `cloud-init/`. */
export type PackageFamily = 'apt' | 'dnf' | 'pacman';

/** One bootable distribution. */
export interface Distro {
  /** Stable key, stored as the workspace's parameter value. */
  readonly key: DistroKey;
  /** Name shown to the user. */
  readonly displayName: string;
  /** qcow2 (or raw) cloud image imported by CDI. */
  readonly imageUrl: string;
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
}

/** Keys of the distributions in {@link DISTROS}. */
export type DistroKey =
  | 'ubuntu-24.04'
  | 'ubuntu-22.04'
  | 'debian-12'
  | 'fedora-44'
  | 'arch'
  | 'almalinux-9'
  | 'centos-stream-9'
  | 'rocky-9';

const DOCKER_EL9_REPO = {
  name: 'docker-ce-stable',
  baseurl: 'https://download.docker.com/linux/centos/9/$basearch/stable',
  gpgkey: 'https://download.docker.com/linux/centos/gpg',
};
const DOCKER_CE = ['docker-ce', 'docker-ce-cli', 'containerd.io', 'docker-buildx-plugin'];

/** Every distribution cvmkit knows, in the order they are offered. */
export const DISTROS: Readonly<Record<DistroKey, Distro>> = {
  'ubuntu-24.04': {
    key: 'ubuntu-24.04',
    displayName: 'Ubuntu 24.04 LTS',
    imageUrl: 'https://cloud-images.ubuntu.com/noble/current/noble-server-cloudimg-amd64.img',
    family: 'apt',
    icon: '/icon/ubuntu.svg',
    imageVirtualSizeGi: 4,
    sudoGroup: 'sudo',
    dockerPackages: ['docker.io'],
  },
  'ubuntu-22.04': {
    key: 'ubuntu-22.04',
    displayName: 'Ubuntu 22.04 LTS',
    imageUrl: 'https://cloud-images.ubuntu.com/jammy/current/jammy-server-cloudimg-amd64.img',
    family: 'apt',
    icon: '/icon/ubuntu.svg',
    imageVirtualSizeGi: 3,
    sudoGroup: 'sudo',
    dockerPackages: ['docker.io'],
  },
  'debian-12': {
    key: 'debian-12',
    displayName: 'Debian 12',
    imageUrl: 'https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-genericcloud-amd64.qcow2',
    family: 'apt',
    icon: '/icon/debian.svg',
    imageVirtualSizeGi: 3,
    sudoGroup: 'sudo',
    dockerPackages: ['docker.io'],
  },
  'fedora-44': {
    key: 'fedora-44',
    displayName: 'Fedora 44',
    imageUrl:
      'https://download.fedoraproject.org/pub/fedora/linux/releases/44/Cloud/x86_64/images/Fedora-Cloud-Base-Generic-44-1.7.x86_64.qcow2',
    family: 'dnf',
    icon: '/icon/fedora.svg',
    imageVirtualSizeGi: 5,
    sudoGroup: 'wheel',
    dockerPackages: ['moby-engine'],
  },
  arch: {
    key: 'arch',
    displayName: 'Arch Linux',
    imageUrl: 'https://geo.mirror.pkgbuild.com/images/latest/Arch-Linux-x86_64-cloudimg.qcow2',
    family: 'pacman',
    icon: '/icon/archlinux.svg',
    imageVirtualSizeGi: 2,
    sudoGroup: 'wheel',
    dockerPackages: ['docker'],
  },
  'almalinux-9': {
    key: 'almalinux-9',
    displayName: 'AlmaLinux 9',
    imageUrl: 'https://repo.almalinux.org/almalinux/9/cloud/x86_64/images/AlmaLinux-9-GenericCloud-latest.x86_64.qcow2',
    family: 'dnf',
    icon: '/icon/almalinux.svg',
    imageVirtualSizeGi: 10,
    sudoGroup: 'wheel',
    dockerPackages: DOCKER_CE,
    dockerRepo: DOCKER_EL9_REPO,
  },
  'centos-stream-9': {
    key: 'centos-stream-9',
    displayName: 'CentOS Stream 9',
    imageUrl: 'https://cloud.centos.org/centos/9-stream/x86_64/images/CentOS-Stream-GenericCloud-9-latest.x86_64.qcow2',
    family: 'dnf',
    icon: '/icon/centos.svg',
    imageVirtualSizeGi: 10,
    sudoGroup: 'wheel',
    dockerPackages: DOCKER_CE,
    dockerRepo: DOCKER_EL9_REPO,
  },
  'rocky-9': {
    key: 'rocky-9',
    displayName: 'Rocky Linux 9',
    imageUrl: 'https://download.rockylinux.org/pub/rocky/9/images/x86_64/Rocky-9-GenericCloud.latest.x86_64.qcow2',
    family: 'dnf',
    icon: '/icon/rockylinux.svg',
    imageVirtualSizeGi: 10,
    sudoGroup: 'wheel',
    dockerPackages: DOCKER_CE,
    dockerRepo: DOCKER_EL9_REPO,
  },
};

/** All distribution keys, in catalog order. */
export const DISTRO_KEYS = Object.keys(DISTROS) as DistroKey[];

/** True when `key` names a known distribution. */
export function isDistroKey(key: string): key is DistroKey {
  return Object.prototype.hasOwnProperty.call(DISTROS, key);
}

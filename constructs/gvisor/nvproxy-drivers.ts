// NVIDIA driver versions gVisor's nvproxy supports, as data: a node with another driver cannot run GPU pods under runsc.

/** gVisor release these lists come from (the one the Gardener gVisor extension v0.44 bundles). */
export const GVISOR_RELEASE = 'release-20260810.0';

/** Driver versions with an x86_64 ABI in nvproxy (`addDriverABI` in pkg/sentry/devices/nvproxy/version.go). */
export const NVPROXY_SUPPORTED_DRIVERS: readonly string[] = [
  '535.129.03',
  '535.183.06',
  '535.247.01',
  '535.261.03',
  '535.274.02',
  '535.288.01',
  '535.309.01',
  '550.90.12',
  '570.124.06',
  '570.133.20',
  '570.172.08',
  '570.195.03',
  '580.65.06',
  '580.105.08',
  '580.126.09',
  '580.126.20',
  '580.159.03',
  '580.159.04',
  '580.173.02',
  '590.48.01',
];

/** Driver versions listed for arm64 only (no x86_64 checksum in that release). */
export const NVPROXY_ARM64_ONLY_DRIVERS: readonly string[] = ['615.15.00', '620.6.0'];

/** Whether nvproxy supports `version` on `arch`. */
export function nvproxySupports(version: string, arch: 'amd64' | 'arm64' = 'amd64'): boolean {
  return NVPROXY_SUPPORTED_DRIVERS.includes(version) || (arch === 'arm64' && NVPROXY_ARM64_ONLY_DRIVERS.includes(version));
}

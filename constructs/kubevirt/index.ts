// Public surface of the KubeVirt backend.
export * from './distros';
export * from './manifests';
export * from './props';
export { KubevirtWorkspace, VM_PREFERENCE } from './workspace';
export * from './provisioning';
export * from './golden-images';
export * from './instancetypes';
export type { DataDiskProps } from './data-disks';
export * from './desktops';
export * from './graphical-console';
export type { SharedDiskMountProps } from './shared-disks';
export { PINNED_IMAGES, isCdiChecksum } from './images';
export type { ChecksumAlgorithm, ImageSource, PinnedImage } from './images';
export { KubevirtWindowsWorkspace } from './windows-workspace';
export * from './windows-props';
export type { WindowsGuest } from './windows-guest';

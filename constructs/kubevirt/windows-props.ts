// Props of KubevirtWindowsWorkspace: the golden image the platform team provides, sizes, the guest's firmware and RDP.
import type { WorkspaceAgentProps } from '../modules/workspace-agent';
import { Range } from '../core/range';
import { Size } from '../core/size';
import { KubevirtVmProps } from './props';

/**
 * The golden image a Windows root disk is cloned from: a CDI `DataSource` the platform team
 * provides (Windows images cannot be downloaded by cvmkit: licensing). See the README for what the
 * image must contain (sysprep'd, virtio-win drivers, Cloudbase-Init reading the ConfigDrive).
 */
export interface WindowsImage {
  /** Namespace of the DataSource (the provisioner needs `create` on `datavolumes/source` there). */
  readonly namespace: string;
  /** Name of the DataSource, e.g. `windows-server-2022`. */
  readonly name: string;
  /**
   * Size of the golden disk: CDI refuses a clone smaller than its source, so the smallest root
   * disk a user may choose must be at least this.
   * @default "64Gi"
   */
  readonly diskSize?: Size | string;
}

/** Web RDP (Devolutions Gateway) from `registry.coder.com/coder/windows-rdp/coder`. */
export interface WindowsRdpModuleProps {
  /**
   * Who may open the Web RDP app.
   * @default "owner"
   */
  readonly share?: 'owner' | 'authenticated' | 'public';
  /**
   * Devolutions Gateway release the module installs, e.g. `2025.3.2`.
   * @default "latest" (the module's own default)
   */
  readonly devolutionsGatewayVersion?: string;
}

/** Registry modules a Windows workspace opts into (the Linux ones run shell scripts and do not apply). */
export interface WindowsModulesProps {
  /**
   * Web RDP in the browser through Devolutions Gateway (the module downloads it at every start;
   * its app needs Coder's wildcard access URL).
   * @default false: RDP through `coder port-forward <workspace> --tcp 3389:3389`
   */
  readonly windowsRdp?: boolean | WindowsRdpModuleProps;
}

/** Props of {@link KubevirtWindowsWorkspace}. */
export interface KubevirtWindowsWorkspaceProps
  extends KubevirtVmProps, Pick<WorkspaceAgentProps, 'agentConnectionTimeout' | 'troubleshootingUrl' | 'gitIdentity'> {
  /** The golden image every root disk is cloned from. */
  readonly windowsImage: WindowsImage;
  /**
   * vCPU cores: default and the bounds the user may choose within.
   * @default { default: 4, min: 2, max: 16 }
   */
  readonly cpu?: Range<number>;
  /**
   * Guest memory, in whole Gi.
   * @default { default: "8Gi", min: "4Gi", max: "64Gi" }
   */
  readonly memory?: Range<Size | string>;
  /**
   * Root disk size, in whole Gi; the minimum must be at least `windowsImage.diskSize`.
   * @default { default: "80Gi", min: "64Gi", max: "512Gi" }
   */
  readonly rootDiskSize?: Range<Size | string>;
  /**
   * Local Windows user created in the guest (Administrators, Remote Desktop Users) with a
   * password generated once per workspace and shown (sensitive) on the workspace page.
   * @default "coder"
   */
  readonly username?: string;
  /**
   * UEFI Secure Boot (SMM is enabled with it, as KubeVirt requires).
   * @default true
   */
  readonly secureBoot?: boolean;
  /**
   * An emulated TPM 2.0 (Windows 11 requires one). Not persistent: the VM object is recreated on
   * every start, so keys sealed to it (BitLocker, Windows Hello) do not survive a restart.
   * @default true
   */
  readonly tpm?: boolean;
  /**
   * Time zone of the guest's real-time clock (`clock.timezone`, e.g. `Europe/Berlin`): Windows
   * reads the RTC as local time unless told otherwise.
   * @default UTC (`clock.utc`; the golden image sets `RealTimeIsUniversal` or syncs with NTP)
   */
  readonly timezone?: string;
  /**
   * Registry modules.
   * @default none
   */
  readonly modules?: WindowsModulesProps;
}

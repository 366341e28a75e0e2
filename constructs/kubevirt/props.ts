// Props of KubevirtWorkspace: what a platform team decides for every VM workspace of a template.
import type { WorkspaceAgentProps } from '../modules/workspace-agent';
import { Range } from '../core/range';
import { Toleration } from '../core/scheduling';
import { Size } from '../core/size';
import { DistroKey } from './distros';

/** A VM size the platform offers as a cluster instance type (`VirtualMachineClusterInstancetype`). */
export interface VmInstancetype {
  /** Object name, e.g. `cx1.medium`; the parameter's value. */
  readonly name: string;
  /** vCPUs of the guest. */
  readonly cpu: number;
  /** Guest memory, e.g. `8Gi`. */
  readonly memory: Size | string;
}

/** A GPU or host device passed through to the VM (`domain.devices.gpus` / `hostDevices`). */
export interface VmDevice {
  /** Device name inside the VM spec (a DNS-1123 label), e.g. `gpu1`. */
  readonly name: string;
  /** The resource name KubeVirt's `permittedHostDevices` exposes, e.g. `nvidia.com/GA102GL_A10`. */
  readonly deviceName: string;
}

/**
 * What every KubeVirt VM workspace of a template shares, Linux or Windows: its sizes, where its root
 * disk lives, where it is scheduled and what its objects carry.
 */
export interface KubevirtVmProps {
  /**
   * vCPU cores: default and the bounds the user may choose within.
   * @default { default: 2, min: 1, max: 8 }
   */
  readonly cpu?: Range<number>;
  /**
   * CPU the scheduler reserves for the VM; its cores are its limit. An idle development VM uses
   * far less than it may (KubeVirt's own default reserves a tenth of a core per vCPU).
   * @default "500m"
   */
  readonly cpuRequest?: string;
  /**
   * Guest memory, in whole Gi (requested as it is: a guest's memory is not overcommitted).
   * @default { default: "4Gi", min: "2Gi", max: "32Gi" }
   */
  readonly memory?: Range<Size | string>;
  /**
   * Root disk size, in whole Gi. The minimum must exceed every offered image's virtual size.
   * @default { default: "16Gi", min: "16Gi", max: "256Gi" }
   */
  readonly rootDiskSize?: Range<Size | string>;
  /**
   * StorageClass of the root disk.
   * @default CDI's choice: the default virtualization StorageClass, else the cluster default
   */
  readonly storageClassName?: string;
  /**
   * Access modes of the root disk, e.g. `["ReadWriteMany"]` for live migration.
   * @default from the StorageClass's CDI StorageProfile
   */
  readonly accessModes?: readonly ('ReadWriteOnce' | 'ReadWriteMany' | 'ReadOnlyMany' | 'ReadWriteOncePod')[];
  /**
   * Volume mode of the root disk.
   * @default from the StorageClass's CDI StorageProfile
   */
  readonly volumeMode?: 'Filesystem' | 'Block';
  /**
   * Node labels the VM must be scheduled on, e.g. nodes with `/dev/kvm`.
   * @default any node
   */
  readonly nodeSelector?: Record<string, string>;
  /**
   * Taints the VM tolerates.
   * @default none
   */
  readonly tolerations?: readonly Toleration[];
  /**
   * Extra labels on every object of the workspace.
   * @default none (the workspace labels are always set)
   */
  readonly labels?: Record<string, string>;
  /**
   * Extra annotations on every object of the workspace.
   * @default none
   */
  readonly annotations?: Record<string, string>;
  /**
   * Seconds the guest gets to shut down cleanly when the workspace stops.
   * @default 60
   */
  readonly terminationGracePeriodSeconds?: number;
  /**
   * Whether the workspace gets its own NetworkPolicy letting its owner's other workspaces connect
   * (the platform stack's namespaces deny all other ingress).
   * @default true
   */
  readonly networkPolicy?: boolean;
}

/** Props of {@link KubevirtWorkspace}; the agent's (code-server, modules, timeout, Git identity) are shared with the container backends. */
export interface KubevirtWorkspaceProps extends KubevirtVmProps, WorkspaceAgentProps {
  /**
   * Distributions the workspace user may choose from, in the order shown.
   * @default all of `DISTROS`: Ubuntu 24.04, 26.04 and 22.04, Debian 12 and 13, Fedora 44, Arch, AlmaLinux 9 and 10, CentOS Stream 9 and 10, Rocky 9 and 10
   */
  readonly distros?: readonly DistroKey[];
  /**
   * Distribution preselected in the form.
   * @default the first of `distros`
   */
  readonly defaultDistro?: DistroKey;
  /**
   * Image URL per distribution, e.g. an internal mirror.
   * @default the distribution's upstream cloud image (see `DISTROS`)
   */
  readonly imageUrls?: Partial<Record<DistroKey, string>>;
  /**
   * Checksum per distribution in CDI's `algorithm:hex` form (`sha256:<hex>`, `sha512:<hex>`; md5
   * and sha1 too), rendered as the HTTP import's `checksum`: CDI verifies the download against it
   * and fails the import on a mismatch. Give it with `imageUrls` that are byte-for-byte mirrors of
   * the pinned images (`pinnedChecksums(distros)`), or your own images' checksums.
   * @default the pinned image's checksum (`DISTROS[d].imageChecksum`) for each distribution whose URL `imageUrls` does not override; none (unverified) for the overridden ones
   */
  readonly imageChecksums?: Partial<Record<DistroKey, string>>;
  /**
   * Where a new workspace's root disk comes from: `http` imports the distribution's cloud image
   * from `imageUrls` (a download of hundreds of MB per workspace); `golden` clones the
   * distribution's golden image (a `DataSource` named after the distribution key in
   * `goldenImageNamespace`, made by the `golden-images` platform stack): a copy inside the cluster,
   * nothing downloaded. Existing disks keep their source (the DataVolume spec is fixed at creation).
   * @default "http"
   */
  readonly imageSource?: 'http' | 'golden';
  /**
   * Namespace of the golden images (with `imageSource: golden`).
   * @default "cvmkit-golden-images"
   */
  readonly goldenImageNamespace?: string;
  /**
   * VM sizes as cluster instance types: the user picks one (a mutable `instancetype` parameter)
   * instead of raw `cpu` and `memory`; the `vm-instancetypes` platform stack creates them and the
   * `cvmkit-linux` preference. `cpu`, `memory` and `cpuRequest` are then unused.
   * @default none: `cpu` and `memory` parameters
   */
  readonly instancetypes?: readonly VmInstancetype[];
  /**
   * The preselected instance type.
   * @default the first of `instancetypes`
   */
  readonly defaultInstancetype?: string;
  /**
   * GPUs passed through to every VM of the template (vGPU or whole devices).
   * @default none
   */
  readonly gpus?: readonly VmDevice[];
  /**
   * Other PCI or mediated host devices passed through to every VM.
   * @default none
   */
  readonly hostDevices?: readonly VmDevice[];
  /**
   * The device resource names the cluster permits (KubeVirt's `permittedHostDevices`, declared in
   * the settings' `devices`): every `gpus`/`hostDevices` entry must name one of them.
   * @default none, so no device may be asked for
   */
  readonly permittedDevices?: readonly string[];
  /**
   * Exposes the host CPU (`cpu.model: host-passthrough`) so the guest can run its own VMs (kind
   * with KubeVirt, minikube's kvm2 driver, Firecracker). The nodes must have nested virtualisation
   * enabled, and live migration then needs identical CPUs.
   * @default false
   */
  readonly nestedVirtualization?: boolean;
  /**
   * Linux user created in the VM (no password; sudo without password; Coder provides SSH).
   * @default "coder"
   */
  readonly username?: string;
  /**
   * Whether the Provisioning script installs and enables Docker Engine (the user is in the `docker` group from the start).
   * @default true
   */
  readonly docker?: boolean;
  /**
   * Extra packages the Provisioning script installs once per root disk (names valid on every offered distribution).
   * @default none
   */
  readonly packages?: readonly string[];
  /**
   * A graphical console: `vnc` runs an Xfce desktop on a VNC display inside the guest (TigerVNC's
   * Xvnc and noVNC on 127.0.0.1, systemd units as the workspace user) and adds a "Desktop (VNC)"
   * app that opens it in the browser through the Coder agent. Ubuntu, Debian, Fedora and Arch only.
   * The serial console (`virtctl console`) is always there.
   * @default "none"
   */
  readonly console?: 'none' | 'vnc';
}

// Props of PodWorkspace: the container workspace shared by the Sysbox, Envbox, gVisor and Kata backends.
import type { WorkspaceAgentProps } from '../modules/workspace-agent';
import { Range } from './range';
import { Toleration } from './scheduling';
import { Size } from './size';

/** Props of {@link PodWorkspace}; the agent's (code-server, modules, timeout, Git identity) are shared with KubeVirt. */
export interface PodWorkspaceProps extends WorkspaceAgentProps {
  /**
   * Container image of the workspace.
   * @default "codercom/enterprise-base:ubuntu"
   */
  readonly image?: string;
  /**
   * When the kubelet pulls the image.
   * @default "IfNotPresent"
   */
  readonly imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  /**
   * Name of a `kubernetes.io/dockerconfigjson` Secret in the namespace used to pull the image.
   * @default none
   */
  readonly imagePullSecret?: string;
  /**
   * RuntimeClass of the pod (`sysbox-runc`, `gvisor`, `kata-qemu`…).
   * @default the cluster's default runtime
   */
  readonly runtimeClassName?: string;
  /**
   * CPU cores the workspace is limited to: default and the bounds the user may choose within.
   * @default { default: 2, min: 1, max: 8 }
   */
  readonly cpu?: Range<number>;
  /**
   * Memory the workspace is limited to, in whole Gi.
   * @default { default: "4Gi", min: "1Gi", max: "32Gi" }
   */
  readonly memory?: Range<Size | string>;
  /**
   * What the scheduler reserves for the workspace (its requests), apart from its limits: an idle
   * workspace uses far less than it may. Must not exceed the smallest limits a user may choose.
   * @default { cpu: "250m", memory: "512Mi" } (as Coder's registry templates)
   */
  readonly requests?: { readonly cpu?: string; readonly memory?: string };
  /**
   * Size of the persistent home volume, in whole Gi. The user may grow it later (an in-place
   * expansion: the StorageClass must allow volume expansion), never shrink it.
   * @default { default: "10Gi", min: "1Gi", max: "100Gi" }
   */
  readonly homeDiskSize?: Range<Size | string>;
  /**
   * StorageClass of the persistent volumes.
   * @default the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * Node labels the pod must be scheduled on (added to the RuntimeClass's own selector).
   * @default any node
   */
  readonly nodeSelector?: Record<string, string>;
  /**
   * Taints the pod tolerates.
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
   * The Linux user in the image that the agent runs as, with UID 1000.
   * @default "coder"
   */
  readonly username?: string;
  /**
   * Seconds the workspace gets to shut down cleanly when it stops.
   * @default 30
   */
  readonly terminationGracePeriodSeconds?: number;
  /**
   * For a workspace that runs as the user (not root): whether the pod meets the `restricted` Pod
   * Security level (no privilege escalation, so no sudo; all capabilities dropped; the runtime's
   * seccomp profile) or only `baseline` (sudo works).
   * @default true
   */
  readonly restricted?: boolean;
  /**
   * Whether the workspace gets its own NetworkPolicy letting its owner's other workspaces connect
   * (the platform stack's namespaces deny all other ingress).
   * @default true
   */
  readonly networkPolicy?: boolean;
}

/** How the backend starts the workspace container; set by the backend construct, not the user. */
export interface PodWorkspaceContainer {
  /** Container command. The agent's token is in `CODER_AGENT_TOKEN` and its init script in `initScriptEnv`. */
  readonly command: string[];
  /**
   * Whether the container runs as root (systemd as PID 1, Envbox); otherwise UID 1000.
   * @default false
   */
  readonly runAsRoot?: boolean;
  /**
   * `false` runs the pod in its own user namespace (`hostUsers: false`, what Sysbox needs on
   * containerd 2.0.5+). The Deployment is then written as a `kubernetes_manifest`: the typed
   * resource of hashicorp/kubernetes 2.38 has no `host_users`.
   * @default the node's user namespace (the field is not set)
   */
  readonly hostUsers?: false;
  /**
   * Command run in the container before it is stopped (e.g. the signal that shuts systemd down).
   * @default none: the runtime sends SIGTERM
   */
  readonly preStop?: string[];
  /**
   * Whether the container is privileged (Envbox's outer container, or Kata guests only).
   * @default false
   */
  readonly privileged?: boolean;
  /**
   * Extended resources the container requests and is limited to, e.g. `{ "nvidia.com/gpu": "1" }`.
   * @default none
   */
  readonly extendedResources?: Record<string, string>;
  /**
   * Annotations on the pod only (runtime settings such as CRI-O's user-namespace mode).
   * @default none
   */
  readonly podAnnotations?: Record<string, string>;
  /**
   * Environment variable that carries the agent's init script into the container.
   * @default "CODER_INIT_SCRIPT"
   */
  readonly initScriptEnv?: string;
  /**
   * Path the persistent home volume is mounted at.
   * @default `/home/<username>`
   */
  readonly homeMountPath?: string;
  /**
   * Sub-path of the home volume mounted there (Envbox shares one volume through sub-paths).
   * @default the volume's root
   */
  readonly homeSubPath?: string;
  /**
   * Seconds the agent may take to connect after a build on this backend's first start.
   * @default 300
   */
  readonly agentConnectionTimeout?: number;
}

/** Where a mounted volume's content comes from. */
export type VolumeSource =
  | { readonly persistentVolumeClaim: string }
  | { readonly emptyDir: { readonly medium?: 'Memory'; readonly sizeLimit?: string } }
  | { readonly hostPath: { readonly path: string; readonly type?: '' | 'Directory' | 'DirectoryOrCreate' | 'File' | 'Socket' | 'CharDevice' } };

/** A volume mounted into the workspace container. */
export interface WorkspaceVolume {
  /** Volume name in the pod (a DNS label, unique in the pod). */
  readonly name: string;
  /** Where it is mounted in the container. */
  readonly mountPath: string;
  /** Its content. */
  readonly source: VolumeSource;
  /**
   * Whether the mount is read-only.
   * @default false
   */
  readonly readOnly?: boolean;
  /**
   * Sub-path of the volume to mount.
   * @default the volume's root
   */
  readonly subPath?: string;
}

/** The value of an environment variable of the workspace container. */
export type EnvValue =
  | string
  | { readonly resourceFieldRef: 'limits.cpu' | 'limits.memory' | 'requests.cpu' | 'requests.memory' }
  | { readonly secretKeyRef: { readonly name: string; readonly key: string } };

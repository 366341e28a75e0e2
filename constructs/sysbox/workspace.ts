// A Sysbox container-VM: a pod on the sysbox-runc runtime that boots systemd and runs Docker inside.
import { PersistentVolumeClaimV1 } from '@cdktf/provider-kubernetes/lib/persistent-volume-claim-v1';
import { Construct } from '../core/cdktf';
import { checkContainerVmRules, ClusterProfile, GpuRequest } from '../core/cluster';
import { check } from '../core/errors';
import { checkLiterals } from '../core/literals';
import { namedLocal } from '../core/locals';
import { PodWorkspace, PodWorkspaceProps } from '../core/pod-workspace';
import { Size } from '../core/size';
import { bootScript, SYSTEMD_STOP_COMMAND } from './boot';

/** CRI-O's per-pod user-namespace annotation that Sysbox needs where Kubernetes has no `hostUsers`. */
export const CRIO_USERNS_ANNOTATION = { 'io.kubernetes.cri-o.userns-mode': 'auto:size=65536' } as const;

/** Props of {@link SysboxWorkspace}. */
export interface SysboxWorkspaceProps extends PodWorkspaceProps {
  /**
   * RuntimeClass installed by the Sysbox installer.
   * @default "sysbox-runc"
   */
  readonly runtimeClassName?: string;
  /**
   * Whether the image boots systemd: `/sbin/init` links to systemd (see `constructs/sysbox/image`).
   * The agent then runs as the `coder-agent` systemd unit and Docker as `docker.service`. When the
   * image has no `/sbin/init` at run time, the workspace falls back to running the agent directly.
   * @default true
   */
  readonly bootsSystemd?: boolean;
  /**
   * Whether Docker runs in the workspace; its data (`/var/lib/docker`) gets its own persistent volume.
   * @default true
   */
  readonly docker?: boolean;
  /**
   * Size of the persistent Docker data volume.
   * @default "20Gi"
   */
  readonly dockerDiskSize?: Size | string;
  /**
   * How the pod gets its user namespace, which Sysbox requires: `annotation` is CRI-O's
   * `io.kubernetes.cri-o.userns-mode` (nodes where the Sysbox installer put CRI-O); `hostUsers`
   * sets `hostUsers: false` (Kubernetes 1.30+ with containerd 2.0.5+, where CRI-O's annotation is
   * ignored), which makes the Deployment a `kubernetes_manifest`.
   * @default "annotation"
   */
  readonly userNamespaces?: 'annotation' | 'hostUsers';
  /**
   * GPUs for the workspace. NVIDIA only, and only when `cluster.bareMetal` is declared.
   * @default none
   */
  readonly gpu?: GpuRequest;
  /**
   * What the cluster is; the container-VM rules are checked against it.
   * @default not bare metal, no NFS classes declared, no Istio
   */
  readonly cluster?: ClusterProfile;
}

/**
 * A container-based VM on Sysbox. The pod runs on the `sysbox-runc` RuntimeClass (whose own
 * node selector places it on nodes where the Sysbox installer runs) in a user namespace (CRI-O's
 * `userns-mode` annotation, or `hostUsers: false` on containerd: {@link SysboxWorkspaceProps.userNamespaces}). It runs as
 * root inside its user namespace so that systemd can be PID 1; the agent then runs as the user.
 * Home and Docker data live in PersistentVolumeClaims that survive stop/start.
 */
export class SysboxWorkspace extends Construct {
  /** The pod and its volumes. */
  public readonly workspace: PodWorkspace;
  /** The Docker data volume's claim, when Docker is enabled. */
  public readonly dockerData?: PersistentVolumeClaimV1;

  constructor(scope: Construct, id: string, props: SysboxWorkspaceProps = {}) {
    super(scope, id);
    checkLiterals(this, props);
    const gpuLimits = checkContainerVmRules(this, props);
    const docker = props.docker ?? true;
    const userNamespaces = props.userNamespaces ?? 'annotation';
    check(userNamespaces === 'annotation' || userNamespaces === 'hostUsers', this, 'userNamespaces', `"${userNamespaces}" is not annotation or hostUsers`);
    const hostUsers = userNamespaces === 'hostUsers';
    const dockerSize = typeof props.dockerDiskSize === 'string' ? Size.tryParse(props.dockerDiskSize) : (props.dockerDiskSize ?? Size.gibibytes(20));
    check(
      dockerSize !== undefined && dockerSize.toMebibytes() % 1024 === 0,
      this,
      'dockerDiskSize',
      `"${String(props.dockerDiskSize)}" is not a whole number of Gi such as "20Gi"`,
    );

    this.workspace = new PodWorkspace(
      this,
      'Pod',
      { ...props, runtimeClassName: props.runtimeClassName ?? 'sysbox-runc' },
      {
        command: [
          'sh',
          '-c',
          namedLocal(this, 'boot_script', bootScript({ username: props.username ?? 'coder', systemd: props.bootsSystemd ?? true, docker })),
        ],
        runAsRoot: true,
        preStop: [...SYSTEMD_STOP_COMMAND],
        ...(hostUsers ? { hostUsers: false as const } : { podAnnotations: { ...CRIO_USERNS_ANNOTATION } }),
        extendedResources: gpuLimits,
      },
    );
    if (docker) {
      this.dockerData = this.workspace.addPersistentVolume(
        'docker_data',
        { suffix: 'docker', size: `${dockerSize.toGibibytes()}Gi`, mountPath: '/var/lib/docker' },
        props.storageClassName,
      );
    }
  }
}

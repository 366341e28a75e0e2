// Envbox: a privileged outer container that runs the workspace as an inner Sysbox container.
import { Construct } from '../core/cdktf';
import { checkContainerVmRules, ClusterProfile, GpuRequest } from '../core/cluster';
import { CoderTemplate } from '../core/coder-template';
import { check } from '../core/errors';
import { checkLiterals } from '../core/literals';
import { isDnsLabel } from '../core/names';
import { WorkspaceParameter } from '../core/parameter';
import { PodWorkspace, PodWorkspaceProps, WorkspaceVolume } from '../core/pod-workspace';

/** Envbox release the outer container runs. */
export const ENVBOX_IMAGE = 'ghcr.io/coder/envbox:0.6.7';

/** An inner image the workspace user may choose. */
export interface InnerImage {
  /** Label shown in the form. */
  readonly name: string;
  /** Image reference. */
  readonly image: string;
}

/** Props of {@link EnvboxWorkspace}. */
export interface EnvboxWorkspaceProps extends Omit<PodWorkspaceProps, 'image' | 'runtimeClassName'> {
  /**
   * Envbox image of the outer container.
   * @default ENVBOX_IMAGE (ghcr.io/coder/envbox:0.6.7)
   */
  readonly envboxImage?: string;
  /**
   * Inner images offered by the `image` parameter; the first is the default.
   * @default Coder's enterprise base, Node.js and Go images (Ubuntu)
   */
  readonly innerImages?: readonly InnerImage[];
  /**
   * Host-path caching: share the node's `/var/lib` (read-write) and `/var/run` (read-only) with
   * the outer container, so image layers are cached per node instead of per workspace.
   * @default false
   */
  readonly caching?: boolean;
  /**
   * Let the outer container load the shiftfs kernel module: `/usr/src` and `/lib/modules` become
   * read-write. Only with `caching` (Coder's CVM host-path table).
   * @default false
   */
  readonly autoLoadShiftfs?: boolean;
  /**
   * Add `/dev/fuse` to the inner container.
   * @default false
   */
  readonly fuse?: boolean;
  /**
   * Add `/dev/net/tun` to the inner container.
   * @default false
   */
  readonly tun?: boolean;
  /**
   * Name of a `kubernetes.io/dockerconfigjson` Secret used to pull the inner image.
   * @default none (public images)
   */
  readonly innerImagePullSecret?: string;
  /**
   * GPUs for the inner container. NVIDIA only, and only when `cluster.bareMetal` is declared.
   * @default none
   */
  readonly gpu?: GpuRequest;
  /**
   * What the cluster is; the container-VM rules are checked against it.
   * @default not bare metal, no NFS classes declared, no Istio
   */
  readonly cluster?: ClusterProfile;
}

const DEFAULT_INNER_IMAGES: readonly InnerImage[] = [
  { name: 'Ubuntu (base)', image: 'codercom/enterprise-base:ubuntu' },
  { name: 'Node.js', image: 'codercom/enterprise-node:ubuntu' },
  { name: 'Go', image: 'codercom/enterprise-golang:ubuntu' },
];

/**
 * Host paths of the outer container, from Coder's container-VM table: without caching only
 * `/usr/src` and `/lib/modules`, read-only; caching adds `/var/run` (read-only) and `/var/lib`
 * (read-write); shiftfs auto-loading makes `/usr/src` and `/lib/modules` read-write.
 */
export function envboxHostPaths(caching: boolean, autoLoadShiftfs: boolean): WorkspaceVolume[] {
  const kernelReadOnly = !(caching && autoLoadShiftfs);
  const paths: WorkspaceVolume[] = [
    { name: 'usr-src', mountPath: '/usr/src', readOnly: kernelReadOnly, source: { hostPath: { path: '/usr/src', type: '' } } },
    { name: 'lib-modules', mountPath: '/lib/modules', readOnly: kernelReadOnly, source: { hostPath: { path: '/lib/modules', type: '' } } },
  ];
  if (caching) {
    paths.push(
      { name: 'var-run', mountPath: '/var/run', readOnly: true, source: { hostPath: { path: '/var/run', type: '' } } },
      { name: 'var-lib', mountPath: '/var/lib', readOnly: false, source: { hostPath: { path: '/var/lib', type: '' } } },
    );
  }
  return paths;
}

/**
 * A container-based VM through Envbox: no runtime to install on the nodes, at the price of a
 * privileged outer container (the inner workspace container is unprivileged, on Sysbox inside
 * it). One claim holds home, the inner Docker data and the inner image cache, in sub-paths.
 */
export class EnvboxWorkspace extends Construct {
  /** The outer pod and its volumes. */
  public readonly workspace: PodWorkspace;
  /** Parameter: the inner image (mutable: the inner container is recreated at each start). */
  public readonly imageParameter: WorkspaceParameter;

  constructor(scope: Construct, id: string, props: EnvboxWorkspaceProps = {}) {
    super(scope, id);
    checkLiterals(this, props);
    const template = CoderTemplate.of(this);
    const gpuLimits = checkContainerVmRules(this, props);
    const caching = props.caching ?? false;
    const shiftfs = props.autoLoadShiftfs ?? false;
    check(!shiftfs || caching, this, 'autoLoadShiftfs', "applies only with caching enabled (Coder's host-path table has no shiftfs mode without caching)");
    const images = props.innerImages ?? DEFAULT_INNER_IMAGES;
    check(images.length > 0, this, 'innerImages', 'must offer at least one image');
    for (const i of images) check(/^[a-z0-9][^\s]*$/.test(i.image), this, 'innerImages', `"${i.image}" is not an image reference`);
    check(new Set(images.map((i) => i.image)).size === images.length, this, 'innerImages', 'lists an image twice');
    if (props.innerImagePullSecret !== undefined) {
      check(isDnsLabel(props.innerImagePullSecret), this, 'innerImagePullSecret', `"${props.innerImagePullSecret}" is not a Secret name`);
    }
    const username = props.username ?? 'coder';

    this.imageParameter = template.addParameter('image', {
      name: 'image',
      displayName: 'Workspace image',
      description: 'Image of the inner workspace container; home and Docker data persist across changes.',
      type: 'string',
      default: images[0].image,
      mutable: true,
      order: 0,
      icon: '/icon/docker.svg',
      options: images.map((i) => ({ name: i.name, value: i.image })),
    });

    this.workspace = new PodWorkspace(
      this,
      'Pod',
      { ...props, image: props.envboxImage ?? ENVBOX_IMAGE },
      {
        command: ['/envbox', 'docker'],
        runAsRoot: true,
        privileged: true,
        initScriptEnv: 'CODER_BOOTSTRAP_SCRIPT',
        homeMountPath: `/home/${username}`,
        homeSubPath: 'home',
        extendedResources: gpuLimits,
        // Two pulls before the agent runs: the outer Envbox image on the node, then the inner
        // image inside the outer container's Docker (no node cache for a new workspace).
        agentConnectionTimeout: 600,
      },
    );
    const w = this.workspace;
    const sub = (name: string, mountPath: string, subPath: string): WorkspaceVolume => ({ name, mountPath, subPath, source: w.homeSource });
    // Inner /var/lib/docker and /var/lib/containers (envbox bind-mounts these two into the inner container).
    w.addVolume(sub('home', '/var/lib/coder/docker', 'cache/docker'));
    w.addVolume(sub('home', '/var/lib/coder/containers', 'cache/containers'));
    w.addVolume({ name: 'sysbox', mountPath: '/var/lib/sysbox', source: { emptyDir: {} } });
    if (!caching) {
      // The outer Docker holds the pulled inner image: keep it per workspace when the node's cache is not shared.
      w.addVolume(sub('home', '/var/lib/docker', 'envbox/docker'));
      w.addVolume(sub('home', '/var/lib/containers', 'envbox/containers'));
    }
    for (const v of envboxHostPaths(caching, shiftfs)) w.addVolume(v);

    w.addEnv('CODER_AGENT_URL', template.workspace.accessUrl);
    w.addEnv('CODER_INNER_IMAGE', this.imageParameter.value);
    w.addEnv('CODER_INNER_USERNAME', username);
    w.addEnv('CODER_INNER_HOSTNAME', template.workspace.name);
    w.addEnv('CODER_MOUNTS', `/home/${username}:/home/${username}`);
    w.addEnv('CODER_ADD_FUSE', String(props.fuse ?? false));
    w.addEnv('CODER_ADD_TUN', String(props.tun ?? false));
    w.addEnv('CODER_ADD_GPU', String(props.gpu !== undefined));
    if (props.gpu !== undefined) {
      // Envbox finds the node's NVIDIA libraries under the host's /usr/lib, mounted read-only.
      w.addVolume({ name: 'usr-lib', mountPath: '/var/coder/usr/lib', readOnly: true, source: { hostPath: { path: '/usr/lib', type: 'Directory' } } });
      w.addEnv('CODER_USR_LIB_DIR', '/var/coder/usr/lib');
    }
    w.addEnv('CODER_CPUS', { resourceFieldRef: 'limits.cpu' });
    w.addEnv('CODER_MEMORY', { resourceFieldRef: 'limits.memory' });
    if (props.innerImagePullSecret !== undefined) {
      w.addEnv('CODER_IMAGE_PULL_SECRET', { secretKeyRef: { name: props.innerImagePullSecret, key: '.dockerconfigjson' } });
    }
  }
}

// A Coder workspace that is one Kubernetes pod with persistent volumes: the base of the container backends.
import { PersistentVolumeClaimV1 } from '@cdktf/provider-kubernetes/lib/persistent-volume-claim-v1';
import { PodV1 } from '@cdktf/provider-kubernetes/lib/pod-v1';
import { PodV1Spec, PodV1SpecContainerEnv, PodV1SpecVolume } from '@cdktf/provider-kubernetes/lib/pod-v1/index-structs';
import { Metadata } from '../../.gen/providers/coder/metadata';
import { CoderAgent } from './agent';
import { Construct, ref, Token } from './cdktf';
import { CodeServerApp } from './code-server';
import { CoderTemplate } from './coder-template';
import { check } from './errors';
import { workspaceClaim } from './disks';
import { WorkspaceIdentity } from './identity';
import { checkMetadata } from './labels';
import { checkLiterals, literalText } from './literals';
import { namedLocal } from './locals';
import { isDnsLabel } from './names';
import { rangeParameterProps, WorkspaceParameter } from './parameter';
import { EnvValue, PodWorkspaceContainer, PodWorkspaceProps, VolumeSource, WorkspaceVolume } from './pod-props';
import { checkCountRange, checkGibibyteRange } from './range';
import { checkNodeSelector, checkTolerations, Toleration } from './scheduling';

export * from './pod-props';

/** Name of the workspace container in the pod. */
export const WORKSPACE_CONTAINER = 'dev';

/** Props of {@link PodWorkspace.addPersistentVolume}. */
export interface PersistentVolumeProps {
  /** Suffix of the claim's name (`coder-<workspace id>-<suffix>`) and the volume's name in the pod. */
  readonly suffix: string;
  /** Size, a Terraform string such as `${data.coder_parameter.home_disk_size.value}Gi`. */
  readonly size: string;
  /** Where it is mounted. */
  readonly mountPath: string;
}

/**
 * One pod as a Coder workspace. The pod is counted on start_count (stopping deletes it), while
 * its PersistentVolumeClaims are not (they keep home and Docker data until the workspace is
 * deleted). Every object is named from the workspace id; the claims keep the name, namespace and
 * storage settings they were created with, and everything else follows the home claim's namespace,
 * so renames and template upgrades never move or replace a disk. The agent's token and init
 * script reach the container as environment variables; the backend decides how the container
 * starts ({@link PodWorkspaceContainer}).
 */
export class PodWorkspace extends Construct {
  /** The pod (escape hatch). */
  public readonly pod: PodV1;
  /** The home volume's claim. */
  public readonly home: PersistentVolumeClaimV1;
  /** The Coder agent in the container. */
  public readonly agent: CoderAgent;
  /** Parameter: CPU cores (mutable). */
  public readonly cpuParameter: WorkspaceParameter;
  /** Parameter: memory in GiB (mutable). */
  public readonly memoryParameter: WorkspaceParameter;
  /** Parameter: home volume size in GiB (immutable). */
  public readonly homeDiskParameter: WorkspaceParameter;
  /** Object name of the pod, `coder-<workspace id>`. */
  public readonly name: string;
  /** The namespace the workspace lives in: the home claim's, fixed when the workspace was created. */
  public readonly namespace: string;
  /** The home claim as a volume source, to mount more of its sub-paths with {@link addVolume}. */
  public readonly homeSource: VolumeSource;
  /** Labels every object of the workspace carries. */
  public readonly labels: Record<string, string>;
  private readonly annotations: Record<string, string>;
  private readonly volumes: WorkspaceVolume[] = [];
  private readonly env = new Map<string, EnvValue>();
  private readonly identity: WorkspaceIdentity;
  private readonly spec: () => PodV1Spec;
  private readonly initScriptEnv: string;

  constructor(scope: Construct, id: string, props: PodWorkspaceProps, container: PodWorkspaceContainer) {
    super(scope, id);
    checkLiterals(this, props);
    const template = CoderTemplate.of(this);
    this.initScriptEnv = container.initScriptEnv ?? 'CODER_INIT_SCRIPT';
    const cpu = checkCountRange(this, 'cpu', props.cpu ?? { default: 2, min: 1, max: 8 });
    const memory = checkGibibyteRange(this, 'memory', props.memory ?? { default: '4Gi', min: '1Gi', max: '32Gi' });
    const disk = checkGibibyteRange(this, 'homeDiskSize', props.homeDiskSize ?? { default: '10Gi', min: '1Gi', max: '100Gi' });
    const username = props.username ?? 'coder';
    check(/^[a-z_][a-z0-9_-]{0,31}$/.test(username) && username !== 'root', this, 'username', `"${username}" must be a Linux user name (^[a-z_][a-z0-9_-]{0,31}$, not root)`);
    const image = props.image ?? 'codercom/enterprise-base:ubuntu';
    check(/^[a-z0-9][^\s]*$/.test(image), this, 'image', `"${image}" is not an image reference`);
    if (props.runtimeClassName !== undefined) {
      check(isDnsLabel(props.runtimeClassName), this, 'runtimeClassName', `"${props.runtimeClassName}" is not a DNS-1123 label`);
    }
    checkMetadata(this, 'labels', props.labels, 'labels');
    checkMetadata(this, 'annotations', props.annotations, 'annotations');
    const nodeSelector = checkNodeSelector(this, 'nodeSelector', props.nodeSelector);
    const tolerations = checkTolerations(this, 'tolerations', props.tolerations);
    const grace = props.terminationGracePeriodSeconds ?? 30;
    check(Number.isInteger(grace) && grace >= 0, this, 'terminationGracePeriodSeconds', `${grace} must be a whole number of seconds`);
    for (const [resource, quantity] of Object.entries(container.extendedResources ?? {})) {
      check(/^[a-z0-9.-]+\/[a-z0-9._-]+$/.test(resource) && /^[1-9][0-9]*$/.test(quantity), this, 'extendedResources', `"${resource}: ${quantity}" is not a device-plugin resource and count`);
    }

    this.cpuParameter = template.addParameter('cpu', rangeParameterProps('cpu', 'CPU cores', 'CPU cores of the workspace; takes effect at the next start.', cpu, 1, '/icon/memory.svg'));
    this.memoryParameter = template.addParameter('memory', rangeParameterProps('memory', 'Memory (GiB)', 'Memory in GiB; takes effect at the next start.', memory, 2, '/icon/memory.svg'));
    this.homeDiskParameter = template.addParameter('home_disk_size', {
      ...rangeParameterProps('home_disk_size', 'Home disk (GiB)', 'Size of the persistent home volume in GiB. Fixed once the workspace exists.', disk, 3, '/icon/database.svg'),
      mutable: false,
    });

    const identity = WorkspaceIdentity.of(this);
    this.identity = identity;
    this.name = identity.name;
    this.labels = Token.asStringMap(namedLocal(this, 'workspace_labels', { ...(props.labels ?? {}), ...identity.labels }));
    this.annotations = { ...(props.annotations ?? {}), ...identity.annotations };

    const homePath = container.homeMountPath ?? `/home/${username}`;
    this.agent = new CoderAgent(this, 'Agent', { dir: homePath });
    if (props.codeServer ?? true) new CodeServerApp(this, 'CodeServer', { agent: this.agent });

    // The home claim anchors the workspace: created in the template's namespace, it stays there,
    // and every other object follows it.
    this.home = workspaceClaim(this, 'home', {
      name: identity.objectName('-home'),
      namespace: template.namespace,
      labels: this.labels,
      annotations: this.annotations,
      size: `${this.homeDiskParameter.value}Gi`,
      storageClassName: props.storageClassName,
    });
    this.namespace = namedLocal(this, 'workspace_namespace', this.home.metadata.namespace);
    this.homeSource = { persistentVolumeClaim: this.home.metadata.name };
    this.volumes.push({ name: 'home', mountPath: homePath, subPath: container.homeSubPath, source: this.homeSource });

    this.env.set('CODER_AGENT_TOKEN', this.agent.token);
    this.env.set(this.initScriptEnv, this.agent.initScript);

    const limits = { cpu: this.cpuParameter.value, memory: `${this.memoryParameter.value}Gi`, ...(container.extendedResources ?? {}) };
    this.spec = (): PodV1Spec => ({
      runtimeClassName: props.runtimeClassName,
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: grace,
      hostname: identity.hostname,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      nodeSelector: Object.keys(nodeSelector).length > 0 ? nodeSelector : undefined,
      toleration: tolerations.length > 0 ? tolerations.map(tolerationBlock) : undefined,
      imagePullSecrets: props.imagePullSecret === undefined ? undefined : [{ name: props.imagePullSecret }],
      securityContext: container.runAsRoot ? { runAsUser: '0', fsGroup: '0' } : { runAsUser: '1000', runAsGroup: '1000', fsGroup: '1000' },
      container: [
        {
          name: WORKSPACE_CONTAINER,
          image,
          imagePullPolicy: props.imagePullPolicy ?? 'IfNotPresent',
          command: container.command,
          env: [...this.env.entries()].map(([name, value]) => envBlock(name, value)),
          resources: { requests: limits, limits },
          securityContext: container.privileged ? { privileged: true } : undefined,
          volumeMount: this.volumes.map((v) => ({ name: v.name, mountPath: v.mountPath, readOnly: v.readOnly, subPath: v.subPath })),
        },
      ],
      volume: uniqueVolumes(this.volumes),
    });
    this.pod = new PodV1(this, 'Resource', {
      count: template.startCount,
      metadata: { name: this.name, namespace: this.namespace, labels: this.labels, annotations: { ...this.annotations, ...(container.podAnnotations ?? {}) } },
      spec: this.spec(),
      timeouts: { create: '10m' },
    });
    this.pod.overrideLogicalId('main');

    new Metadata(this, 'Info', {
      count: template.startCount,
      resourceId: Token.asString(ref('kubernetes_pod_v1.main[0].id')),
      icon: '/icon/kubernetes.svg',
      item: [
        { key: 'image', value: image },
        { key: 'runtime class', value: props.runtimeClassName ?? '(cluster default)' },
        { key: 'cpu cores', value: this.cpuParameter.value },
        { key: 'memory', value: `${this.memoryParameter.value} GiB` },
        { key: 'home disk', value: `${this.homeDiskParameter.value} GiB` },
      ],
    }).overrideLogicalId('workspace_info');
  }

  /** Mounts a volume into the workspace container. */
  public addVolume(volume: WorkspaceVolume): void {
    checkLiterals(this, volume, [], ['volume']);
    check(isDnsLabel(volume.name), this, 'volume name', `"${volume.name}" is not a DNS-1123 label`);
    check(volume.mountPath.startsWith('/'), this, 'volume mountPath', `"${volume.mountPath}" must be an absolute path`);
    check(!this.volumes.some((v) => v.mountPath === volume.mountPath), this, 'volume mountPath', `"${volume.mountPath}" is already mounted`);
    const same = this.volumes.find((v) => v.name === volume.name);
    check(same === undefined || JSON.stringify(same.source) === JSON.stringify(volume.source), this, 'volume name', `"${volume.name}" is already used for another source`);
    this.volumes.push(volume);
    this.refresh();
  }

  /**
   * Adds a PersistentVolumeClaim that, like home, survives stop/start and is deleted with the
   * workspace, and mounts it. `id` is its Terraform name.
   */
  public addPersistentVolume(id: string, props: PersistentVolumeProps, storageClassName?: string): PersistentVolumeClaimV1 {
    checkLiterals(this, { ...props, storageClassName }, [], ['persistentVolume']);
    check(isDnsLabel(props.suffix), this, 'persistent volume suffix', `"${props.suffix}" is not a DNS-1123 label`);
    const claim = workspaceClaim(this, id, {
      name: this.identity.objectName(`-${props.suffix}`),
      namespace: this.namespace,
      labels: this.labels,
      annotations: this.annotations,
      size: props.size,
      storageClassName,
    });
    this.addVolume({ name: props.suffix, mountPath: props.mountPath, source: { persistentVolumeClaim: claim.metadata.name } });
    return claim;
  }

  /** Sets an environment variable of the workspace container. */
  public addEnv(name: string, value: EnvValue): void {
    check(/^[A-Za-z_][A-Za-z0-9_]*$/.test(name), this, 'env name', `"${name}" is not a valid variable name`);
    check(name !== 'CODER_AGENT_TOKEN' && name !== this.initScriptEnv, this, 'env name', `"${name}" is set by the workspace itself`);
    if (typeof value !== 'string') checkLiterals(this, value, [], ['env', name]);
    this.env.set(name, typeof value === 'string' ? literalText(value) : value);
    this.refresh();
  }

  // The bindings map their own block values to snake_case; a Lazy would bypass that, so the
  // whole spec is put again after every change.
  private refresh(): void {
    this.pod.putSpec(this.spec());
  }
}

function tolerationBlock(t: Toleration) {
  return { key: t.key, operator: t.operator ?? 'Equal', value: t.value, effect: t.effect, tolerationSeconds: t.tolerationSeconds === undefined ? undefined : String(t.tolerationSeconds) };
}

function envBlock(name: string, value: EnvValue): PodV1SpecContainerEnv {
  if (typeof value === 'string') return { name, value };
  if ('resourceFieldRef' in value) return { name, valueFrom: { resourceFieldRef: { containerName: WORKSPACE_CONTAINER, resource: value.resourceFieldRef } } };
  return { name, valueFrom: { secretKeyRef: { name: value.secretKeyRef.name, key: value.secretKeyRef.key } } };
}

function uniqueVolumes(volumes: readonly WorkspaceVolume[]): PodV1SpecVolume[] {
  const seen = new Map<string, PodV1SpecVolume>();
  for (const v of volumes) {
    if (seen.has(v.name)) continue;
    const s = v.source;
    seen.set(
      v.name,
      'persistentVolumeClaim' in s
        ? { name: v.name, persistentVolumeClaim: { claimName: s.persistentVolumeClaim } }
        : 'emptyDir' in s
          ? { name: v.name, emptyDir: { medium: s.emptyDir.medium, sizeLimit: s.emptyDir.sizeLimit } }
          : { name: v.name, hostPath: { path: s.hostPath.path, type: s.hostPath.type ?? '' } },
    );
  }
  return [...seen.values()];
}

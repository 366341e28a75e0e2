// A Coder workspace that is one Kubernetes pod with persistent volumes: the base of the container backends.
import { DeploymentV1, DeploymentV1SpecTemplateSpec } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { PersistentVolumeClaimV1 } from '@cdktf/provider-kubernetes/lib/persistent-volume-claim-v1';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { Metadata } from '../../.gen/providers/coder/metadata';
import { CoderAgent } from './agent';
import { Construct, Token } from './cdktf';
import { CoderTemplate } from './coder-template';
import { check } from './errors';
import { workspaceClaim } from './disks';
import { workspaceAgent } from '../modules/workspace-agent';
import { SameOwnerIngress } from './network-policy';
import { WorkspaceIdentity } from './identity';
import { checkMetadata } from './labels';
import { checkLiterals, literalText } from './literals';
import { namedLocal } from './locals';
import { isDnsLabel } from './names';
import { rangeParameterProps, WorkspaceParameter } from './parameter';
import { EnvValue, PodWorkspaceContainer, PodWorkspaceProps, VolumeSource, WorkspaceVolume } from './pod-props';
import { podSpecToApi } from './pod-api';
import { checkRequests, envBlock, PodSecurityLevel, securityContexts, tolerationBlock, uniqueVolumes, WORKSPACE_CONTAINER } from './pod-spec';
import { checkCountRange, checkGibibyteRange } from './range';
import { checkNodeSelector, checkTolerations } from './scheduling';

export * from './pod-props';
export { type PodSecurityLevel, WORKSPACE_CONTAINER } from './pod-spec';

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
 * A Coder workspace that is one pod under a Deployment (`Recreate`, replicas = start_count): stop
 * scales it to zero, and after a node loss or an eviction the Deployment makes a new pod without
 * waiting for a build. Its PersistentVolumeClaims are never counted (they keep home and Docker
 * data until the workspace is deleted). Every object is named from the workspace id; the claims
 * keep the name, namespace and storage settings they were created with, and everything else
 * follows the home claim's namespace, so renames and template upgrades never move or replace a
 * disk. The agent's token reaches the container from a Secret (never a plain value in the pod
 * spec, which anyone who may `get pods` reads); the backend decides how the container starts
 * ({@link PodWorkspaceContainer}).
 */
export class PodWorkspace extends Construct {
  /**
   * The Deployment that runs the workspace pod (escape hatch): the typed resource, or a
   * `kubernetes_manifest` when the pod needs `hostUsers: false` (which the typed resource lacks).
   */
  public readonly deployment: DeploymentV1 | Manifest;
  /** The Secret with this build's agent token (counted on start_count; a new name every build). */
  public readonly tokenSecret: SecretV1;
  /** The Pod Security level the pod meets: its namespace must allow it. */
  public readonly podSecurityLevel: PodSecurityLevel;
  /** The home volume's claim. */
  public readonly home: PersistentVolumeClaimV1;
  /** The Coder agent in the container. */
  public readonly agent: CoderAgent;
  /** Parameter: CPU cores (mutable). */
  public readonly cpuParameter: WorkspaceParameter;
  /** Parameter: memory in GiB (mutable). */
  public readonly memoryParameter: WorkspaceParameter;
  /** Parameter: home volume size in GiB (mutable, may only grow). */
  public readonly homeDiskParameter: WorkspaceParameter;
  /** Object name of the Deployment, `coder-<workspace id>`. */
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
  private readonly spec: () => DeploymentV1SpecTemplateSpec;
  private manifestBody?: () => Record<string, unknown>;
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
    check(
      /^[a-z_][a-z0-9_-]{0,31}$/.test(username) && username !== 'root',
      this,
      'username',
      `"${username}" must be a Linux user name (^[a-z_][a-z0-9_-]{0,31}$, not root)`,
    );
    const image = props.image ?? 'codercom/enterprise-base:ubuntu';
    check(/^[a-z0-9][^\s]*$/.test(image), this, 'image', `"${image}" is not an image reference`);
    if (props.runtimeClassName !== undefined) {
      check(isDnsLabel(props.runtimeClassName), this, 'runtimeClassName', `"${props.runtimeClassName}" is not a DNS-1123 label`);
    }
    checkMetadata(this, 'labels', props.labels, 'labels');
    checkMetadata(this, 'annotations', props.annotations, 'annotations');
    const nodeSelector = checkNodeSelector(this, 'nodeSelector', props.nodeSelector);
    const tolerations = checkTolerations(this, 'tolerations', props.tolerations);
    const requests = { cpu: props.requests?.cpu ?? '250m', memory: props.requests?.memory ?? '512Mi' };
    checkRequests(this, requests, cpu.min, memory.min);
    const grace = props.terminationGracePeriodSeconds ?? 30;
    check(Number.isInteger(grace) && grace >= 0, this, 'terminationGracePeriodSeconds', `${grace} must be a whole number of seconds`);
    for (const [resource, quantity] of Object.entries(container.extendedResources ?? {})) {
      check(
        /^[a-z0-9.-]+\/[a-z0-9._-]+$/.test(resource) && /^[1-9][0-9]*$/.test(quantity),
        this,
        'extendedResources',
        `"${resource}: ${quantity}" is not a device-plugin resource and count`,
      );
    }

    this.cpuParameter = template.addParameter(
      'cpu',
      rangeParameterProps('cpu', 'CPU cores', 'CPU cores of the workspace; takes effect at the next start.', cpu, 1, '/icon/memory.svg'),
    );
    this.memoryParameter = template.addParameter(
      'memory',
      rangeParameterProps('memory', 'Memory (GiB)', 'Memory in GiB; takes effect at the next start.', memory, 2, '/icon/memory.svg'),
    );
    const homeDisk = rangeParameterProps(
      'home_disk_size',
      'Home disk (GiB)',
      'Size of the persistent home volume in GiB. It can grow later, never shrink.',
      disk,
      3,
      '/icon/database.svg',
    );
    this.homeDiskParameter = template.addParameter('home_disk_size', { ...homeDisk, validation: { ...homeDisk.validation, monotonic: 'increasing' } });

    const identity = WorkspaceIdentity.of(this);
    this.identity = identity;
    this.name = identity.name;
    this.labels = Token.asStringMap(namedLocal(this, 'workspace_labels', { ...(props.labels ?? {}), ...identity.labels }));
    this.annotations = { ...(props.annotations ?? {}), ...identity.annotations };

    const homePath = container.homeMountPath ?? `/home/${username}`;
    // The container's own root is the image's, not the user's: disk usage is the home volume's.
    const diskUsage = { path: homePath, displayName: 'Home disk usage' };
    this.agent = workspaceAgent(this, props, { home: homePath, connectionTimeout: container.agentConnectionTimeout ?? 300, disk: diskUsage });

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

    // The token is in a Secret named for this build and made after the Deployment: a new pod can
    // only find this build's Secret (kubelet retries until it exists), never an older token.
    const tokenSecretName = `${identity.objectName('-agent')}-${identity.buildId}`;
    this.env.set('CODER_AGENT_TOKEN', { secretKeyRef: { name: tokenSecretName, key: 'token' } });
    this.env.set(this.initScriptEnv, this.agent.initScript);

    this.podSecurityLevel = container.privileged ? 'privileged' : container.runAsRoot || props.restricted === false ? 'baseline' : 'restricted';
    const security = securityContexts(this.podSecurityLevel, container.runAsRoot === true);
    const limits = { cpu: this.cpuParameter.value, memory: `${this.memoryParameter.value}Gi`, ...(container.extendedResources ?? {}) };
    this.spec = (): DeploymentV1SpecTemplateSpec => ({
      runtimeClassName: props.runtimeClassName,
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: grace,
      hostname: identity.hostname,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      nodeSelector: Object.keys(nodeSelector).length > 0 ? nodeSelector : undefined,
      toleration: tolerations.length > 0 ? tolerations.map(tolerationBlock) : undefined,
      imagePullSecrets: props.imagePullSecret === undefined ? undefined : [{ name: props.imagePullSecret }],
      securityContext: security.pod,
      // Workspaces spread over nodes when they can (a node loss then takes fewer of them).
      affinity: {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 1,
              podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: [{ matchLabels: { 'app.kubernetes.io/name': 'coder-workspace' } }] },
            },
          ],
        },
      },
      container: [
        {
          name: WORKSPACE_CONTAINER,
          image,
          imagePullPolicy: props.imagePullPolicy ?? 'IfNotPresent',
          command: container.command,
          env: [...this.env.entries()].map(([name, value]) => envBlock(name, value)),
          resources: { requests: { ...limits, ...requests }, limits },
          securityContext: security.container,
          lifecycle: container.preStop === undefined ? undefined : { preStop: [{ exec: { command: container.preStop } }] },
          volumeMount: this.volumes.map((v) => ({ name: v.name, mountPath: v.mountPath, readOnly: v.readOnly, subPath: v.subPath })),
        },
      ],
      volume: uniqueVolumes(this.volumes),
    });
    const metadata = { name: this.name, namespace: this.namespace, labels: this.labels, annotations: this.annotations };
    const podMetadata = { labels: this.labels, annotations: { ...this.annotations, ...(container.podAnnotations ?? {}) } };
    const selector = { matchLabels: { 'app.kubernetes.io/instance': this.name } };
    if (container.hostUsers === false) {
      // The pod gets its own user namespace: the typed Deployment has no `host_users`, a manifest does.
      this.manifestBody = () => ({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata,
        spec: {
          replicas: template.startCount,
          strategy: { type: 'Recreate' },
          selector,
          template: { metadata: podMetadata, spec: podSpecToApi(this.spec(), { hostUsers: false }) },
        },
      });
      this.deployment = new Manifest(this, 'Resource', { manifest: this.manifestBody() });
    } else {
      this.deployment = new DeploymentV1(this, 'Resource', {
        metadata,
        spec: {
          replicas: Token.asString(template.startCount),
          // One pod at a time: the claims are ReadWriteOnce.
          strategy: { type: 'Recreate' },
          selector,
          template: { metadata: podMetadata, spec: this.spec() },
        },
        // Coder's build ends when the objects exist; the agent reports when the workspace is up.
        waitForRollout: false,
      });
    }
    this.deployment.overrideLogicalId('main');

    // Made after the Deployment: the Deployment, not the Secret, is then the agent's closest
    // dependent in Coder's reading of the graph (which keeps only direct edges).
    this.tokenSecret = new SecretV1(this, 'AgentToken', {
      count: template.startCount,
      metadata: { name: tokenSecretName, namespace: this.namespace, labels: this.labels, annotations: this.annotations },
      data: { token: this.agent.token },
      type: 'Opaque',
      dependsOn: [this.deployment],
    });
    this.tokenSecret.overrideLogicalId('agent_token');

    if (props.networkPolicy ?? true)
      new SameOwnerIngress(this, 'Ingress', { name: this.name, namespace: this.namespace, labels: this.labels, annotations: this.annotations });

    new Metadata(this, 'Info', {
      resourceId: this.deployment instanceof Manifest ? this.deployment.getStringAttribute('object.metadata.uid') : this.deployment.id,
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
    check(
      same === undefined || JSON.stringify(same.source) === JSON.stringify(volume.source),
      this,
      'volume name',
      `"${volume.name}" is already used for another source`,
    );
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
    if (this.deployment instanceof Manifest) this.deployment.manifest = this.manifestBody!();
    else this.deployment.spec.template.putSpec(this.spec());
  }
}

// A Coder workspace that is a KubeVirt virtual machine with a persistent root disk.
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { Metadata } from '../../.gen/providers/coder/metadata';
import { AGENT_DISK, renderCloudConfigTemplate } from '../../cloud-init';
import { CoderAgent } from '../core/agent';
import { Construct, Fn, Op, ref, Token } from '../core/cdktf';
import { CodeServerApp } from '../core/code-server';
import { CoderTemplate } from '../core/coder-template';
import { check } from '../core/errors';
import { checkMetadata, workspaceAnnotations, workspaceLabels } from '../core/labels';
import { dnsNameValue, sanitizedValue } from '../core/names';
import { namedLocal } from '../core/locals';
import { rangeParameterProps as rangeParameter, WorkspaceParameter } from '../core/parameter';
import { checkCountRange, checkGibibyteRange } from '../core/range';
import { checkNodeSelector, checkTolerations } from '../core/scheduling';
import { DISTRO_KEYS, DISTROS, DistroKey, isDistroKey } from './distros';
import { dataVolumeManifest, virtualMachineManifest } from './manifests';
import { KubevirtWorkspaceProps } from './props';
import { PACKAGE_NAME, ProvisioningScript } from './provisioning';

export { KubevirtWorkspaceProps } from './props';

const BASE_PACKAGES = ['qemu-guest-agent', 'git', 'curl', 'ca-certificates', 'sudo'];

/**
 * A KubeVirt virtual machine as a Coder workspace. The root disk is a CDI DataVolume imported
 * from the chosen distribution's cloud image; it is never counted on start_count, so the whole
 * root file system survives stop/start and goes only with the workspace. Stop sets the VM's
 * `runStrategy` to `Halted` (the object, its UID and cloud-init's instance state stay); start
 * sets `Always`. cloud-init user-data lives in a Secret that exists only while the workspace runs.
 * The agent starts as soon as cloud-init has created the user; packages and Docker are installed
 * afterwards by a "Provisioning" script whose log Coder shows.
 */
export class KubevirtWorkspace extends Construct {
  /** The VirtualMachine (`kubernetes_manifest`, escape hatch). */
  public readonly vm: Manifest;
  /** The root-disk DataVolume (`kubernetes_manifest`). */
  public readonly rootDisk: Manifest;
  /** The Secret with the cloud-init user-data (counted on start_count). */
  public readonly cloudInit: SecretV1;
  /** The headless Service that gives the VM its cluster DNS name. */
  public readonly service: ServiceV1;
  /** The Coder agent running in the VM. */
  public readonly agent: CoderAgent;
  /** The script the agent runs to install packages and Docker, once per root disk. */
  public readonly provisioning: ProvisioningScript;
  /** Parameter: the distribution (immutable). */
  public readonly distroParameter: WorkspaceParameter;
  /** Parameter: vCPU cores (mutable). */
  public readonly cpuParameter: WorkspaceParameter;
  /** Parameter: memory in GiB (mutable). */
  public readonly memoryParameter: WorkspaceParameter;
  /** Parameter: root disk size in GiB (immutable: a DataVolume's spec cannot change). */
  public readonly diskParameter: WorkspaceParameter;
  /** Object name of the VM and Service, `coder-<owner>-<workspace>` made DNS-safe. */
  public readonly name: string;
  /** `<name>.<namespace>.svc.cluster.local`: how other pods and VMs reach this one. */
  public readonly dnsName: string;
  /** The distributions offered, in order. */
  public readonly distros: readonly DistroKey[];

  constructor(scope: Construct, id: string, props: KubevirtWorkspaceProps = {}) {
    super(scope, id);
    const template = CoderTemplate.of(this);
    const distros = this.checkDistros(props);
    this.distros = distros;
    const cpu = checkCountRange(this, 'cpu', props.cpu ?? { default: 2, min: 1, max: 8 });
    const memory = checkGibibyteRange(this, 'memory', props.memory ?? { default: '4Gi', min: '2Gi', max: '32Gi' });
    const disk = checkGibibyteRange(this, 'rootDiskSize', props.rootDiskSize ?? { default: '16Gi', min: '16Gi', max: '256Gi' });
    const largestImage = Math.max(...distros.map((d) => DISTROS[d].imageVirtualSizeGi));
    check(disk.min > largestImage, this, 'rootDiskSize.min', `${disk.min}Gi must exceed the largest offered image (${largestImage}Gi) plus file-system overhead`);
    const username = props.username ?? 'coder';
    check(/^[a-z_][a-z0-9_-]{0,31}$/.test(username) && username !== 'root', this, 'username', `"${username}" must be a Linux user name (^[a-z_][a-z0-9_-]{0,31}$, not root)`);
    checkMetadata(this, 'labels', props.labels, 'labels');
    checkMetadata(this, 'annotations', props.annotations, 'annotations');
    const nodeSelector = checkNodeSelector(this, 'nodeSelector', props.nodeSelector);
    const tolerations = checkTolerations(this, 'tolerations', props.tolerations);
    check(props.accessModes === undefined || props.accessModes.length > 0, this, 'accessModes', 'must not be empty when given');
    const grace = props.terminationGracePeriodSeconds ?? 60;
    check(Number.isInteger(grace) && grace >= 0, this, 'terminationGracePeriodSeconds', `${grace} must be a whole number of seconds`);
    for (const url of Object.values(props.imageUrls ?? {})) {
      check(typeof url === 'string' && /^https?:\/\/\S+$/.test(url), this, 'imageUrls', `"${url}" must be an http(s) URL`);
    }

    this.distroParameter = template.addParameter('distro', {
      name: 'distro',
      displayName: 'Operating system',
      description: 'Linux distribution of the VM. Fixed once the workspace exists: the whole root disk persists.',
      type: 'string',
      default: props.defaultDistro ?? distros[0],
      mutable: false,
      order: 1,
      icon: DISTROS[distros[0]].icon,
      options: distros.map((d) => ({ name: DISTROS[d].displayName, value: d, icon: DISTROS[d].icon })),
    });
    this.cpuParameter = template.addParameter('cpu', rangeParameter('cpu', 'CPU cores', 'vCPU cores of the VM; takes effect at the next start.', cpu, 2, '/icon/memory.svg'));
    this.memoryParameter = template.addParameter('memory', rangeParameter('memory', 'Memory (GiB)', 'Guest memory in GiB; takes effect at the next start.', memory, 3, '/icon/memory.svg'));
    this.diskParameter = template.addParameter('disk_size', {
      ...rangeParameter('disk_size', 'Root disk (GiB)', 'Size of the persistent root disk in GiB. Fixed once the workspace exists.', disk, 4, '/icon/database.svg'),
      mutable: false,
    });

    // Locals keep main.tf readable: each name is computed once and referenced everywhere.
    const local = (id: string, value: unknown): string => namedLocal(this, id, value);
    const base = local('name_base', sanitizedValue(template.nameBase));
    this.name = local('workspace_name', dnsNameValue(base, '', true));
    const diskName = local('root_disk_name', dnsNameValue(base, '-root', true));
    const secretName = local('cloud_init_secret_name', dnsNameValue(base, '-cloudinit', true));
    this.dnsName = `${this.name}.${template.namespace}.svc.cluster.local`;
    const labels = Token.asStringMap(local('workspace_labels', { ...(props.labels ?? {}), ...workspaceLabels(template, this.name) }));
    const annotations = { ...(props.annotations ?? {}), ...workspaceAnnotations(template) };
    const distro = this.distroParameter.value;
    const imageUrls = local('image_urls', Object.fromEntries(distros.map((d) => [d, props.imageUrls?.[d] ?? DISTROS[d].imageUrl])));

    this.agent = new CoderAgent(this, 'Agent', { dir: `/home/${username}` });
    if (props.codeServer ?? true) new CodeServerApp(this, 'CodeServer', { agent: this.agent });
    this.provisioning = new ProvisioningScript(this, 'Provisioning', {
      agent: this.agent,
      distros,
      distro,
      packages: BASE_PACKAGES,
      docker: props.docker ?? true,
    });
    this.addPackages(...(props.packages ?? []));

    this.rootDisk = new Manifest(this, 'RootDisk', {
      manifest: dataVolumeManifest({
        name: diskName,
        namespace: template.namespace,
        labels,
        annotations,
        imageUrl: Token.asString(Fn.lookup(imageUrls, distro)),
        storage: `${this.diskParameter.value}Gi`,
        storageClassName: props.storageClassName,
        accessModes: props.accessModes,
        volumeMode: props.volumeMode,
      }),
    });
    this.rootDisk.overrideLogicalId('root_disk');

    this.vm = new Manifest(this, 'Resource', {
      manifest: virtualMachineManifest({
        name: this.name,
        namespace: template.namespace,
        hostname: dnsNameValue(template.workspace.name),
        labels,
        // The agent id makes the VM the resource Coder attaches the agent to (closest dependent).
        annotations: { ...annotations, 'com.coder.agent.id': this.agent.id },
        runStrategy: Token.asString(Fn.conditional(Op.eq(template.startCount, 1), 'Always', 'Halted')),
        cores: this.cpuParameter.numberValue,
        memory: `${this.memoryParameter.value}Gi`,
        rootDataVolume: diskName,
        cloudInitSecret: secretName,
        agentSecret: secretName,
        nodeSelector,
        tolerations,
        terminationGracePeriodSeconds: grace,
      }),
      // virt-api and `virtctl` also write runStrategy; Terraform's value wins on every build.
      fieldManager: { name: 'coder', forceConflicts: true },
      dependsOn: [this.rootDisk],
    });
    this.vm.overrideLogicalId('vm');

    for (const key of distros) {
      const d = DISTROS[key];
      template.addFile({
        path: `cloud-init/${key}.yaml.tftpl`,
        content: () =>
          renderCloudConfigTemplate(d.family, {
            distro: d,
            username,
            sudoGroup: d.sudoGroup,
            docker: props.docker ?? true,
            dockerRepo: (props.docker ?? true) ? d.dockerRepo : undefined,
          }),
      });
    }
    // Created after the VM so that the VM, not the Secret, is the agent's closest dependent. The
    // token is a key of its own, attached to the VM as a disk, never part of the user-data.
    this.cloudInit = new SecretV1(this, 'CloudInit', {
      count: template.startCount,
      metadata: { name: secretName, namespace: template.namespace, labels, annotations },
      data: {
        userdata: Token.asString(
          Fn.templatefile(Fn.format('%s/cloud-init/%s.yaml.tftpl', [ref('path.module'), distro]), {
            init_script_b64: Fn.base64encode(this.agent.initScript),
          }),
        ),
        [AGENT_DISK.envFile]: Token.asString(Fn.format('CODER_AGENT_TOKEN=%s\n', [this.agent.token])),
      },
      type: 'Opaque',
      dependsOn: [this.vm],
    });
    this.cloudInit.overrideLogicalId('cloud_init');

    this.service = new ServiceV1(this, 'Service', {
      metadata: { name: this.name, namespace: template.namespace, labels, annotations },
      spec: { clusterIp: 'None', selector: { 'app.kubernetes.io/instance': this.name }, publishNotReadyAddresses: true },
    });
    this.service.overrideLogicalId('vm_dns');

    new Metadata(this, 'Info', {
      resourceId: this.vm.getStringAttribute('object.metadata.uid'),
      icon: '/icon/kubernetes.svg',
      item: [
        { key: 'distribution', value: distro },
        { key: 'cpu cores', value: this.cpuParameter.value },
        { key: 'memory', value: `${this.memoryParameter.value} GiB` },
        { key: 'root disk', value: `${this.diskParameter.value} GiB` },
        { key: 'dns name', value: this.dnsName },
      ],
    }).overrideLogicalId('vm_info');
  }

  /** Adds packages the Provisioning script installs on every offered distribution. */
  public addPackages(...names: string[]): void {
    for (const name of names) check(PACKAGE_NAME.test(name), this, 'packages', `"${name}" is not a package name`);
    this.provisioning.addPackages(...names);
  }

  private checkDistros(props: KubevirtWorkspaceProps): DistroKey[] {
    const offered = [...(props.distros ?? DISTRO_KEYS)];
    check(offered.length > 0, this, 'distros', 'must offer at least one distribution');
    for (const d of offered) check(isDistroKey(d), this, 'distros', `unknown distribution "${d}"; known: ${DISTRO_KEYS.join(', ')}`);
    check(new Set(offered).size === offered.length, this, 'distros', 'lists a distribution twice');
    if (props.defaultDistro !== undefined) {
      check(offered.includes(props.defaultDistro), this, 'defaultDistro', `"${props.defaultDistro}" is not among the offered distros (${offered.join(', ')})`);
    }
    for (const key of Object.keys(props.imageUrls ?? {})) check(isDistroKey(key), this, 'imageUrls', `unknown distribution "${key}"`);
    return offered;
  }
}

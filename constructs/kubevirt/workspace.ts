// A Coder workspace that is a KubeVirt virtual machine with a persistent root disk.
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { AGENT_DISK, renderCloudConfigTemplate } from '../../cloud-init';
import { CoderAgent } from '../core/agent';
import { Construct, Fn, Lazy, ref, Token } from '../core/cdktf';
import { CoderTemplate } from '../core/coder-template';
import { check } from '../core/errors';
import { WorkspaceIdentity } from '../core/identity';
import { checkLiterals } from '../core/literals';
import { namedLocal } from '../core/locals';
import { WorkspaceParameter } from '../core/parameter';
import { DISTROS, DistroKey } from './distros';
import { DEFAULT_GOLDEN_IMAGE_NAMESPACE } from './golden-images';
import { workspaceAgent } from '../modules/workspace-agent';
import { DataDisk, DataDiskProps, makeDataDisk } from './data-disks';
import { HttpImport, virtualMachineManifest, VirtualMachineSpec } from './manifests';
import { KubevirtWorkspaceProps } from './props';
import { checkDevices, checkDistros, checkImageSources, checkImagesAndUser, checkInstancetypes } from './checks';
import { PACKAGE_NAME, ProvisioningScript } from './provisioning';
import { GraphicalConsole } from './graphical-console';
import { SharedDiskMount, sharedDiskMount, SharedDiskMountProps } from './shared-disks';
import {
  checkVmProps,
  cpuMemoryParameters,
  perBuildTrigger,
  rootDiskParameter,
  vmDnsService,
  vmInfo,
  vmRootDisk,
  VmSizeDefaults,
  vmSpecBase,
} from './vm-common';

export { type KubevirtWorkspaceProps } from './props';

/** The cluster preference every VM with an instance type names (made by the vm-instancetypes platform stack). */
export const VM_PREFERENCE = 'cvmkit-linux';

const BASE_PACKAGES = ['qemu-guest-agent', 'git', 'curl', 'ca-certificates', 'sudo'];
/**
 * The agent's connection timeout: before a first start's agent can connect, CDI imports the cloud
 * image (hundreds of MB downloaded and converted: minutes on a cold mirror), the guest boots and
 * cloud-init reaches its network stage (measured 2 min under software emulation, see test:vm).
 * Packages and Docker come after the agent. Coder's 120 s would flag every new workspace.
 */
const FIRST_START_SECONDS = 1200;

/** The sizes a Linux VM offers unless the props say otherwise. */
const VM_SIZES: VmSizeDefaults = {
  cpu: { default: 2, min: 1, max: 8 },
  memory: { default: '4Gi', min: '2Gi', max: '32Gi' },
  rootDiskSize: { default: '16Gi', min: '16Gi', max: '256Gi' },
};

/**
 * A KubeVirt virtual machine as a Coder workspace. The root disk is a CDI DataVolume imported
 * from the chosen distribution's cloud image; it is never counted on start_count, so the whole
 * root file system survives stop/start and goes only with the workspace, and its name, namespace
 * and spec are fixed at creation (template upgrades and renames never touch it). The VM and the
 * Secret with its cloud-init user-data and agent token exist only while the workspace runs; the
 * guest's firmware UUID is the workspace id, so cloud-init sees the same instance on every boot and
 * runs its per-instance setup once. Every build issues a new agent token: a start build of a
 * running workspace recreates the VM after the Secret holds the new token, so the agent comes up
 * with it. The agent starts as soon as cloud-init has created the user; packages and Docker are
 * installed afterwards by a "Provisioning" script whose log Coder shows.
 */
export class KubevirtWorkspace extends Construct {
  /** The VirtualMachine (`kubernetes_manifest`, counted on start_count; escape hatch). */
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
  /** The graphical console, with `console: "vnc"`. */
  public readonly console?: GraphicalConsole;
  private readonly dataDisks: DataDisk[] = [];
  private readonly sharedDisks: SharedDiskMount[] = [];
  private vmSpec?: VirtualMachineSpec;
  private diskPlace?: { labels: Record<string, string>; annotations: Record<string, string>; storageClassName?: string };
  /** Parameter: the distribution (immutable). */
  public readonly distroParameter: WorkspaceParameter;
  /** Parameter: vCPU cores (mutable); absent when the template offers instance types. */
  public readonly cpuParameter?: WorkspaceParameter;
  /** Parameter: memory in GiB (mutable); absent when the template offers instance types. */
  public readonly memoryParameter?: WorkspaceParameter;
  /** Parameter: the cluster instance type (mutable), when the template offers instance types. */
  public readonly instancetypeParameter?: WorkspaceParameter;
  /** Parameter: root disk size in GiB (immutable: a DataVolume's spec cannot change). */
  public readonly diskParameter: WorkspaceParameter;
  /** Object name of the VM, `coder-<workspace id>`. */
  public readonly name: string;
  /** The namespace the workspace lives in: its root disk's, fixed when the workspace was created. */
  public readonly namespace: string;
  /**
   * `coder-<owner>-<workspace>.<namespace>.svc.cluster.local`: how other pods and VMs reach this
   * one. It follows renames (the Service holds no data; a hyphen in the owner's name is doubled).
   */
  public readonly dnsName: string;
  /** The distributions offered, in order. */
  public readonly distros: readonly DistroKey[];

  constructor(scope: Construct, id: string, props: KubevirtWorkspaceProps = {}) {
    super(scope, id);
    checkLiterals(this, props);
    const template = CoderTemplate.of(this);
    const distros = checkDistros(this, props);
    this.distros = distros;
    const sized = checkVmProps(this, props, VM_SIZES);
    const disk = sized.disk;
    const username = checkImagesAndUser(this, props, distros, disk.min);

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
    const sizes = checkInstancetypes(this, props);
    checkDevices(this, props);
    if (sizes === undefined) {
      const { cpu, memory } = cpuMemoryParameters(template, sized, 2);
      this.cpuParameter = cpu;
      this.memoryParameter = memory;
    } else {
      this.instancetypeParameter = template.addParameter('instancetype', {
        name: 'instancetype',
        displayName: 'Size',
        description: 'vCPUs and memory of the VM (a cluster instance type); takes effect at the next start.',
        type: 'string',
        default: props.defaultInstancetype ?? sizes[0].name,
        mutable: true,
        order: 2,
        icon: '/icon/memory.svg',
        options: sizes.map((t) => ({ name: `${t.name} (${t.cpu} vCPU, ${t.memoryGi} GiB)`, value: t.name })),
      });
    }
    this.diskParameter = rootDiskParameter(template, disk, 4);

    // Locals keep main.tf readable: each value is computed once and referenced everywhere.
    const local = (id: string, value: unknown): string => namedLocal(this, id, value);
    const identity = WorkspaceIdentity.of(this);
    this.name = identity.name;
    const labels = Token.asStringMap(local('workspace_labels', { ...(props.labels ?? {}), ...identity.labels }));
    const annotations = { ...(props.annotations ?? {}), ...identity.annotations };
    const distro = this.distroParameter.value;
    // One HTTP source per distribution (URL and, where known, the checksum CDI verifies); the golden-images platform stack reads it too.
    const imageSources = local('image_sources', checkImageSources(this, props, distros));

    // The whole root file system, home included, is the one persistent disk `disk_size` sizes.
    const diskUsage = { path: '/', displayName: 'Root disk usage' };
    this.agent = workspaceAgent(this, props, { home: `/home/${username}`, connectionTimeout: FIRST_START_SECONDS, disk: diskUsage });
    this.provisioning = new ProvisioningScript(this, 'Provisioning', {
      agent: this.agent,
      distros,
      distro,
      packages: BASE_PACKAGES,
      docker: props.docker ?? true,
    });
    this.addPackages(...(props.packages ?? []));
    check(props.console === undefined || ['none', 'vnc'].includes(props.console), this, 'console', `"${props.console}" must be "none" or "vnc"`);
    if (props.console === 'vnc') this.console = new GraphicalConsole(this, 'Console', { agent: this.agent, provisioning: this.provisioning, distros });

    // A golden image is cloned in the cluster; the platform stack reads this local to make it.
    // The vm-instancetypes platform stack reads the sizes from this local.
    if (sizes !== undefined) local('vm_instancetypes', Object.fromEntries(sizes.map((t) => [t.name, { cpu: t.cpu, memory: `${t.memoryGi}Gi` }])));
    const golden =
      (props.imageSource ?? 'http') === 'golden' ? local('golden_image_namespace', props.goldenImageNamespace ?? DEFAULT_GOLDEN_IMAGE_NAMESPACE) : undefined;
    // The root disk anchors the workspace: its name, namespace and spec are what they were at
    // creation, whatever later template versions say; every other object follows it.
    const root = vmRootDisk(this, props, {
      labels,
      annotations,
      source:
        golden !== undefined
          ? { sourceRef: { name: distro, namespace: golden } }
          : { http: Token.asAny(Fn.lookup(imageSources, distro)) as unknown as HttpImport },
      storage: `${this.diskParameter.value}Gi`,
    });
    this.rootDisk = root.rootDisk;
    this.namespace = root.namespace;
    const diskName = root.diskName;

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
            dataDisks: this.dataDisks.map((disk) => ({ name: disk.name, device: `/dev/disk/by-id/virtio-${disk.serial}`, mountPath: disk.mountPath })),
            sharedDisks: this.sharedDisks,
            console: this.console?.unitsFor(key),
          }),
      });
    }
    const { build, userDataSecret } = perBuildTrigger(this);

    this.vmSpec = {
      ...vmSpecBase(this, props, {
        name: this.name,
        namespace: this.namespace,
        labels,
        annotations,
        agentId: this.agent.id,
        rootDataVolume: diskName,
        userDataSecret,
        sized,
      }),
      size:
        this.instancetypeParameter !== undefined
          ? { instancetype: this.instancetypeParameter.value, preference: VM_PREFERENCE }
          : { cores: this.cpuParameter!.numberValue, cpuRequest: sized.cpuRequest, memory: `${this.memoryParameter!.value}Gi` },
      gpus: props.gpus,
      hostDevices: props.hostDevices,
      hostCpu: props.nestedVirtualization ?? false,
    };
    this.vm = new Manifest(this, 'Resource', {
      count: template.startCount,
      manifest: virtualMachineManifest(this.vmSpec),
      dependsOn: [this.rootDisk],
      lifecycle: { replaceTriggeredBy: [build] },
    });
    this.vm.overrideLogicalId('vm');
    this.diskPlace = { labels, annotations, storageClassName: props.storageClassName };

    // The Secret holds the user-data and, as a key of its own attached to the VM as a disk (never
    // part of the user-data), the build's token. It is made after the VM under this build's name,
    // so a new guest waits for it (kubelet retries the mount) and reads this build's token; and the
    // VM, not the Secret, stays the agent's closest dependent in Coder's reading of the graph.
    this.cloudInit = new SecretV1(this, 'CloudInit', {
      count: template.startCount,
      metadata: { name: userDataSecret, namespace: this.namespace, labels, annotations },
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

    const dns = vmDnsService(this, props, { name: this.name, namespace: this.namespace, labels, annotations });
    this.service = dns.service;
    this.dnsName = dns.dnsName;
    vmInfo(this, dns.serviceName, [
      { key: 'distribution', value: distro },
      ...(this.instancetypeParameter !== undefined
        ? [{ key: 'size', value: this.instancetypeParameter.value }]
        : [
            { key: 'cpu cores', value: this.cpuParameter!.value },
            { key: 'memory', value: `${this.memoryParameter!.value} GiB` },
          ]),
      { key: 'root disk', value: `${this.diskParameter.value} GiB` },
    ]);
  }

  /**
   * Adds a persistent data disk: a DataVolume (blank, or imported from `imageUrl`) named from the
   * workspace id, kept for the workspace's life and fixed at creation like the root disk, attached
   * with the virtio serial `cvmkit-<name>`; at every boot the guest formats it once if blank
   * (ext4, labelled `<name>`), lists it in fstab and mounts it at `mountPath`, owned by the user.
   * A disk added by a later template version is set up on existing workspaces at their next start;
   * removing one deletes its DataVolume (`cvmkit upgrade-check` and `push` report that as data loss).
   */
  public addDisk(props: DataDiskProps): Manifest {
    const disk = makeDataDisk(this, this.dataDisks, props, {
      name: WorkspaceIdentity.of(this).objectName(`-${props.name}`),
      namespace: this.namespace,
      ...this.diskPlace!,
    });
    this.dataDisks.push(disk);
    this.renderVm();
    return disk.resource;
  }

  /**
   * Mounts the team share `name` (declared in the settings' `sharedDisks`, made by the
   * `shared-disks` platform stack as the claim `cvmkit-share-<name>` in the workspace's namespace)
   * at `mountPath`: attached to the VM as a virtiofs filesystem, mounted by the guest at every boot.
   * The claim belongs to the platform: deleting the workspace leaves it. Only ReadWriteMany claims
   * (or ReadOnlyMany, read-only) are accepted, since every workspace of the template mounts it.
   */
  public addSharedDisk(name: string, props: SharedDiskMountProps): void {
    const taken = [...this.dataDisks.map((d) => d.mountPath), ...this.sharedDisks.map((d) => d.mountPath)];
    this.sharedDisks.push(sharedDiskMount(this, this.sharedDisks, taken, name, props));
    // The shared-disks platform stack reads which shares the template mounts, and how, from this local.
    if (this.sharedDisks.length === 1) {
      const shares = () => Object.fromEntries(this.sharedDisks.map((d) => [d.name, { accessMode: d.accessMode, readOnly: d.readOnly }]));
      namedLocal(this, 'shared_disks', Lazy.anyValue({ produce: shares }));
    }
    this.renderVm();
  }

  private renderVm(): void {
    this.vm.manifest = virtualMachineManifest({
      ...this.vmSpec!,
      dataDisks: this.dataDisks.map((d) => ({ volume: d.volume, serial: d.serial, dataVolume: d.dataVolume })),
      sharedDisks: this.sharedDisks.map((d) => ({ volume: d.tag, claimName: d.claimName, readOnly: d.readOnly })),
    });
  }

  /** Adds packages the Provisioning script installs on every offered distribution. */
  public addPackages(...names: string[]): void {
    checkLiterals(this, names, [], ['packages']);
    for (const name of names) check(PACKAGE_NAME.test(name), this, 'packages', `"${name}" is not a package name`);
    this.provisioning.addPackages(...names);
  }
}

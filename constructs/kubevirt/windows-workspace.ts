// A Coder workspace that is a Windows virtual machine on KubeVirt, its root disk cloned from the platform team's golden image.
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { AGENT_DISK, renderWindowsUserDataTemplate, WINDOWS_PASSWORD_FILE } from '../../cloud-init';
import { CoderAgent } from '../core/agent';
import { Construct, DataResource, Fn, ref, Token } from '../core/cdktf';
import { CoderTemplate } from '../core/coder-template';
import { check } from '../core/errors';
import { WorkspaceIdentity } from '../core/identity';
import { checkLiterals } from '../core/literals';
import { namedLocal } from '../core/locals';
import { isDnsLabel } from '../core/names';
import { WorkspaceParameter } from '../core/parameter';
import { checkGibibyteRange } from '../core/range';
import { CoderRegistryModule } from '../modules/registry-module';
import { workspaceAgent } from '../modules/workspace-agent';
import { virtualMachineManifest } from './manifests';
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
import { KubevirtWindowsWorkspaceProps, WindowsRdpModuleProps } from './windows-props';

export type { KubevirtWindowsWorkspaceProps } from './windows-props';

/** The sizes a Windows VM offers unless the props say otherwise (Windows 11 needs 4 GiB and 64 GB). */
const WINDOWS_SIZES: VmSizeDefaults = {
  cpu: { default: 4, min: 2, max: 16 },
  memory: { default: '8Gi', min: '4Gi', max: '64Gi' },
  rootDiskSize: { default: '80Gi', min: '64Gi', max: '512Gi' },
};
/**
 * The agent's connection timeout: a first start clones the golden disk (tens of GiB; minutes when
 * the storage cannot clone by snapshot), then Windows runs sysprep's specialize pass and reboots
 * before Cloudbase-Init starts the agent. Not measured here (no Windows guest): an estimate.
 */
const FIRST_START_SECONDS = 1800;
/** Local user names Windows keeps for itself. */
const RESERVED_USERS = ['administrator', 'guest', 'defaultaccount', 'wdagutilityaccount'];

/**
 * A Windows VM on KubeVirt as a Coder workspace: the same life as {@link KubevirtWorkspace} (root
 * disk for the workspace's life, named from its id and fixed at creation; the VM and the per-build
 * Secret only while it runs, replaced every build) with a Windows guest: UEFI Secure Boot, SMM, a
 * TPM, Hyper-V enlightenments, q35, virtio disk and NIC. Cloudbase-Init runs the PowerShell
 * user-data from the ConfigDrive at every boot: it creates the user, enables RDP and starts Coder's
 * Windows agent with this build's token, read from the Secret's CD-ROM.
 */
export class KubevirtWindowsWorkspace extends Construct {
  /** The VirtualMachine (`kubernetes_manifest.vm`, counted on start_count; escape hatch). */
  public readonly vm: Manifest;
  /** The root-disk DataVolume, cloned from `windowsImage`. */
  public readonly rootDisk: Manifest;
  /** The per-build Secret: user-data, the agent token and the user's password. */
  public readonly cloudInit: SecretV1;
  /** The headless Service naming the VM, with its RDP port. */
  public readonly service: ServiceV1;
  /** The Coder agent (`os = "windows"`). */
  public readonly agent: CoderAgent;
  /** The user's password, generated once per workspace (`terraform_data.user_password`). */
  public readonly password: DataResource;
  /** Parameters: vCPU cores and memory (mutable), root disk size (immutable). */
  public readonly cpuParameter: WorkspaceParameter;
  public readonly memoryParameter: WorkspaceParameter;
  public readonly diskParameter: WorkspaceParameter;
  /** Object name of the VM, `coder-<workspace id>`. */
  public readonly name: string;
  /** The namespace of the workspace: its root disk's, fixed at creation. */
  public readonly namespace: string;
  /** `coder-<owner>-<workspace>.<namespace>.svc.cluster.local`. */
  public readonly dnsName: string;
  /** The Windows user. */
  public readonly username: string;

  constructor(scope: Construct, id: string, props: KubevirtWindowsWorkspaceProps) {
    super(scope, id);
    checkLiterals(this, props);
    const template = CoderTemplate.of(this);
    const image = props.windowsImage;
    check(image !== undefined, this, 'windowsImage', 'is required: the DataSource of the golden image the platform team provides');
    check(isDnsLabel(image.namespace), this, 'windowsImage.namespace', `"${image.namespace}" is not a DNS-1123 label`);
    check(/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(image.name), this, 'windowsImage.name', `"${image.name}" is not a DNS-1123 subdomain`);
    const imageGi = checkGibibyteRange(this, 'windowsImage.diskSize', { default: image.diskSize ?? '64Gi', min: '1Gi', max: '65536Gi' }).default;
    // A larger golden disk raises the default bounds: a clone may not be smaller than its source.
    const defaultDisk = { default: `${Math.max(80, imageGi)}Gi`, min: `${Math.max(64, imageGi)}Gi`, max: `${Math.max(512, imageGi)}Gi` };
    const sized = checkVmProps(this, props, { ...WINDOWS_SIZES, rootDiskSize: defaultDisk });
    check(
      sized.disk.min >= imageGi,
      this,
      'rootDiskSize.min',
      `${sized.disk.min}Gi is smaller than the golden disk (${imageGi}Gi); CDI refuses a clone smaller than its source`,
    );
    const username = props.username ?? 'coder';
    check(
      /^[A-Za-z][A-Za-z0-9._-]{0,19}$/.test(username) && !RESERVED_USERS.includes(username.toLowerCase()),
      this,
      'username',
      `"${username}" must be a Windows user name of 1-20 letters, digits, ".", "_" and "-", starting with a letter (not ${RESERVED_USERS.join(', ')})`,
    );
    this.username = username;
    const timezone = props.timezone;
    check(
      timezone === undefined || /^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(timezone),
      this,
      'timezone',
      `"${timezone}" is not a time zone name such as "Europe/Berlin"`,
    );

    const parameters = cpuMemoryParameters(template, sized, 1);
    this.cpuParameter = parameters.cpu;
    this.memoryParameter = parameters.memory;
    this.diskParameter = rootDiskParameter(template, sized.disk, 3);

    const identity = WorkspaceIdentity.of(this);
    this.name = identity.name;
    const labels = Token.asStringMap(namedLocal(this, 'workspace_labels', { ...(props.labels ?? {}), ...identity.labels }));
    const annotations = { ...(props.annotations ?? {}), ...identity.annotations };

    this.agent = workspaceAgent(
      this,
      { agentConnectionTimeout: props.agentConnectionTimeout, troubleshootingUrl: props.troubleshootingUrl, gitIdentity: props.gitIdentity, codeServer: false },
      { home: `C:\\Users\\${username}`, connectionTimeout: FIRST_START_SECONDS, disk: undefined, os: 'windows' },
    );
    // Generated once (uuid() is evaluated at the first apply; later builds ignore the new value):
    // the user's password for RDP, the same for the workspace's life.
    this.password = new DataResource(this, 'Password', {
      input: Fn.sensitive(Fn.format('Cv-%s', [Fn.uuid()])),
      lifecycle: { ignoreChanges: ['input'] },
    });
    this.password.overrideLogicalId('user_password');
    const password = Token.asString(this.password.output);

    // Read by the simulator as what the platform team provides (a DataSource no stack makes).
    namedLocal(this, 'windows_golden_image', { namespace: image.namespace, name: image.name });
    const root = vmRootDisk(this, props, {
      labels,
      annotations,
      source: { sourceRef: { name: image.name, namespace: image.namespace } },
      storage: `${this.diskParameter.value}Gi`,
    });
    this.rootDisk = root.rootDisk;
    this.namespace = root.namespace;
    template.addFile({ path: 'cloud-init/windows.ps1.tftpl', content: () => renderWindowsUserDataTemplate({ username }) });
    const { build, userDataSecret } = perBuildTrigger(this);

    this.vm = new Manifest(this, 'Resource', {
      count: template.startCount,
      manifest: virtualMachineManifest({
        ...vmSpecBase(this, props, {
          name: this.name,
          namespace: this.namespace,
          labels,
          annotations,
          agentId: this.agent.id,
          rootDataVolume: root.diskName,
          userDataSecret,
          sized,
        }),
        size: { cores: this.cpuParameter.numberValue, cpuRequest: sized.cpuRequest, memory: `${this.memoryParameter.value}Gi` },
        windows: { secureBoot: props.secureBoot ?? true, tpm: props.tpm ?? true, timezone },
      }),
      // After the password: the workspace info reads both, and its closest resource must be the VM.
      dependsOn: [this.rootDisk, this.password],
      lifecycle: { replaceTriggeredBy: [build] },
    });
    this.vm.overrideLogicalId('vm');

    // Made after the VM under this build's name: the new guest waits for it and reads this build's token.
    this.cloudInit = new SecretV1(this, 'CloudInit', {
      count: template.startCount,
      metadata: { name: userDataSecret, namespace: this.namespace, labels, annotations },
      data: {
        userdata: Token.asString(
          Fn.templatefile(Fn.format('%s/cloud-init/windows.ps1.tftpl', [ref('path.module')]), { init_script_b64: Fn.base64encode(this.agent.initScript) }),
        ),
        [AGENT_DISK.envFile]: Token.asString(Fn.format('CODER_AGENT_TOKEN=%s\n', [this.agent.token])),
        [WINDOWS_PASSWORD_FILE]: password,
      },
      type: 'Opaque',
      dependsOn: [this.vm],
    });
    this.cloudInit.overrideLogicalId('cloud_init');

    const dns = vmDnsService(this, props, { name: this.name, namespace: this.namespace, labels, annotations, ports: [{ name: 'rdp', port: 3389 }] });
    this.service = dns.service;
    this.dnsName = dns.dnsName;
    vmInfo(this, dns.serviceName, [
      { key: 'windows image', value: `${image.namespace}/${image.name}` },
      { key: 'cpu cores', value: this.cpuParameter.value },
      { key: 'memory', value: `${this.memoryParameter.value} GiB` },
      { key: 'root disk', value: `${this.diskParameter.value} GiB` },
      { key: 'user', value: username },
      { key: 'password', value: password, sensitive: true },
    ]);

    const rdp = props.modules?.windowsRdp;
    if (rdp !== undefined && rdp !== false) this.addWebRdp(rdp === true ? {} : rdp);
  }

  /** Web RDP through Devolutions Gateway: the `windows-rdp` registry module, logged in as the workspace user. */
  private addWebRdp(rdp: WindowsRdpModuleProps): CoderRegistryModule {
    return new CoderRegistryModule(this, 'WindowsRdp', {
      module: 'windows-rdp',
      name: 'windows_rdp',
      inputs: {
        agent_id: this.agent.id,
        admin_username: this.username,
        admin_password: Token.asString(this.password.output),
        share: rdp.share,
        devolutions_gateway_version: rdp.devolutionsGatewayVersion,
      },
    });
  }
}

// KubevirtWindowsWorkspace and the kubevirt-windows catalog template: the Windows guest's VM, its Cloudbase-Init
// user-data, the RDP module, and the lifecycle through terraform (the disk and the password survive everything).
import { CoderTemplate } from '../constructs/core/coder-template';
import { KubevirtWindowsWorkspace, KubevirtWindowsWorkspaceProps } from '../constructs/kubevirt';
import { CATALOG } from '../src/catalog';
import { checkSettings } from '../src/settings';
import { openApiProblems } from '../src/simulator/apiserver';
import { renderTemplate } from '../src/synth';
import { refusals } from './support/apiserver';
import { synthTemplate } from './support/synth';
import { removeSimulatorRuns, sim } from './support/simulator';
import { withTerraform } from './support/tools';

jest.setTimeout(240_000);
afterAll(removeSimulatorRuns);

const IMAGE = { namespace: 'golden', name: 'windows-server-2022' };
const windows = (props: Partial<KubevirtWindowsWorkspaceProps> = {}, build?: (t: CoderTemplate) => void) =>
  synthTemplate((t) => {
    new KubevirtWindowsWorkspace(t, 'Workspace', { windowsImage: IMAGE, ...props });
    build?.(t);
  });
const definition = CATALOG.find((d) => d.name === 'kubevirt-windows')!;

describe('the VirtualMachine', () => {
  const { json } = windows();
  const vm = json.resource.kubernetes_manifest.vm;
  const spec = vm.manifest.spec.template.spec;

  test('boots UEFI with Secure Boot and SMM, a TPM, q35 and the Hyper-V enlightenments', () => {
    expect(spec.domain.machine).toEqual({ type: 'q35' });
    expect(spec.domain.firmware).toEqual({ uuid: '${data.coder_workspace.me.id}', bootloader: { efi: { secureBoot: true } } });
    expect(spec.domain.features.smm).toEqual({ enabled: true });
    expect(Object.keys(spec.domain.features.hyperv)).toEqual(
      expect.arrayContaining(['relaxed', 'vapic', 'spinlocks', 'vpindex', 'runtime', 'synic', 'synictimer', 'frequencies', 'tlbflush', 'ipi']),
    );
    expect(spec.domain.features.hyperv.spinlocks).toEqual({ spinlocks: 8191 });
    expect(spec.domain.devices.tpm).toEqual({});
    expect(spec.domain.clock).toEqual({
      utc: {},
      timer: { hpet: { present: false }, pit: { tickPolicy: 'delay' }, rtc: { tickPolicy: 'catchup' }, hyperv: {} },
    });
  });

  test('a virtio root disk and NIC on masquerade; the user-data as a ConfigDrive and the Secret as SATA CD-ROMs', () => {
    expect(spec.domain.devices.disks).toEqual([
      { name: 'rootdisk', disk: { bus: 'virtio' }, bootOrder: 1 },
      { name: 'cloudinitdisk', cdrom: { bus: 'sata' } },
      { name: 'agentdisk', cdrom: { bus: 'sata' }, serial: 'cvmkit-agent' },
    ]);
    expect(spec.domain.devices.interfaces).toEqual([{ name: 'default', masquerade: {}, model: 'virtio' }]);
    expect(spec.volumes).toEqual([
      { name: 'rootdisk', dataVolume: { name: '${local.root_disk_name}' } },
      { name: 'cloudinitdisk', cloudInitConfigDrive: { secretRef: { name: '${local.workspace_name}-cloudinit-${local.build_id}' } } },
      { name: 'agentdisk', secret: { secretName: '${local.workspace_name}-cloudinit-${local.build_id}' } },
    ]);
  });

  test('runs only while the workspace does, is replaced every build, and the agent is windows', () => {
    expect(vm.count).toBe('${data.coder_workspace.me.start_count}');
    expect(vm.lifecycle.replace_triggered_by).toEqual(['${terraform_data.build}']);
    expect(json.resource.coder_agent.main).toMatchObject({ os: 'windows', dir: 'C:\\Users\\coder', connection_timeout: 1800 });
    expect(json.resource.coder_agent.main.metadata).toBeUndefined();
  });

  test('Secure Boot and the TPM can be turned off, and a local-time clock chosen', () => {
    const d = windows({ secureBoot: false, tpm: false, timezone: 'Europe/Berlin' }).json.resource.kubernetes_manifest.vm.manifest.spec.template.spec.domain;
    expect(d.firmware.bootloader).toEqual({ efi: { secureBoot: false } });
    expect(d.devices.tpm).toBeUndefined();
    expect(d.clock.timezone).toBe('Europe/Berlin');
    expect(d.clock.utc).toBeUndefined();
  });

  test('the Service names the RDP port and selects the VM by its id-based instance label', () => {
    const service = json.resource.kubernetes_service_v1.vm_dns;
    expect(service.spec.cluster_ip).toBe('None');
    expect(service.spec.port).toEqual([{ name: 'rdp', port: 3389, target_port: '3389', protocol: 'TCP' }]);
    expect(service.spec.selector).toEqual({ 'app.kubernetes.io/instance': '${local.workspace_name}' });
  });
});

describe('the root disk: no disk lost', () => {
  const { json } = windows();
  const disk = json.resource.kubernetes_manifest.root_disk;
  test('a clone of the golden DataSource, named from the workspace id, never counted, fixed at creation', () => {
    expect(disk.count).toBeUndefined();
    expect(disk.manifest.metadata.name).toBe('${local.workspace_name}-root');
    expect(disk.manifest.spec.sourceRef).toEqual({ kind: 'DataSource', ...IMAGE });
    expect(disk.manifest.spec.storage.resources.requests.storage).toBe('${data.coder_parameter.disk_size.value}Gi');
    expect(disk.lifecycle.ignore_changes).toEqual(['manifest.metadata.name', 'manifest.metadata.namespace', 'manifest.spec']);
    expect(json.data.coder_parameter.disk_size).toMatchObject({ mutable: false, default: '80', validation: { min: 64, max: 512 } });
  });
  test('the password is generated once: later builds ignore the new uuid()', () => {
    expect(json.resource.terraform_data.user_password).toEqual({ input: '${sensitive(format("Cv-%s", uuid()))}', lifecycle: { ignore_changes: ['input'] } });
  });
});

describe('the user-data', () => {
  const { json, stack } = windows({ username: 'dev' });
  const script = stack.renderFiles().find((f) => f.path === 'cloud-init/windows.ps1.tftpl')!.content;
  const secret = json.resource.kubernetes_secret_v1.cloud_init;

  test('is PowerShell for Cloudbase-Init that runs at every boot, makes the user, enables RDP and starts the agent', () => {
    expect(script.split('\n')[0]).toBe('#ps1_sysnative');
    expect(script.trimEnd().endsWith('exit 1002')).toBe(true);
    expect(script).toContain("$User = 'dev'");
    expect(script).toContain('New-LocalUser -Name $User');
    expect(script).toContain("foreach ($sid in 'S-1-5-32-544', 'S-1-5-32-555')");
    expect(script).toContain('-Name fDenyTSConnections -Value 0');
    expect(script).toContain("$env:CODER_AGENT_TOKEN = $Secrets['CODER_AGENT_TOKEN']");
    expect(script).toContain("Find-SecretFile 'agent.env'");
    expect(script).toContain("Find-SecretFile 'user-password'");
  });

  test("holds Terraform's one template variable and no other template sequence", () => {
    expect(script.match(/[$%]\{[^}]*\}/g)).toEqual(['${init_script_b64}']);
    expect(secret.data.userdata).toBe(
      '${templatefile(format("%s/cloud-init/windows.ps1.tftpl", path.module), {"init_script_b64" = base64encode(coder_agent.main.init_script)})}',
    );
  });

  test('the token and the password are keys of the Secret of their own, never part of the user-data', () => {
    expect(secret.data['agent.env']).toBe('${format("CODER_AGENT_TOKEN=%s\\n", coder_agent.main.token)}');
    expect(secret.data['user-password']).toBe('${terraform_data.user_password.output}');
    expect(secret.depends_on).toEqual(['kubernetes_manifest.vm']);
  });
});

describe('fails when', () => {
  test('no golden image is named, or a bad one', () => {
    expect(() => synthTemplate((t) => new KubevirtWindowsWorkspace(t, 'Workspace', {} as KubevirtWindowsWorkspaceProps))).toThrow(
      'test/Workspace: invalid windowsImage: is required: the DataSource of the golden image the platform team provides',
    );
    expect(() => windows({ windowsImage: { namespace: 'Golden', name: 'w' } })).toThrow(
      'test/Workspace: invalid windowsImage.namespace: "Golden" is not a DNS-1123 label',
    );
    expect(() => windows({ windowsImage: { namespace: 'g', name: 'W_2022' } })).toThrow(
      'test/Workspace: invalid windowsImage.name: "W_2022" is not a DNS-1123 subdomain',
    );
  });
  test('the smallest root disk is smaller than the golden disk', () => {
    expect(() => windows({ windowsImage: { ...IMAGE, diskSize: '100Gi' }, rootDiskSize: { default: '120Gi', min: '64Gi', max: '200Gi' } })).toThrow(
      'test/Workspace: invalid rootDiskSize.min: 64Gi is smaller than the golden disk (100Gi); CDI refuses a clone smaller than its source',
    );
  });
  test('the user name is not a Windows user name or a reserved one', () => {
    expect(() => windows({ username: 'Administrator' })).toThrow('test/Workspace: invalid username: "Administrator" must be a Windows user name');
    expect(() => windows({ username: 'a-name-longer-than-twenty' })).toThrow('test/Workspace: invalid username');
    expect(() => windows({ username: "o'brien" })).toThrow('test/Workspace: invalid username');
  });
  test('the time zone is not a zone name', () => {
    expect(() => windows({ timezone: 'UTC+1; rm' })).toThrow('test/Workspace: invalid timezone: "UTC+1; rm" is not a time zone name such as "Europe/Berlin"');
  });
  test('the Web RDP module is given a share it does not know', () => {
    expect(() => windows({ modules: { windowsRdp: { share: 'everyone' as 'owner' } } })).toThrow(
      'test/Workspace/WindowsRdp: invalid inputs.share: "everyone" is not one of owner, authenticated, public',
    );
  });
});

test('Web RDP is the registry module, opt-in, logged in as the workspace user', () => {
  expect((windows().json as unknown as { module?: unknown }).module).toBeUndefined();
  const module = windows({ modules: { windowsRdp: { devolutionsGatewayVersion: '2025.3.2' } } }).json as unknown as { module: Record<string, any> };
  expect(module.module.windows_rdp).toEqual({
    source: 'registry.coder.com/coder/windows-rdp/coder',
    version: '1.3.1',
    count: '${data.coder_workspace.me.start_count}',
    agent_id: '${coder_agent.main.id}',
    admin_username: 'coder',
    admin_password: '${terraform_data.user_password.output}',
    devolutions_gateway_version: '2025.3.2',
  });
});

describe('the catalog template', () => {
  test('its VM manifest and root disk are valid against the KubeVirt and CDI OpenAPI, with no unknown fields', async () => {
    const manifests = (await renderTemplate(definition)).json.resource.kubernetes_manifest;
    expect(openApiProblems(manifests.vm.manifest)).toEqual([]);
    expect(openApiProblems(manifests.root_disk.manifest)).toEqual([]);
    const typo = JSON.parse(JSON.stringify(manifests.vm.manifest));
    typo.spec.template.spec.domain.features.hyperv.spinlock = {};
    expect(openApiProblems(typo)).toContainEqual('spec.template.spec.domain.features.hyperv.spinlock: unknown field');
  });

  test("KubeVirt's webhook admits its VM, and refuses it with Secure Boot but without SMM", async () => {
    const vm = (await renderTemplate(definition)).json.resource.kubernetes_manifest.vm.manifest;
    // Terraform's references made values, as the provider would send them.
    const object = JSON.parse(JSON.stringify({ ...vm, metadata: { ...vm.metadata, name: 'x', namespace: 'ws', labels: {}, annotations: {} } }));
    object.spec.template.metadata.labels = {};
    object.spec.template.spec.hostname = 'dev';
    object.spec.template.spec.domain.cpu.cores = 4;
    object.spec.template.spec.domain.resources.limits.cpu = 4;
    expect(refusals(object)).toEqual([]);
    const noSmm = JSON.parse(JSON.stringify(object));
    delete noSmm.spec.template.spec.domain.features.smm;
    expect(refusals(noSmm)).toEqual([
      'admission webhook "virtualmachine-validator.kubevirt.io" denied the request: spec.template.spec has EFI SecureBoot enabled. SecureBoot requires SMM, which is currently disabled.',
    ]);
  });

  test('the settings name the golden image and turn Web RDP on; the Linux modules stay out', async () => {
    const settings = checkSettings(
      { windowsImage: { name: 'win11', diskSize: '70Gi' }, goldenImageNamespace: 'images', modules: { windowsRdp: true, codeServer: true } },
      'cvmkit.config.yaml',
    );
    const json = (await renderTemplate(definition, 'hcl', settings)).json;
    expect(json.resource.kubernetes_manifest.root_disk.manifest.spec.sourceRef).toEqual({ kind: 'DataSource', name: 'win11', namespace: 'images' });
    // The smallest root disk follows a larger golden disk.
    expect(json.data.coder_parameter.disk_size.validation).toEqual({ min: 70, max: 512 });
    expect(Object.keys(json.module)).toEqual(['windows_rdp']);
    expect(() => checkSettings({ modules: { windowsRdp: { share: 'everyone' } } }, 'cvmkit.config.yaml')).toThrow('cvmkit.config.yaml');
  });
});

// The catalog's kubevirt-windows lives the whole lifecycle in test/simulator.test.ts (its disk and
// password kept until the delete); here the variant with the windows-rdp module goes through terraform.
withTerraform('through terraform: the template with the windows-rdp module validates, plans, applies, and keeps the graph rules', async () => {
  const { validateTemplate, platformBaseline } = sim();
  const files = (await renderTemplate(definition, 'hcl', { modules: { windowsRdp: true } })).files;
  const rows = await validateTemplate(files, await platformBaseline([{}]));
  expect(rows.filter((r) => !r.ok)).toEqual([]);
  expect(rows.find((r) => r.check === 'agent → one compute resource')!.detail).toBe('coder_agent.main → kubernetes_manifest.vm');
});

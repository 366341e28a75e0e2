// VM sizes as KubeVirt cluster instance types (a Size parameter instead of cpu and memory), the
// platform stack that makes them, the eviction strategy, and what the simulated cluster says.
import { KubevirtWorkspace } from '../constructs/kubevirt';
import { CATALOG } from '../src/catalog';
import { catalogJson, renderPlatform } from '../src/platform-synth';
import { vmInstancetypes } from '../src/platform';
import { OrganisationSettings } from '../src/settings';
import { renderTemplate } from '../src/synth';
import { synthTemplate } from './support/synth';
import { sim, removeSimulatorRuns } from './support/simulator';
import { withTerraform } from './support/tools';
import { App } from 'cdktf';
import { cluster, object, refusals, vm } from './support/apiserver';

jest.setTimeout(240_000);
afterAll(removeSimulatorRuns);

const SIZES = [
  { name: 'cx1.medium', cpu: 2, memory: '8Gi' },
  { name: 'cx1.large', cpu: 4, memory: '16Gi' },
];
const vmOf = (props: ConstructorParameters<typeof KubevirtWorkspace>[2]) => synthTemplate((t) => new KubevirtWorkspace(t, 'Workspace', props)).json;

describe('a KubevirtWorkspace with instance types', () => {
  const json = vmOf({ instancetypes: SIZES, defaultInstancetype: 'cx1.large' });
  const vm = json.resource.kubernetes_manifest.vm.manifest;

  test('offers a mutable Size parameter instead of cpu and memory', () => {
    const p = json.data.coder_parameter;
    expect(p.cpu).toBeUndefined();
    expect(p.memory).toBeUndefined();
    expect(p.instancetype).toMatchObject({ type: 'string', mutable: true, default: 'cx1.large' });
    expect(p.instancetype.option.map((o: { name: string; value: string }) => [o.value, o.name])).toEqual([
      ['cx1.medium', 'cx1.medium (2 vCPU, 8 GiB)'],
      ['cx1.large', 'cx1.large (4 vCPU, 16 GiB)'],
    ]);
  });

  test('the VM names the instance type and the preference, and sets no CPU or memory of its own', () => {
    expect(vm.spec.instancetype).toEqual({ kind: 'VirtualMachineClusterInstancetype', name: '${data.coder_parameter.instancetype.value}' });
    expect(vm.spec.preference).toEqual({ kind: 'VirtualMachineClusterPreference', name: 'cvmkit-linux' });
    const domain = vm.spec.template.spec.domain;
    expect([domain.cpu, domain.memory, domain.resources]).toEqual([undefined, undefined, undefined]);
    expect(json.locals.vm_instancetypes).toEqual({ 'cx1.medium': { cpu: 2, memory: '8Gi' }, 'cx1.large': { cpu: 4, memory: '16Gi' } });
  });

  test('bad sizes name the construct path and the prop', () => {
    expect(() => vmOf({ instancetypes: [] })).toThrow('test/Workspace: invalid instancetypes: must not be empty when given');
    expect(() => vmOf({ instancetypes: [SIZES[0], SIZES[0]] })).toThrow('test/Workspace: invalid instancetypes: names an instance type twice');
    expect(() => vmOf({ instancetypes: [{ ...SIZES[0], name: 'CX1' }] })).toThrow('test/Workspace: invalid instancetypes[0].name');
    expect(() => vmOf({ instancetypes: [{ ...SIZES[0], memory: '8GB' }] })).toThrow('test/Workspace: invalid instancetypes[0].memory.default');
    expect(() => vmOf({ instancetypes: SIZES, defaultInstancetype: 'huge' })).toThrow(
      'test/Workspace: invalid defaultInstancetype: "huge" is not among the instancetypes',
    );
    expect(() => vmOf({ defaultInstancetype: 'cx1.large' })).toThrow('test/Workspace: invalid defaultInstancetype: needs instancetypes');
  });
});

test('without instance types: cpu and memory parameters; evictionStrategy LiveMigrate only on ReadWriteMany disks', () => {
  const plain = vmOf({});
  expect(plain.data.coder_parameter.cpu).toBeDefined();
  expect(plain.resource.kubernetes_manifest.vm.manifest.spec.instancetype).toBeUndefined();
  expect(plain.resource.kubernetes_manifest.vm.manifest.spec.template.spec.evictionStrategy).toBe('None');
  const shared = vmOf({ accessModes: ['ReadWriteMany'] });
  expect(shared.resource.kubernetes_manifest.vm.manifest.spec.template.spec.evictionStrategy).toBe('LiveMigrate');
});

describe('the vm-instancetypes platform stack', () => {
  const settings: OrganisationSettings = { instancetypes: { 'cx1.medium': { cpu: 2, memory: '8Gi' }, 'cx1.large': { cpu: 4, memory: '16Gi' } } };
  const kubevirt = CATALOG.filter((d) => d.name === 'kubevirt-vm');

  test('makes a cluster instance type per size and the preference, only when a template offers sizes', async () => {
    const stacks = await renderPlatform(catalogJson(kubevirt, settings), undefined, settings);
    const stack = stacks.find((s) => s.definition.name === 'vm-instancetypes')!;
    const m = stack.json.resource.kubernetes_manifest;
    expect(m['instancetype_cx1_large'].manifest).toEqual({
      apiVersion: 'instancetype.kubevirt.io/v1beta1',
      kind: 'VirtualMachineClusterInstancetype',
      metadata: { name: 'cx1.large', labels: { 'app.kubernetes.io/managed-by': 'cvmkit' } },
      spec: { cpu: { guest: 4 }, memory: { guest: '16Gi' } },
    });
    expect(m.preference.manifest.spec.devices).toEqual({ preferredDiskBus: 'virtio', preferredInterfaceModel: 'virtio', preferredRng: {} });
    expect((await renderPlatform(catalogJson(kubevirt))).map((s) => s.definition.name)).not.toContain('vm-instancetypes');
  });

  test('two templates that size one name differently are refused: instance types are cluster-wide', () => {
    const t = (name: string, cpu: number) => ({
      definition: { ...kubevirt[0], name },
      json: { locals: { vm_instancetypes: { small: { cpu, memory: '2Gi' } } } },
    });
    expect(() => vmInstancetypes.build(new App(), 'x', [t('a', 1), t('b', 2)])).toThrow(
      'b: invalid instancetypes: small is 2 vCPU/2Gi here but 1 vCPU/2Gi in a: an instance type is cluster-wide',
    );
  });

  withTerraform('through terraform: the VM is admitted once the stack exists, refused before; a workspace lives its lifecycle without a problem', async () => {
    const { platformBaseline, prepareRun, writeBaseline, terraform, cleanOutput, simulateLifecycle, lifecycleProblems } = sim();
    const files = (await renderTemplate(kubevirt[0], 'hcl', settings)).files;
    const apply = async (baseline: Awaited<ReturnType<typeof platformBaseline>>) => {
      const run = await prepareRun(files);
      writeBaseline(run.simDir, baseline);
      return terraform(run, ['apply', '-input=false', '-no-color', '-lock=false', '-auto-approve']);
    };
    const platform = await platformBaseline([settings]);
    expect(
      platform
        .objects!.filter((o) => o.kind === 'VirtualMachineClusterInstancetype')
        .map((o) => o.metadata.name)
        .sort(),
    ).toEqual(['cx1.large', 'cx1.medium']);
    const ok = await apply(platform);
    expect(cleanOutput(ok)).not.toContain('Error');
    expect(ok.status).toBe(0);
    const without = await apply(await platformBaseline([{}]));
    expect(without.status).toBe(1);
    expect(cleanOutput(without)).toContain('Failure to find instancetype: virtualmachineclusterinstancetypes.instancetype.kubevirt.io "cx1.medium" not found');
    const { steps } = await simulateLifecycle(files, undefined, platform);
    expect(lifecycleProblems(steps)).toEqual([]);
    expect(steps.map((s) => s.row.step)).toContain('change instancetype=cx1.large');
  });
});

test('KubeVirt refuses a VM naming an instance type that does not exist, or setting CPU or memory beside it', () => {
  const small = object(
    'instancetype.kubevirt.io/v1beta1',
    'VirtualMachineClusterInstancetype',
    { spec: { cpu: { guest: 2 }, memory: { guest: '4Gi' } } },
    { name: 'small', namespace: undefined },
  );
  const sized = (template: Record<string, unknown>) => vm({ instancetype: { kind: 'VirtualMachineClusterInstancetype', name: 'small' } }, template);
  const noResources = { domain: { devices: (vm().spec as any).template.spec.domain.devices } };
  expect(refusals(sized(noResources), undefined, cluster([small]))).toEqual([]);
  expect(refusals(sized(noResources), undefined, cluster([])).join()).toContain(
    'Failure to find instancetype: virtualmachineclusterinstancetypes.instancetype.kubevirt.io \"small\" not found',
  );
  const both = sized({ domain: { ...noResources.domain, cpu: { cores: 2 }, memory: { guest: '4Gi' } } });
  expect(refusals(both, undefined, cluster([small])).join()).toContain(
    'VM field(s) spec.template.spec.domain.cpu.cores, spec.template.spec.domain.memory.guest conflicts with selected instance type',
  );
});

describe('devices and nested virtualisation', () => {
  const A10 = 'nvidia.com/GA102GL_A10';
  test('GPUs and host devices named in the permitted list are passed through; host-passthrough CPU on request', () => {
    const json = vmOf({
      permittedDevices: [A10, 'intel.com/qat'],
      gpus: [{ name: 'gpu1', deviceName: A10 }],
      hostDevices: [{ name: 'qat', deviceName: 'intel.com/qat' }],
      nestedVirtualization: true,
      instancetypes: SIZES,
    });
    const domain = json.resource.kubernetes_manifest.vm.manifest.spec.template.spec.domain;
    expect(domain.devices.gpus).toEqual([{ name: 'gpu1', deviceName: A10 }]);
    expect(domain.devices.hostDevices).toEqual([{ name: 'qat', deviceName: 'intel.com/qat' }]);
    // With an instance type only the model is set: no cores, which the instance type owns.
    expect(domain.cpu).toEqual({ model: 'host-passthrough' });
    expect(vmOf({ nestedVirtualization: true }).resource.kubernetes_manifest.vm.manifest.spec.template.spec.domain.cpu).toMatchObject({
      sockets: 1,
      threads: 1,
      model: 'host-passthrough',
    });
    expect(vmOf({}).resource.kubernetes_manifest.vm.manifest.spec.template.spec.domain.devices.gpus).toBeUndefined();
  });

  test('a device the cluster does not permit, or a name used twice, is refused at synth', () => {
    expect(() => vmOf({ gpus: [{ name: 'gpu1', deviceName: A10 }] })).toThrow(
      `test/Workspace: invalid gpus[0].deviceName: "${A10}" is not a device the cluster permits (none declared: list them in the settings' devices)`,
    );
    expect(() => vmOf({ permittedDevices: [A10], hostDevices: [{ name: 'x', deviceName: 'nvidia.com/A100' }] })).toThrow(
      `test/Workspace: invalid hostDevices[0].deviceName: "nvidia.com/A100" is not a device the cluster permits (${A10})`,
    );
    expect(() => vmOf({ permittedDevices: [A10], gpus: [{ name: 'g', deviceName: A10 }], hostDevices: [{ name: 'g', deviceName: A10 }] })).toThrow(
      'test/Workspace: invalid gpus: a device name is used twice',
    );
  });

  withTerraform('through terraform: the catalog VM with a GPU and nested virtualisation from the settings validates against the cluster', async () => {
    const { platformBaseline, prepareRun, writeBaseline, terraform, cleanOutput } = sim();
    const settings: OrganisationSettings = { vmDevices: { permitted: [A10], gpus: [{ name: 'gpu1', deviceName: A10 }] }, nestedVirtualization: true };
    const files = (
      await renderTemplate(
        CATALOG.find((d) => d.name === 'kubevirt-vm')!,
        'hcl',
        settings,
      )
    ).files;
    expect(files.get('main.tf')).toContain('deviceName = "nvidia.com/GA102GL_A10"');
    const run = await prepareRun(files);
    writeBaseline(run.simDir, await platformBaseline([settings]));
    const r = await terraform(run, ['apply', '-input=false', '-no-color', '-lock=false', '-auto-approve']);
    expect(cleanOutput(r)).not.toContain('Error');
    expect(r.status).toBe(0);
  });
});

// Team shares: a ReadWriteMany claim per namespace owned by the shared-disks platform stack, mounted by VMs with virtiofs.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { CoderTemplate } from '../constructs/core/coder-template';
import { KubevirtWorkspace } from '../constructs/kubevirt';
import { PlatformStack, SharedDisk } from '../constructs/platform';
import { CATALOG } from '../src/catalog';
import { TemplateDefinition } from '../src/definition';
import { catalogJson, renderPlatform } from '../src/platform-synth';
import { OrganisationSettings, templateProps } from '../src/settings';
import { openApiProblems } from '../src/simulator/apiserver';
import { renderTemplate } from '../src/synth';
import { synthTemplate } from './support/synth';
import { sim, removeSimulatorRuns } from './support/simulator';
import { withTerraform } from './support/tools';
import { Testing } from 'cdktf';

jest.setTimeout(240_000);
afterAll(removeSimulatorRuns);

const SETTINGS: OrganisationSettings = {
  distros: ['debian-12', 'fedora-44', 'arch'],
  sharedDisks: [
    { name: 'team', size: '100Gi', storageClass: 'cephfs' },
    { name: 'datasets', size: '500Gi', accessMode: 'ReadOnlyMany', mountPath: '/srv/datasets', readOnly: true },
  ],
};
const kubevirtVm = CATALOG.find((d) => d.name === 'kubevirt-vm')!;

describe("the catalog's VM with two team shares", () => {
  let vm: any;
  let json: any;
  let files: ReadonlyMap<string, string>;
  beforeAll(async () => {
    const r = await renderTemplate(kubevirtVm, 'hcl', SETTINGS);
    json = r.json;
    files = r.files;
    vm = json.resource.kubernetes_manifest.vm.manifest;
  });

  test('each is a virtiofs filesystem backed by the platform claim (read-only where asked), and the VM passes the OpenAPI schema', () => {
    const spec = vm.spec.template.spec;
    expect(spec.domain.devices.filesystems).toEqual([
      { name: 'share-team', virtiofs: {} },
      { name: 'share-datasets', virtiofs: {} },
    ]);
    expect(spec.volumes).toContainEqual({ name: 'share-team', persistentVolumeClaim: { claimName: 'cvmkit-share-team' } });
    expect(spec.volumes).toContainEqual({ name: 'share-datasets', persistentVolumeClaim: { claimName: 'cvmkit-share-datasets', readOnly: true } });
    expect(openApiProblems(vm)).toEqual([]);
    // The template owns no claim of a share: only the platform stack does.
    expect(JSON.stringify(json.resource)).not.toMatch(/"cvmkit-share-[a-z]+"[^}]*"spec"/);
    expect(json.resource.kubernetes_persistent_volume_claim_v1).toBeUndefined();
    expect(json.locals.shared_disks).toEqual({
      team: { accessMode: 'ReadWriteMany', readOnly: false },
      datasets: { accessMode: 'ReadOnlyMany', readOnly: true },
    });
  });

  withTerraform('the guest mounts them at every boot: `cloud-init schema` passes on each family and the mount script parses', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-shares-'));
    try {
      for (const key of SETTINGS.distros!) {
        const yaml = files.get(`cloud-init/${key}.yaml.tftpl`)!.replace('${init_script_b64}', 'ZWNobw==');
        const file = path.join(dir, `${key}.yaml`);
        fs.writeFileSync(file, yaml);
        const schema = spawnSync('cloud-init', ['schema', '--config-file', file], { encoding: 'utf8' });
        expect(`${schema.stdout}${schema.stderr}`).toMatch(/^Valid cloud-config/m);
        expect(schema.status).toBe(0);
        const bootcmd = parse(yaml).bootcmd as (string | string[])[];
        const mounts = bootcmd.filter((c) => Array.isArray(c) && c[2]?.includes('virtiofs')) as string[][];
        expect(mounts.map((m) => m[2])).toEqual([
          'mkdir -p /shared/team; grep -q \' /shared/team \' /etc/fstab || echo "share-team /shared/team virtiofs defaults,nofail 0 0" >> /etc/fstab; mountpoint -q /shared/team || mount /shared/team',
          'mkdir -p /srv/datasets; grep -q \' /srv/datasets \' /etc/fstab || echo "share-datasets /srv/datasets virtiofs defaults,nofail,ro 0 0" >> /etc/fstab; mountpoint -q /srv/datasets || mount /srv/datasets',
        ]);
        for (const m of mounts) expect(spawnSync('sh', ['-n', '-c', m[2]]).status).toBe(0);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the shared-disks platform stack', () => {
  test('one claim per share and workspace namespace: RWX (as declared), Filesystem, never destroyed, creation fields fixed', async () => {
    const stacks = await renderPlatform(catalogJson([kubevirtVm], SETTINGS), undefined, SETTINGS);
    const claims = stacks.find((s) => s.definition.name === 'shared-disks')!.json.resource.kubernetes_persistent_volume_claim_v1;
    expect(Object.keys(claims).sort()).toEqual([
      'share_datasets_coder_workspaces',
      'share_datasets_coder_workspaces_baseline',
      'share_team_coder_workspaces',
      'share_team_coder_workspaces_baseline',
    ]);
    const { '//': _metadata, ...claim } = claims.share_team_coder_workspaces_baseline;
    expect(claim).toEqual({
      metadata: {
        name: 'cvmkit-share-team',
        namespace: 'coder-workspaces-baseline',
        labels: { 'app.kubernetes.io/managed-by': 'cvmkit', 'cvmkit.dev/shared-disk': 'team' },
      },
      spec: { access_modes: ['ReadWriteMany'], volume_mode: 'Filesystem', resources: { requests: { storage: '100Gi' } }, storage_class_name: 'cephfs' },
      wait_until_bound: false,
      lifecycle: {
        prevent_destroy: true,
        ignore_changes: ['metadata[0].name', 'metadata[0].namespace', 'spec[0].storage_class_name', 'spec[0].access_modes', 'spec[0].volume_mode'],
      },
    });
    expect(claims.share_datasets_coder_workspaces.spec.access_modes).toEqual(['ReadOnlyMany']);
  });

  test('no share mounted, no stack', async () => {
    const stacks = await renderPlatform(catalogJson([kubevirtVm], {}), undefined, {});
    expect(stacks.map((s) => s.definition.name)).not.toContain('shared-disks');
  });

  test('fails when a template mounts a share the settings do not declare, or declare otherwise', async () => {
    const template = catalogJson([kubevirtVm], SETTINGS);
    await expect(renderPlatform(template, undefined, { ...SETTINGS, sharedDisks: [SETTINGS.sharedDisks![1]] })).rejects.toThrow(
      'kubevirt-vm: invalid sharedDisks.team: the template mounts the share "team", which the settings do not declare (sharedDisks)',
    );
    const other = { ...SETTINGS, sharedDisks: [{ ...SETTINGS.sharedDisks![0], accessMode: 'ReadOnlyMany' as const }, SETTINGS.sharedDisks![1]] };
    await expect(renderPlatform(template, undefined, other)).rejects.toThrow(
      'kubevirt-vm: invalid sharedDisks.team.accessMode: the template mounts it as ReadWriteMany but the settings make it ReadOnlyMany',
    );
  });

  test('fails outside a platform stack and with bad props, naming the construct path and the prop', () => {
    expect(() => synthTemplate((t) => new SharedDisk(t, 'Share', { name: 'team', size: '1Gi', namespaces: ['ns'] }))).toThrow(
      'test/Share: invalid scope: must be created inside a PlatformStack',
    );
    const platform = (props: ConstructorParameters<typeof SharedDisk>[2]) => () => new SharedDisk(new PlatformStack(Testing.app(), 'p'), 'Share', props);
    expect(platform({ name: 'Team', size: '1Gi', namespaces: ['ns'] })).toThrow(
      'p/Share: invalid name: "Team" must be a DNS-1123 label of at most 20 characters',
    );
    expect(platform({ name: 'team', size: '1GB', namespaces: ['ns'] })).toThrow('p/Share: invalid size: "1GB" is not a whole number of Gi');
    expect(platform({ name: 'team', size: '1Gi', namespaces: [] })).toThrow('p/Share: invalid namespaces: names no namespace');
  });
});

test('a workspace refuses a share that not every workspace can mount, naming the construct path and the prop', () => {
  const add = (name: string, props: Parameters<KubevirtWorkspace['addSharedDisk']>[1], first?: Parameters<KubevirtWorkspace['addSharedDisk']>[1]) =>
    synthTemplate((t) => {
      const vm = new KubevirtWorkspace(t, 'Workspace', { distros: ['debian-12'] });
      if (first) vm.addSharedDisk('first', first);
      vm.addSharedDisk(name, props);
    });
  expect(() => add('team', { mountPath: '/team', accessMode: 'ReadWriteOnce' })).toThrow(
    'test/Workspace: invalid addSharedDisk(team).accessMode: "ReadWriteOnce" lets a single node (or pod) use the claim, but every workspace of the template mounts it: the share\'s claim must be ReadWriteMany (or ReadOnlyMany, mounted readOnly)',
  );
  expect(() => add('team', { mountPath: '/team', accessMode: 'ReadWriteOncePod' })).toThrow('invalid addSharedDisk(team).accessMode: "ReadWriteOncePod"');
  expect(() => add('team', { mountPath: '/team', accessMode: 'ReadOnlyMany' })).toThrow(
    'test/Workspace: invalid addSharedDisk(team).accessMode: ReadOnlyMany claims can only be mounted with readOnly: true',
  );
  expect(() => add('a-much-too-long-share-name', { mountPath: '/x' })).toThrow('test/Workspace: invalid addSharedDisk(a-much-too-long-share-name).name');
  expect(() => add('team', { mountPath: '/home' })).toThrow('test/Workspace: invalid addSharedDisk(team).mountPath: "/home" must be an absolute path');
  expect(() => add('team', { mountPath: '/x' }, { mountPath: '/x' })).toThrow('"/x" is already a disk\'s or share\'s mount point');
  expect(() => add('first', { mountPath: '/y' }, { mountPath: '/x' })).toThrow('the share "first" was already added');
});

describe('through terraform on the simulated cluster', () => {
  const definition: TemplateDefinition = {
    ...kubevirtVm,
    name: 'kubevirt-shares',
    build(scope, id, settings) {
      const template = new CoderTemplate(scope, id, templateProps(settings, this));
      const vm = new KubevirtWorkspace(template, 'Workspace', { distros: ['debian-12'], imageSource: 'golden' });
      vm.addSharedDisk('team', { mountPath: '/shared/team' });
      return template;
    },
  };
  const settings: OrganisationSettings = { sharedDisks: [{ name: 'team', size: '10Gi' }] };
  // The cluster's KubeVirt configuration, as the operator keeps it (kubevirt.io/v1 KubeVirt).
  const kubevirtCr = (gates: string[]) => ({
    apiVersion: 'kubevirt.io/v1',
    kind: 'KubeVirt',
    metadata: { name: 'kubevirt', namespace: 'kubevirt' },
    spec: { configuration: { developerConfiguration: { featureGates: gates } } },
  });

  withTerraform("create, stop, start, delete: the shared claim is the platform's and survives the workspace", async () => {
    const { simulateLifecycle, platformBaseline, lifecycleProblems } = sim();
    const files = (await renderTemplate(definition, 'hcl', settings)).files;
    const platform = await platformBaseline([settings], [definition]);
    const share = platform.objects!.find(
      (o) => o.kind === 'PersistentVolumeClaim' && o.metadata.name === 'cvmkit-share-team' && o.metadata.namespace === 'coder-workspaces-baseline',
    );
    expect(share?.spec).toEqual(expect.objectContaining({ accessModes: ['ReadWriteMany'], volumeMode: 'Filesystem' }));
    const baseline = { ...platform, objects: [...platform.objects!, kubevirtCr(['EnableVirtioFsStorageVolumes'])] };
    const { steps, workspace } = await simulateLifecycle(files, files, baseline);
    expect(lifecycleProblems(steps)).toEqual([]);
    // No build of the workspace plans anything on the claim, and the cluster keeps it after the delete.
    expect(steps.flatMap((s) => [...s.row.created, ...s.row.updated, ...s.row.replaced, ...s.row.deleted]).filter((a) => /share|claim/.test(a))).toEqual([]);
    expect(Object.keys(steps.at(-1)!.row.cluster)).toEqual([]);
    expect(sim().readBaseline(workspace.run.simDir)!.objects).toContainEqual(share);
  });

  withTerraform('KubeVirt refuses the VM without the EnableVirtioFsStorageVolumes gate; without the platform stack the VM misses its claim', async () => {
    const { checkedBuild, platformBaseline } = sim();
    const { SimulatedWorkspace } = require('../src/simulator/workspace') as typeof import('../src/simulator/workspace');
    // The first build is where either shows: a create on each cluster.
    const create = async (baseline: Parameters<typeof SimulatedWorkspace.create>[2]) =>
      (await checkedBuild(await SimulatedWorkspace.create(files, {}, baseline), 'create', 'start')).problems.join('\n');
    const files = (await renderTemplate(definition, 'hcl', settings)).files;
    const platform = await platformBaseline([settings], [definition]);
    expect(await create({ ...platform, objects: [...platform.objects!, kubevirtCr([])] })).toContain(
      'virtiofs is not allowed: virtiofs feature gate is not enabled for PVC',
    );
    // The catalog's VM without shares: the namespaces are there, the shared-disks stack is not.
    expect(await create(await platformBaseline([{}], [kubevirtVm]))).toMatch(
      /^create: kubevirt.io\/v1\/VirtualMachine\/coder-workspaces-baseline\/coder-[0-9a-f-]+ needs claim cvmkit-share-team, which is not in namespace coder-workspaces-baseline$/m,
    );
  });
});

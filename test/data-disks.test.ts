// KubevirtWorkspace.addDisk(): persistent data disks, set up by the guest at every boot, kept like the root disk.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { CoderTemplate } from '../constructs/core/coder-template';
import { KubevirtWorkspace } from '../constructs/kubevirt';
import { CATALOG } from '../src/catalog';
import { TemplateDefinition } from '../src/definition';
import { templateProps } from '../src/settings';
import { renderTemplate } from '../src/synth';
import { synthTemplate } from './support/synth';
import { sim, removeSimulatorRuns } from './support/simulator';
import { withTerraform } from './support/tools';

jest.setTimeout(240_000);
afterAll(removeSimulatorRuns);

const withDisks = (vm: KubevirtWorkspace) => {
  vm.addDisk({ name: 'data', size: '50Gi', mountPath: '/data' });
  vm.addDisk({ name: 'datasets', size: '20Gi', mountPath: '/srv/datasets', imageUrl: 'https://files.example/datasets.img', storageClassName: 'bulk' });
};

describe('a VM with two data disks', () => {
  const { json, stack } = synthTemplate((t) =>
    withDisks(new KubevirtWorkspace(t, 'Workspace', { distros: ['debian-12', 'fedora-44'], storageClassName: 'fast' })),
  );
  const manifests = json.resource.kubernetes_manifest;

  test('each is a DataVolume named from the workspace id, never counted, its spec fixed at creation', () => {
    const data = manifests.disk_data;
    expect(data.count).toBeUndefined();
    expect(data.manifest.metadata.name).toBe('${local.workspace_name}-data');
    expect(data.manifest.metadata.namespace).toBe('${local.workspace_namespace}');
    expect(data.manifest.spec).toEqual({ source: { blank: {} }, storage: { resources: { requests: { storage: '50Gi' } }, storageClassName: 'fast' } });
    expect(data.lifecycle.ignore_changes).toEqual(['manifest.metadata.name', 'manifest.metadata.namespace', 'manifest.spec']);
    expect(manifests.disk_datasets.manifest.spec.source).toEqual({ http: { url: 'https://files.example/datasets.img' } });
    expect(manifests.disk_datasets.manifest.spec.storage.storageClassName).toBe('bulk');
  });

  test('the VM attaches them with serials the guest finds them by', () => {
    const spec = manifests.vm.manifest.spec.template.spec;
    expect(spec.domain.devices.disks).toContainEqual({ name: 'data-data', disk: { bus: 'virtio' }, serial: 'cvmkit-data' });
    expect(spec.volumes).toContainEqual({ name: 'data-datasets', dataVolume: { name: '${kubernetes_manifest.disk_datasets.manifest.metadata.name}' } });
  });

  withTerraform('the user-data sets them up at every boot, passes cloud-init schema, and its shell parses', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-disks-'));
    for (const f of stack.renderFiles().filter((x) => x.path.startsWith('cloud-init/'))) {
      // templatefile() would fill in the init script; the schema check needs plain YAML.
      const yaml = f.content.replace('${init_script_b64}', 'ZWNobw==');
      const file = path.join(dir, path.basename(f.path));
      fs.writeFileSync(file, yaml);
      const schema = spawnSync('cloud-init', ['schema', '--config-file', file], { encoding: 'utf8' });
      expect(`${schema.stdout}${schema.stderr}`).toMatch(/^Valid cloud-config/);
      expect(schema.status).toBe(0);
      const bootcmd = parse(yaml).bootcmd as (string | string[])[];
      const mount = bootcmd.find((c) => Array.isArray(c) && c[0] === 'sh' && c[2].includes('virtio-cvmkit-data;')) as string[];
      expect(mount[2]).toContain('blkid $d >/dev/null || mkfs.ext4 -q -L data $d');
      expect(mount[2]).toContain('echo "$d /data auto defaults,nofail 0 2" >> /etc/fstab');
      expect(spawnSync('sh', ['-n', '-c', mount[2]]).status).toBe(0);
      expect(bootcmd).toContainEqual([
        'systemd-run',
        '--no-block',
        '--unit=cvmkit-disk-datasets-owner',
        '--property=After=cloud-init.service',
        '--property=After=cloud-init-network.service',
        'chown',
        'coder:',
        '/srv/datasets',
      ]);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

test('bad disks name the construct path and the prop', () => {
  const add = (props: Parameters<KubevirtWorkspace['addDisk']>[0], first?: Parameters<KubevirtWorkspace['addDisk']>[0]) =>
    synthTemplate((t) => {
      const vm = new KubevirtWorkspace(t, 'Workspace', {});
      if (first) vm.addDisk(first);
      vm.addDisk(props);
    });
  expect(() => add({ name: 'much-too-long-name', size: '1Gi', mountPath: '/x' })).toThrow('test/Workspace: invalid addDisk(much-too-long-name).name');
  expect(() => add({ name: 'root', size: '1Gi', mountPath: '/x' })).toThrow('"root" is reserved');
  expect(() => add({ name: 'a', size: '1Gi', mountPath: '/x' }, { name: 'a', size: '1Gi', mountPath: '/y' })).toThrow('a disk "a" was already added');
  expect(() => add({ name: 'b', size: '1Gi', mountPath: '/x' }, { name: 'a', size: '1Gi', mountPath: '/x' })).toThrow('"/x" is already a disk\'s mount point');
  expect(() => add({ name: 'a', size: '1Gi', mountPath: '/home' })).toThrow('test/Workspace: invalid addDisk(a).mountPath');
  expect(() => add({ name: 'a', size: '10GB', mountPath: '/x' })).toThrow('test/Workspace: invalid addDisk(a).size: "10GB" is not a whole number of Gi');
});

withTerraform('through terraform: a workspace with data disks keeps them through its whole life, renames and upgrades included', async () => {
  const { simulateLifecycle, platformBaseline, lifecycleProblems } = sim();
  const base = CATALOG.find((d) => d.name === 'kubevirt-vm')!;
  const definition: TemplateDefinition = {
    ...base,
    name: 'kubevirt-disks',
    build(scope, id, settings) {
      const template = new CoderTemplate(scope, id, templateProps(settings, this));
      withDisks(new KubevirtWorkspace(template, 'Workspace', { distros: ['debian-12'], imageSource: 'golden' }));
      return template;
    },
  };
  const files = (await renderTemplate(definition, 'hcl')).files;
  const { steps } = await simulateLifecycle(files, files, await platformBaseline([{}]));
  expect(lifecycleProblems(steps)).toEqual([]);
  expect(steps.find((s) => s.row.step === 'create')!.row.created).toEqual(
    expect.arrayContaining(['kubernetes_manifest.disk_data', 'kubernetes_manifest.disk_datasets']),
  );
  const lost = steps.flatMap((s) => [...s.row.deleted, ...s.row.replaced]).filter((a) => a.includes('disk_'));
  expect(lost).toEqual(steps.find((s) => s.row.step === 'delete')!.row.deleted.filter((a) => a.includes('disk_')));
});

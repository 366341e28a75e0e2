// Golden images: the platform stack that prepares one disk per distribution, workspace disks that
// clone it instead of downloading, and what the simulated cluster (through real terraform) says.
import { DISTRO_KEYS, DISTROS, GoldenImages, KubevirtWorkspace } from '../constructs/kubevirt';
import { CATALOG } from '../src/catalog';
import { catalogJson, renderPlatform } from '../src/platform-synth';
import { renderTemplate } from '../src/synth';
import { synthTemplate } from './support/synth';
import { sim, removeSimulatorRuns } from './support/simulator';
import { withTerraform } from './support/tools';

jest.setTimeout(240_000);
afterAll(removeSimulatorRuns);

const kubevirt = CATALOG.filter((d) => d.name === 'kubevirt-vm');
const manifests = (json: any) => Object.entries(json.resource.kubernetes_manifest ?? {}) as [string, any][];

describe('the golden-images platform stack of the catalog', () => {
  let json: any;
  beforeAll(async () => {
    const [stack] = (await renderPlatform(catalogJson(kubevirt, { imageMirrors: { 'https://dl.rockylinux.org/': 'https://mirror.example/rocky/' } }))).filter(
      (p) => p.definition.name === 'golden-images',
    );
    json = stack.json;
  });

  test('a DataImportCron per distribution with a community container disk, polling weekly and keeping two imports', () => {
    const crons = manifests(json).filter(([, r]) => r.manifest.kind === 'DataImportCron');
    const withRegistry = DISTRO_KEYS.filter((k) => DISTROS[k].goldenRegistry !== undefined);
    expect(crons.map(([, r]) => r.manifest.metadata.name).sort()).toEqual([...withRegistry].sort());
    const ubuntu = crons.find(([, r]) => r.manifest.metadata.name === 'ubuntu-24.04')![1].manifest;
    expect(ubuntu.metadata.namespace).toBe('${kubernetes_namespace_v1.golden_images.metadata[0].name}');
    expect(ubuntu.spec).toEqual({
      schedule: '0 3 * * 1',
      importsToKeep: 2,
      garbageCollect: 'Outdated',
      managedDataSource: 'ubuntu-24.04',
      template: {
        spec: { source: { registry: { url: 'docker://quay.io/containerdisks/ubuntu:24.04' } }, storage: { resources: { requests: { storage: '6Gi' } } } },
      },
    });
  });

  test('the others import their (mirrored) HTTP image once, and a DataSource points at it', () => {
    const byName = (kind: string, name: string) => manifests(json).find(([, r]) => r.manifest.kind === kind && r.manifest.metadata.name === name)?.[1];
    for (const key of DISTRO_KEYS.filter((k) => DISTROS[k].goldenRegistry === undefined)) {
      const disk = byName('DataVolume', key);
      // Mirrored or not, CDI verifies the pinned checksum.
      expect(disk.manifest.spec.source.http).toEqual({
        url: key.startsWith('rocky-') ? DISTROS[key].imageUrl.replace('https://dl.rockylinux.org/', 'https://mirror.example/rocky/') : DISTROS[key].imageUrl,
        checksum: DISTROS[key].imageChecksum,
      });
      expect(disk.manifest.spec.source.http.checksum).toMatch(/^sha(256|512):[0-9a-f]+$/);
      const source = byName('DataSource', key);
      expect(source.manifest.spec).toEqual({ source: { pvc: { name: key, namespace: 'cvmkit-golden-images' } } });
      expect(source.depends_on).toEqual([`kubernetes_manifest.image_${key.replace(/\./g, '_')}`]);
    }
  });

  test('the provisioner may clone from the namespace: create on datavolumes/source, bound to its service account', () => {
    const role = json.resource.kubernetes_role_v1.clone_source;
    expect(role.rule).toContainEqual({ api_groups: ['cdi.kubevirt.io'], resources: ['datavolumes/source'], verbs: ['create'] });
    expect(json.resource.kubernetes_role_binding_v1.clone_source.subject).toEqual([
      { kind: 'ServiceAccount', name: 'coder', namespace: 'coder', api_group: '' },
    ]);
  });

  test('settings imageSource: http leaves it out', async () => {
    const stacks = await renderPlatform(catalogJson(kubevirt, { imageSource: 'http' }));
    expect(stacks.map((s) => s.definition.name)).not.toContain('golden-images');
  });
});

describe('a KubevirtWorkspace root disk', () => {
  const disk = (props: ConstructorParameters<typeof KubevirtWorkspace>[2]) =>
    synthTemplate((t) => new KubevirtWorkspace(t, 'Workspace', props)).json.resource.kubernetes_manifest.root_disk.manifest.spec;

  test("imports over HTTP by default, clones the distribution's golden image with imageSource: golden", () => {
    expect(disk({}).source.http).toBe('${local.image_sources[data.coder_parameter.distro.value]}');
    const golden = disk({ imageSource: 'golden', goldenImageNamespace: 'images' });
    expect(golden.source).toBeUndefined();
    expect(golden.sourceRef).toEqual({ kind: 'DataSource', name: '${data.coder_parameter.distro.value}', namespace: '${local.golden_image_namespace}' });
    expect(
      synthTemplate((t) => new KubevirtWorkspace(t, 'Workspace', { imageSource: 'golden', goldenImageNamespace: 'images' })).json.locals.golden_image_namespace,
    ).toBe('images');
  });

  test('bad input names the construct path and the prop', () => {
    expect(() => disk({ imageSource: 'ftp' as 'http' })).toThrow('test/Workspace: invalid imageSource: "ftp" must be "http" or "golden"');
    expect(() => disk({ imageSource: 'golden', goldenImageNamespace: 'Images' })).toThrow('test/Workspace: invalid goldenImageNamespace');
    expect(() => disk({ imageSource: 'golden', rootDiskSize: { default: '12Gi', min: '11Gi', max: '20Gi' } })).toThrow(
      /invalid rootDiskSize\.min: 11Gi is smaller than the largest golden disk \(12Gi\)/,
    );
    expect(() => synthTemplate((t) => new GoldenImages(t, 'Images', { images: { 'ubuntu-24.04': 'https://x/' }, schedule: 'weekly' }))).toThrow(
      'test/Images: invalid schedule',
    );
  });
});

describe('through terraform on the simulated cluster', () => {
  withTerraform("the catalog's VM clones its golden image once the platform stacks are applied, and CDI refuses the clone before", async () => {
    const { platformBaseline, prepareRun, writeBaseline, terraform, cleanOutput, INSTALLED } = sim();
    const files = (await renderTemplate(kubevirt[0], 'hcl')).files;
    expect(files.get('main.tf')).toContain('sourceRef = {');
    const apply = async (baseline: Awaited<ReturnType<typeof platformBaseline>>) => {
      const run = await prepareRun(files);
      writeBaseline(run.simDir, baseline);
      return terraform(run, ['apply', '-input=false', '-no-color', '-lock=false', '-auto-approve']);
    };
    const platform = await platformBaseline([{}]);
    const sources = platform.objects!.filter((o) => o.kind === 'DataSource').map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
    // Every offered distribution has its DataSource: made by the cron's controller or by the stack;
    // and the Windows golden image, which the platform team provides by hand (no stack can make it).
    expect(sources.sort()).toEqual([...DISTRO_KEYS.map((k) => `cvmkit-golden-images/${k}`), 'cvmkit-golden-images/windows'].sort());
    expect((await apply(platform)).status).toBe(0);
    // Without the golden-images stack (its namespace and sources absent), CDI's webhook refuses the DataVolume.
    const withoutGolden = {
      ...platform,
      objects: platform.objects!.filter((o) => o.metadata.namespace !== 'cvmkit-golden-images' && o.metadata.name !== 'cvmkit-golden-images'),
    };
    const refused = await apply(withoutGolden);
    expect(refused.status).toBe(1);
    expect(cleanOutput(refused)).toContain('SourceRef DataSource/cvmkit-golden-images/ubuntu-24.04 not found');
    expect(INSTALLED.objects!.some((o) => o.kind === 'DataSource')).toBe(false);
  });
});

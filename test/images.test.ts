// Pinned images: the data in images.json, how checksum files are read, and the checksums CDI gets on every HTTP import.
import * as fc from 'fast-check';
import { GoldenImages, DISTRO_KEYS, DISTROS, KubevirtWorkspace, PINNED_IMAGES, pinnedChecksums } from '../constructs/kubevirt';
import { fillTemplate, isCdiChecksum } from '../constructs/kubevirt/images';
import { checksumOf, compareVersions, listingNames } from '../src/images/publisher-files';
import { openApiProblems } from '../src/simulator/apiserver/openapi';
import { CoderTemplate } from '../constructs/core/coder-template';
import { CATALOG } from '../src/catalog';
import { validateTemplate } from '../src/pipeline';
import { renderTemplate } from '../src/synth';
import { removeSimulatorRuns } from './support/simulator';
import { synthTemplate } from './support/synth';
import { withTerraform } from './support/tools';

afterAll(removeSimulatorRuns);

describe('images.json', () => {
  test('pins every distribution to a dated URL with a checksum in CDI form, and DISTROS uses it', () => {
    expect(Object.keys(PINNED_IMAGES)).toEqual(DISTRO_KEYS);
    for (const key of DISTRO_KEYS) {
      const pin = PINNED_IMAGES[key];
      expect({ key, url: DISTROS[key].imageUrl, checksum: DISTROS[key].imageChecksum }).toEqual({ key, url: pin.url, checksum: pin.checksum });
      expect({ key, moving: /\/(current|latest|release)\/|-latest\.|\.latest\./.test(pin.url) }).toEqual({ key, moving: false });
      expect({ key, valid: isCdiChecksum(pin.checksum!) }).toEqual({ key, valid: true });
      expect(pin.checksum!.startsWith(`${pin.source.algorithm}:`)).toBe(true);
    }
  });

  test("each entry is consistent: its release, through the publisher's templates, is its URL, and the pattern knows it", () => {
    for (const key of DISTRO_KEYS) {
      const pin = PINNED_IMAGES[key];
      const values = { ...pin.release, index: pin.source.index };
      expect({ key, url: fillTemplate(pin.source.image, values) }).toEqual({ key, url: pin.url });
      expect(fillTemplate(pin.source.checksums, { ...values, image: pin.url })).toMatch(/^https:\/\/\S+(SUMS|CHECKSUM|\.SHA256SUM|\.SHA256)$/);
      // The pattern's groups are exactly the release's, so a refresh can compare the two.
      const groups = [...pin.source.pattern.matchAll(/\(\?<(\w+)>/g)].map((m) => m[1]);
      expect({ key, groups }).toEqual({ key, groups: Object.keys(pin.release!) });
    }
  });
});

describe('reading what publishers serve', () => {
  const hex = (c: string, n = 64) => c.repeat(n);

  test('checksum lines in GNU and BSD form, inside a PGP clear-signed message or not', () => {
    expect(checksumOf(`${hex('a')} *other.img\n${hex('b')} *noble.img\n`, 'noble.img', 'sha256')).toEqual({ checksum: `sha256:${hex('b')}` });
    expect(checksumOf(`${hex('c', 128)}  debian.qcow2\n`, 'debian.qcow2', 'sha512')).toEqual({ checksum: `sha512:${hex('c', 128)}` });
    const signed = `-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n# f.qcow2: 12 bytes\nSHA256 (f.qcow2) = ${hex('D')}\n-----BEGIN PGP SIGNATURE-----\n\nSHA256 (f.qcow2) = ${hex('e')}\n-----END PGP SIGNATURE-----\n`;
    expect(checksumOf(signed, 'f.qcow2', 'sha256')).toEqual({ checksum: `sha256:${hex('d')}` });
  });

  test('fails when the file lists no such name, another algorithm only, a short hex, or two different sums', () => {
    expect(checksumOf('<html>gone</html>', 'f', 'sha256')).toEqual({ problem: 'is not a checksum file: no "<hex>  <name>" or "SHA256 (<name>) = <hex>" line' });
    expect(checksumOf(`${hex('a')}  g\n`, 'f', 'sha256')).toEqual({ problem: 'lists no checksum for f' });
    expect(checksumOf(`SHA512 (f) = ${hex('a', 128)}\n`, 'f', 'sha256')).toEqual({ problem: 'lists only sha512 for f, not sha256' });
    expect(checksumOf('abc  f\n', 'f', 'sha256')).toEqual({ problem: 'gives "abc" for f, which is not a sha256 (64 hex digits)' });
    expect(checksumOf(`${hex('a')}  f\n${hex('b')}  f\n`, 'f', 'sha256')).toEqual({ problem: 'lists two different checksums for f' });
  });

  test('directory listings: the last segment of each link, folders with their slash', () => {
    const html =
      '<a href="../">../</a><a href="release-20260705/">x</a><a href=\'/images/v1.2/\'>v</a><a href="?C=N;O=D">Name</a><a href="SHA256SUMS">s</a><a href="a%20b.img">';
    expect(listingNames(html)).toEqual(['release-20260705/', 'v1.2/', 'SHA256SUMS', 'a b.img']);
  });

  test('releases order as versions: 9.10 after 9.8, a respin after its day', () => {
    expect(compareVersions('9.10-20260101', '9.8-20261231')).toBe(1);
    expect(compareVersions('20260705.1', '20260705')).toBe(1);
    expect(compareVersions('20260712-2537', '20260712-2537')).toBe(0);
    const version = fc.array(fc.nat(99999), { minLength: 1, maxLength: 4 }).map((xs) => xs.join('.'));
    fc.assert(fc.property(version, version, (a, b) => compareVersions(a, b) === -compareVersions(b, a) && compareVersions(a, a) === 0));
  });
});

describe('the checksum CDI verifies', () => {
  const workspace = (props: ConstructorParameters<typeof KubevirtWorkspace>[2]) => synthTemplate((t) => new KubevirtWorkspace(t, 'Workspace', props)).json;

  test("an HTTP root disk imports the distribution's pinned image with its checksum: valid against CDI's OpenAPI schema", () => {
    const json = workspace({ distros: ['debian-12', 'arch'] });
    const disk = json.resource.kubernetes_manifest.root_disk.manifest;
    // What Terraform evaluates for a debian-12 workspace.
    const evaluated = { ...disk, spec: { ...disk.spec, source: { http: json.locals.image_sources['debian-12'] } } };
    expect(evaluated.spec.source.http).toEqual({ url: DISTROS['debian-12'].imageUrl, checksum: DISTROS['debian-12'].imageChecksum });
    expect(openApiProblems(evaluated)).toEqual([]);
    const typo = { ...evaluated, spec: { ...evaluated.spec, source: { http: { url: 'https://x/', checksums: 'sha256:0' } } } };
    expect(openApiProblems(typo)).toContainEqual('spec.source.http.checksums: unknown field');
  });

  test('imageChecksums go with imageUrls; an overridden URL alone is not verified', () => {
    const json = workspace({
      distros: ['debian-12', 'ubuntu-24.04', 'rocky-9'],
      imageUrls: { 'debian-12': 'https://mirror.internal/debian.qcow2', 'ubuntu-24.04': 'https://mirror.internal/ubuntu.img' },
      imageChecksums: pinnedChecksums(['debian-12']),
    });
    expect(json.locals.image_sources).toEqual({
      'debian-12': { url: 'https://mirror.internal/debian.qcow2', checksum: DISTROS['debian-12'].imageChecksum },
      'ubuntu-24.04': { url: 'https://mirror.internal/ubuntu.img' },
      'rocky-9': { url: DISTROS['rocky-9'].imageUrl, checksum: DISTROS['rocky-9'].imageChecksum },
    });
  });

  test('fails when imageChecksums names an unknown distribution or is not a checksum CDI takes', () => {
    expect(() => workspace({ imageChecksums: { 'windows-11': 'sha256:00' } as never })).toThrow(
      'test/Workspace: invalid imageChecksums: unknown distribution "windows-11"',
    );
    expect(() => workspace({ imageChecksums: { 'debian-12': 'sha256:ABC' } })).toThrow(
      'test/Workspace: invalid imageChecksums["debian-12"]: "sha256:ABC" must be "sha256:" and 64 lower-case hex digits (or md5, sha1, sha512 with theirs), as CDI takes it',
    );
  });

  test('a data disk imported from an image carries its checksum; a checksum without an image fails', () => {
    const sum = DISTROS['ubuntu-24.04'].imageChecksum!;
    const json = synthTemplate((t) =>
      new KubevirtWorkspace(t, 'Workspace').addDisk({
        name: 'tools',
        size: '20Gi',
        mountPath: '/srv/tools',
        imageUrl: 'https://files.example/tools.img',
        imageChecksum: sum,
      }),
    ).json;
    const manifest = json.resource.kubernetes_manifest.disk_tools.manifest;
    expect(manifest.spec.source).toEqual({ http: { url: 'https://files.example/tools.img', checksum: sum } });
    expect(openApiProblems(manifest)).toEqual([]);
    expect(() =>
      synthTemplate((t) => new KubevirtWorkspace(t, 'Workspace').addDisk({ name: 'tools', size: '20Gi', mountPath: '/srv/tools', imageChecksum: sum })),
    ).toThrow('test/Workspace: invalid addDisk(tools).imageChecksum: is given without an imageUrl to verify');
    expect(() =>
      synthTemplate((t) =>
        new KubevirtWorkspace(t, 'Workspace').addDisk({
          name: 'tools',
          size: '20Gi',
          mountPath: '/srv/tools',
          imageUrl: 'https://f/x',
          imageChecksum: 'crc:1',
        }),
      ),
    ).toThrow(
      'test/Workspace: invalid addDisk(tools).imageChecksum: "crc:1" must be "sha256:" and 64 lower-case hex digits (or md5, sha1, sha512 with theirs)',
    );
  });

  test('GoldenImages: fails when a checksum names no image or is malformed', () => {
    const golden = (checksums: Record<string, string>) => () =>
      synthTemplate((t) => new GoldenImages(t, 'Images', { images: { arch: DISTROS.arch.imageUrl }, checksums }));
    expect(golden({ 'rocky-9': DISTROS['rocky-9'].imageChecksum! })).toThrow('test/Images: invalid checksums: "rocky-9" is not one of the images');
    expect(golden({ arch: 'sha256:1' })).toThrow('test/Images: invalid checksums["arch"]: "sha256:1" must be "sha256:"');
  });
});

describe('through terraform on the simulated cluster', () => {
  withTerraform('an HTTP root disk with a checksum for one distribution and none for another plans and applies; CDI takes the DataVolume', async () => {
    const base = CATALOG.find((d) => d.name === 'kubevirt-vm')!;
    const definition = {
      ...base,
      build: (scope: never, id: string) => {
        const template = new CoderTemplate(scope, id);
        // arch (the default) from an internal URL without a checksum, debian-12 pinned with its checksum.
        new KubevirtWorkspace(template, 'Workspace', { distros: ['arch', 'debian-12'], imageUrls: { arch: 'https://files.internal/arch.qcow2' } });
        return template;
      },
    };
    const files = (await renderTemplate(definition, 'hcl')).files;
    expect(files.get('main.tf')).toContain('http = local.image_sources[data.coder_parameter.distro.value]');
    const rows = await validateTemplate(files);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(rows.filter((r) => !r.ok)).toEqual([]);
  });
});

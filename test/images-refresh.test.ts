// `cvmkit images refresh` against a local HTTP server shaped like the publishers (test/fixtures/images), into a temporary copy of images.json.
import { spawn } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { PinnedImagesFile } from '../constructs/kubevirt/images';
import { httpFetcher, mirrorUrl, refreshImages } from '../src/images/refresh';

const FIXTURES = path.join(__dirname, 'fixtures', 'images');
const IMAGES_JSON = path.join(__dirname, '..', 'constructs', 'kubevirt', 'images.json');
const CLI = path.join(__dirname, '..', 'lib', 'src', 'launcher.js');
const pinned = (): PinnedImagesFile => JSON.parse(fs.readFileSync(IMAGES_JSON, 'utf8'));

/** The publishers' trees from the fixtures: `/<host>/<path>`, a folder's listing from its index.html; `overrides` replace a path's answer. */
let server: http.Server;
let mirror: string;
const overrides = new Map<string, { status: number; body: string }>();
const requests: string[] = [];
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url!, 'http://x').pathname);
    requests.push(url);
    const override = overrides.get(url);
    if (override) return void res.writeHead(override.status).end(override.body);
    const file = path.join(FIXTURES, url.endsWith('/') ? `${url}index.html` : url);
    if (!file.startsWith(FIXTURES + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) return void res.writeHead(404).end('Not Found');
    res.writeHead(200, { 'content-type': url.endsWith('/') ? 'text/html' : 'application/octet-stream' }).end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  overrides.clear();
  requests.length = 0;
});

/** A temporary copy of images.json (optionally edited). */
function tempImages(edit?: (doc: any) => void): string {
  const doc = pinned();
  edit?.(doc);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-images-')), 'images.json');
  fs.writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  return file;
}

/** The built CLI, spawned asynchronously (this process serves its requests meanwhile). */
function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill(), 30_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

const fixtureDigest = (url: string, algorithm: 'sha256' | 'sha512') => {
  const u = new URL(url);
  return `${algorithm}:${createHash(algorithm)
    .update(fs.readFileSync(path.join(FIXTURES, u.host, u.pathname)))
    .digest('hex')}`;
};

describe('refreshImages against the publishers (fixtures)', () => {
  test('pins the newest dated release of each publisher, with the checksum of the bytes it serves', async () => {
    const before = pinned();
    const { file, changes } = await refreshImages(before, httpFetcher(mirror));
    const outcome = Object.fromEntries(changes.map((c) => [c.distro, c.outcome]));
    expect(outcome).toEqual({
      'ubuntu-24.04': 'updated',
      'ubuntu-26.04': 'updated',
      'ubuntu-22.04': 'updated',
      'debian-12': 'updated',
      'debian-13': 'updated',
      'fedora-44': 'unchanged',
      arch: 'updated',
      'almalinux-9': 'updated',
      'almalinux-10': 'updated',
      'centos-stream-9': 'updated',
      'centos-stream-10': 'unchanged',
      'rocky-9': 'updated',
      'rocky-10': 'kept',
    });
    const img = file.images;
    expect(img['ubuntu-24.04']).toMatchObject({
      url: 'https://cloud-images.ubuntu.com/releases/noble/release-20260811/ubuntu-24.04-server-cloudimg-amd64.img',
      release: { build: '20260811' },
    });
    expect(img['debian-12'].url).toBe('https://cloud.debian.org/images/cloud/bookworm/20260815-2580/debian-12-genericcloud-amd64-20260815-2580.qcow2');
    expect(img['debian-12'].checksum).toMatch(/^sha512:[0-9a-f]{128}$/);
    expect(img.arch.url).toBe('https://geo.mirror.pkgbuild.com/images/v20260801.561002/Arch-Linux-x86_64-cloudimg-20260801.561002.qcow2');
    // A new minor version moves the image to its version's folder; 10.3 sorts after 10.2, 9.9 after 9.8.
    expect(img['almalinux-10'].url).toBe(
      'https://repo.almalinux.org/almalinux/10.3/cloud/x86_64/images/AlmaLinux-10-GenericCloud-10.3-20260820.0.x86_64.qcow2',
    );
    expect(img['rocky-9'].url).toBe('https://dl.rockylinux.org/pub/rocky/9.9/images/x86_64/Rocky-9-GenericCloud-Base-9.9-20260901.0.x86_64.qcow2');
    for (const c of changes.filter((x) => x.outcome === 'updated')) {
      expect({ distro: c.distro, checksum: c.after.checksum }).toEqual({ distro: c.distro, checksum: fixtureDigest(c.after.url, c.after.source.algorithm) });
      expect(c.after.source).toEqual(c.before.source);
    }
    // Unchanged and kept entries are the pinned ones, untouched; the order of the distributions is kept.
    for (const k of ['fedora-44', 'centos-stream-10', 'rocky-10']) expect(img[k]).toEqual(before.images[k]);
    expect(Object.keys(img)).toEqual(Object.keys(before.images));
    expect(requests.every((r) => /^\/[a-z0-9.-]+\//.test(r))).toBe(true);
  });

  test('fills in an absent checksum of the pinned release from its checksum file', async () => {
    const before = pinned();
    const { checksum, ...withoutChecksum } = before.images['centos-stream-10'];
    const { file, changes } = await refreshImages({ ...before, images: { ...before.images, 'centos-stream-10': withoutChecksum } }, httpFetcher(mirror), [
      'centos-stream-10',
    ]);
    expect(changes.map((c) => c.outcome)).toEqual(['filled']);
    expect(file.images['centos-stream-10'].checksum).toBe(checksum);
    expect(requests).toEqual([
      '/cloud.centos.org/centos/10-stream/x86_64/images/',
      `/cloud.centos.org/centos/10-stream/x86_64/images/CentOS-Stream-GenericCloud-10-20260720.0.x86_64.qcow2.SHA256SUM`,
    ]);
  });

  test('fails when the checksum file of the pinned release now says otherwise (a replaced or tampered image)', async () => {
    const before = pinned();
    const other = `sha256:${createHash('sha256').update('another image').digest('hex')}`;
    const edited = { ...before, images: { ...before.images, 'fedora-44': { ...before.images['fedora-44'], checksum: other } } };
    await expect(refreshImages(edited, httpFetcher(mirror), ['fedora-44'])).rejects.toThrow(
      `fedora-44: the checksum file now gives ${before.images['fedora-44'].checksum} for the pinned ${before.images['fedora-44'].url}, not the pinned ${other}`,
    );
  });

  test('mirrorUrl reads https://host/path from <mirror>/host/path', () => {
    expect(mirrorUrl('https://cloud.debian.org/images/cloud/bookworm/', 'http://127.0.0.1:8080/m/')).toBe(
      'http://127.0.0.1:8080/m/cloud.debian.org/images/cloud/bookworm/',
    );
  });
});

describe('cvmkit images refresh (the built CLI)', () => {
  test('rewrites the file atomically with the refreshed pins; a second run finds nothing newer', async () => {
    const file = tempImages();
    const r = await cli(['images', 'refresh', '--file', file, '--mirror', mirror]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^distro +outcome +release\nubuntu-24\.04 +updated +20260811\n/);
    expect(r.stdout).toContain(`wrote ${file}`);
    const written = JSON.parse(fs.readFileSync(file, 'utf8')) as PinnedImagesFile;
    expect(written.$comment).toBe(pinned().$comment);
    expect(written.images['debian-13'].url).toContain('/trixie/20260815-2580/');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['images.json']); // no temporary file left
    const again = await cli(['images', 'refresh', '--file', file, '--json'], { CVMKIT_IMAGES_MIRROR: mirror });
    expect(again.status).toBe(0);
    const report = JSON.parse(again.stdout);
    expect(report.written).toBe(false);
    expect(report.images.filter((i: any) => i.outcome === 'updated')).toEqual([]);
  });

  test('--dry-run prints the diff and writes nothing', async () => {
    const file = tempImages();
    const text = fs.readFileSync(file, 'utf8');
    const r = await cli(['images', 'refresh', 'ubuntu-24.04', 'debian-12', '--file', file, '--mirror', mirror, '--dry-run']);
    expect(r.status).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
    expect(r.stdout).toContain(`--- ${file}\n+++ ${file} (refreshed)\n@@ images["ubuntu-24.04"] (updated) @@\n`);
    expect(r.stdout).toContain(
      '-  url: https://cloud-images.ubuntu.com/releases/noble/release-20260705/ubuntu-24.04-server-cloudimg-amd64.img\n' +
        '+  url: https://cloud-images.ubuntu.com/releases/noble/release-20260811/ubuntu-24.04-server-cloudimg-amd64.img\n',
    );
    expect(r.stdout).toContain('-  release: {"build":"20260712-2537"}\n+  release: {"build":"20260815-2580"}');
    expect(r.stdout).not.toContain('arch');
  });

  test('fails naming the distribution when a checksum file is missing, and writes nothing', async () => {
    overrides.set('/cloud.debian.org/images/cloud/trixie/20260815-2580/SHA512SUMS', { status: 404, body: 'Not Found' });
    const file = tempImages();
    const text = fs.readFileSync(file, 'utf8');
    const r = await cli(['images', 'refresh', '--file', file, '--mirror', mirror]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      'cvmkit: images refresh failed, nothing was written:\n' +
        `  debian-13: the checksum file https://cloud.debian.org/images/cloud/trixie/20260815-2580/SHA512SUMS is missing (HTTP 404)\n`,
    );
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
  });

  test('fails naming the distribution when a checksum file is malformed, and writes nothing', async () => {
    const sums = '/cloud-images.ubuntu.com/releases/jammy/release-20260811/SHA256SUMS';
    const name = 'ubuntu-22.04-server-cloudimg-amd64.img';
    overrides.set(sums, { status: 200, body: `0123abcd *${name}\n` });
    overrides.set('/geo.mirror.pkgbuild.com/images/v20260801.561002/Arch-Linux-x86_64-cloudimg-20260801.561002.qcow2.SHA256', {
      status: 200,
      body: '<html>Moved</html>\n',
    });
    const file = tempImages();
    const text = fs.readFileSync(file, 'utf8');
    const r = await cli(['images', 'refresh', '--file', file, '--mirror', mirror]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      `  ubuntu-22.04: the checksum file https://cloud-images.ubuntu.com/releases/jammy/release-20260811/SHA256SUMS gives "0123abcd" for ${name}, which is not a sha256 (64 hex digits)\n`,
    );
    expect(r.stderr).toContain(
      '  arch: the checksum file https://geo.mirror.pkgbuild.com/images/v20260801.561002/Arch-Linux-x86_64-cloudimg-20260801.561002.qcow2.SHA256 is not a checksum file: no "<hex>  <name>" or "SHA256 (<name>) = <hex>" line\n',
    );
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
  });

  test('fails when an index lists no release, when a distribution is unknown, and on a bad mirror', async () => {
    overrides.set('/dl.rockylinux.org/pub/rocky/9/images/x86_64/', { status: 200, body: '<html><a href="../">../</a></html>' });
    const file = tempImages();
    const r = await cli(['images', 'refresh', 'rocky-9', '--file', file, '--mirror', mirror]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      'rocky-9: the index https://dl.rockylinux.org/pub/rocky/9/images/x86_64/ lists nothing that matches ^Rocky-9-GenericCloud-Base-',
    );
    const unknown = await cli(['images', 'refresh', 'windows-11', '--file', file, '--mirror', mirror]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/^cvmkit: unknown distribution windows-11; the file has ubuntu-24\.04, /);
    const bad = await cli(['images', 'refresh', '--file', file, '--mirror', 'ftp://mirror']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('cvmkit: --mirror must be an http(s) URL, not "ftp://mirror"\n');
  });

  test('--help lists the command and its options', async () => {
    const top = await cli(['--help']);
    expect(top.stdout).toMatch(/\n {2}images +.*images refresh/);
    const help = await cli(['images', 'refresh', '--help']);
    expect(help.stdout).toMatch(/^Usage: cvmkit images refresh \[options\] \[distros\.\.\.\]/);
    for (const option of ['--file <path>', '--mirror <url>', '--dry-run', '--json']) expect(help.stdout).toContain(option);
  });
});

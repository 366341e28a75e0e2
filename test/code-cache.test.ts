// The launcher's bundle loading: a code cache made once and reused, never a stale bundle, and no failure where nothing can be written.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cacheName, isFresh, writeManifest } from '../src/code-cache';
import { projectPath } from '../src/paths';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-code-cache-'));
afterAll(() => {
  fs.chmodSync(path.join(tmp, 'readonly'), 0o755);
  fs.rmSync(tmp, { recursive: true, force: true });
});

const dir = path.join(tmp, 'lib');
const bundle = path.join(dir, 'app.js');
const sources = path.join(dir, 'sources.txt');
const launcher = path.join(tmp, 'launcher.js');
fs.mkdirSync(dir);
fs.mkdirSync(path.join(tmp, 'readonly'));
fs.writeFileSync(sources, 'v1');
fs.writeFileSync(bundle, 'function greet(x) { return `hello ${x}`; }\nprocess.stdout.write(greet(require("path").basename(__filename)));\n');
// The compiled launcher module, as lib/src/launcher.js uses it.
fs.writeFileSync(
  launcher,
  `if (!require(${JSON.stringify(projectPath('lib/src/code-cache.js'))}).runBundle(${JSON.stringify(bundle)}, __filename)) process.stdout.write('plain');\n`,
);

const run = (cacheDir: string, env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [launcher], { encoding: 'utf8', env: { ...process.env, CVMKIT_CACHE_DIR: cacheDir, ...env } });

test('runs the bundle as a module of its own folder, and makes its code cache once', () => {
  const manifest = writeManifest(bundle, sources);
  const cacheDir = path.join(tmp, 'cache');
  const first = run(cacheDir);
  expect(first.stdout).toBe('hello app.js');
  const cache = path.join(cacheDir, cacheName(bundle, manifest));
  expect(fs.statSync(cache).size).toBeGreaterThan(0);
  const made = fs.statSync(cache).mtimeMs;
  expect(run(cacheDir).stdout).toBe('hello app.js');
  expect(fs.statSync(cache).mtimeMs).toBe(made);
});

test("a cache is keyed by the bundle's content: another bundle of the same length gets its own", () => {
  fs.writeFileSync(bundle, fs.readFileSync(bundle, 'utf8').replace('hello', 'howdy'));
  const manifest = writeManifest(bundle, sources);
  const cacheDir = path.join(tmp, 'cache');
  expect(run(cacheDir).stdout).toBe('howdy app.js');
  expect(fs.readdirSync(cacheDir)).toEqual([cacheName(bundle, manifest)]);
});

test('a bundle older than the compiled sources, or edited after the build, is not run', () => {
  const manifest = writeManifest(bundle, sources);
  expect(isFresh(bundle, manifest)).toBe(true);
  fs.writeFileSync(sources, 'v2');
  expect(isFresh(bundle, manifest)).toBe(false);
  expect(run(path.join(tmp, 'cache')).stdout).toBe('plain');
  writeManifest(bundle, sources);
  fs.writeFileSync(bundle, fs.readFileSync(bundle, 'utf8').replace('howdy', 'HOWDY'));
  expect(run(path.join(tmp, 'cache')).stdout).toBe('plain');
});

test('an unwritable cache folder or a disabled cache only costs time', () => {
  writeManifest(bundle, sources);
  const readonly = path.join(tmp, 'readonly');
  fs.chmodSync(readonly, 0o555);
  const r = run(path.join(readonly, 'cache'));
  expect(r.status).toBe(0);
  expect(r.stdout).toBe('hello app.js'.replace('hello', 'HOWDY'));
  expect(run(path.join(tmp, 'none'), { CVMKIT_CODE_CACHE: '0' }).stdout).toBe('HOWDY app.js');
  expect(fs.existsSync(path.join(tmp, 'none'))).toBe(false);
});

describe('the launcher', () => {
  // Imported lazily: the module runs the command line only when it is the main module.
  const { listsOwnTemplates } = require('../src/launcher') as typeof import('../src/launcher');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-launcher-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('runs the plain modules for a project whose settings list its own templates', () => {
    expect(listsOwnTemplates(['synth'], dir)).toBe(false);
    fs.writeFileSync(path.join(dir, 'cvmkit.config.yaml'), 'storageClass: fast\n');
    expect(listsOwnTemplates(['synth'], dir)).toBe(false);
    fs.writeFileSync(path.join(dir, 'cvmkit.config.yaml'), 'catalog: none\ntemplates:\n  - lib/templates/*/index.js\n');
    expect(listsOwnTemplates(['synth'], dir)).toBe(true);
    fs.writeFileSync(path.join(dir, 'other.json'), '{"templates": ["a.js"]}');
    expect(listsOwnTemplates(['synth', '--config', 'other.json'], path.join(dir))).toBe(true);
    expect(listsOwnTemplates(['-c', path.join(dir, 'missing.json'), 'synth'], dir)).toBe(false);
  });
});

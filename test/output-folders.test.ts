// What the CLI may write: settings with template sequences refused, foreign folders left untouched, its own stale folders removed.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CATALOG } from '../src/catalog';
import { MARKER_FILE, markerContent, parseMarker, readMarker, refusal } from '../src/write';
import { terraformEnv } from './support/terraform';
import { withTerraform } from './support/tools';

const CLI = path.join(__dirname, '..', 'lib', 'src', 'launcher.js');
const VERSION = (JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-folders-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** A fresh folder with the three output locations of a whole synth. */
function outputs() {
  const dir = fs.mkdtempSync(path.join(work, 'run-'));
  const out = { dir, templates: path.join(dir, 'templates'), platform: path.join(dir, 'platform'), page: path.join(dir, 'index.html') };
  return { ...out, args: ['--out', out.templates, '--platform-out', out.platform, '--page', out.page] };
}

/** Every file under `dir`, relative path to content: to prove nothing changed. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of fs.readdirSync(dir, { recursive: true }).map(String)) {
    if (fs.statSync(path.join(dir, f)).isFile()) files[f] = fs.readFileSync(path.join(dir, f), 'utf8');
  }
  return files;
}

describe('settings that would make Terraform evaluate a template', () => {
  test('fails when an image mirror holds ${file(…)}: exit 1, the file, key, sequence and rule named, nothing written', () => {
    const o = outputs();
    const config = path.join(o.dir, 'cvmkit.config.yaml');
    fs.writeFileSync(config, 'imageMirrors:\n  "https://cloud-images.ubuntu.com/": \'https://m.example/${file("/etc/hostname")}/\'\n');
    const r = run(['synth', '--config', config, ...o.args]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `cvmkit: ${config}: imageMirrors["https://cloud-images.ubuntu.com/"]: "https://m.example/\${file(\\"/etc/hostname\\")}/" contains "\${", ` +
        'which Terraform would evaluate as a template sequence; cvmkit writes this value as a literal and refuses "${" and "%{" in it\n',
    );
    expect(r.stdout).toBe('');
    expect(fs.readdirSync(o.dir)).toEqual(['cvmkit.config.yaml']);
  });
});

describe('folders cvmkit did not write', () => {
  test('fails when --platform-out holds source files: exit 1, the folder and why, its files untouched, nothing written', () => {
    const o = outputs();
    // A trial pointed --platform-out at a source folder; its `kata` and `gvisor` folders would be replaced.
    fs.mkdirSync(path.join(o.platform, 'kata'), { recursive: true });
    fs.writeFileSync(path.join(o.platform, 'kata', 'workspace.ts'), 'export const mine = 1;\n');
    fs.writeFileSync(path.join(o.platform, 'kata', 'index.ts'), 'export * from "./workspace";\n');
    const before = snapshot(o.platform);
    const r = run(['synth', ...o.args]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      'cvmkit: refusing to replace a folder cvmkit did not write; nothing was written:\n' +
        `  ${path.join(o.platform, 'kata')}: it holds files cvmkit did not write (index.ts, workspace.ts) and no .cvmkit-generated marker\n` +
        'move them away or choose another output folder (folders from cvmkit before .cvmkit-generated existed have no marker: delete them once)\n',
    );
    expect(snapshot(o.platform)).toEqual(before);
    expect(fs.readdirSync(o.dir)).toEqual(['platform']);
  });

  test("fails when --out holds a foreign folder of a template's name, listing every refused folder", () => {
    const o = outputs();
    for (const name of ['kubevirt-vm', 'kata-microvm']) {
      fs.mkdirSync(path.join(o.templates, name), { recursive: true });
      fs.writeFileSync(path.join(o.templates, name, 'main.tf'), '# hand-written\n');
    }
    const r = run(['synth', 'kubevirt-vm', 'kata-microvm', ...o.args]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('refusing to replace 2 folders cvmkit did not write; nothing was written:\n');
    expect(r.stderr).toContain(`  ${path.join(o.templates, 'kubevirt-vm')}: it holds files cvmkit did not write (main.tf) and no .cvmkit-generated marker\n`);
    expect(fs.readFileSync(path.join(o.templates, 'kata-microvm', 'main.tf'), 'utf8')).toBe('# hand-written\n');
  });

  test('fails when --page would replace a file that is not a catalog page', () => {
    const o = outputs();
    fs.writeFileSync(o.page, '<html>my own page</html>\n');
    const r = run(['synth', ...o.args]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `cvmkit: refusing to replace ${o.page}: it is not a catalog page cvmkit wrote (no <meta name="generator" content="cvmkit">); nothing was written; choose another --page\n`,
    );
    expect(fs.readdirSync(o.dir)).toEqual(['index.html']);
  });

  test('absent, empty and marked folders are replaced; each written folder gets the marker', () => {
    const o = outputs();
    fs.mkdirSync(path.join(o.templates, 'kubevirt-vm'), { recursive: true });
    expect(run(['synth', ...o.args]).status).toBe(0);
    for (const d of CATALOG)
      expect(readMarker(path.join(o.templates, d.name))).toEqual({ generator: 'cvmkit', version: VERSION, kind: 'template', name: d.name });
    for (const p of ['workspace-access', 'gvisor']) expect(readMarker(path.join(o.platform, p))?.kind).toBe('platform stack');
    expect(fs.readFileSync(path.join(o.templates, 'kata-microvm', MARKER_FILE), 'utf8')).toBe(markerContent('template', 'kata-microvm'));
    expect(fs.readFileSync(o.page, 'utf8')).toContain('<meta name="generator" content="cvmkit">');
    // Its own output is replaced on the next run.
    expect(run(['synth', ...o.args]).status).toBe(0);
  });

  test('a platform stack folder is not a template folder: the kinds must match', () => {
    const dir = fs.mkdtempSync(path.join(work, 'kinds-'));
    fs.writeFileSync(path.join(dir, MARKER_FILE), markerContent('platform stack', 'kata'));
    expect(refusal(dir, 'template')).toBe('it holds cvmkit\'s platform stack "kata", not a template');
    expect(refusal(dir, 'platform stack')).toBeUndefined();
    fs.writeFileSync(path.join(dir, MARKER_FILE), 'generator: somebody else\nkind: template\nname: x\n');
    expect(refusal(dir, 'template')).toBe('its .cvmkit-generated is not a marker cvmkit wrote');
  });
});

describe('stale folders', () => {
  test('a whole synth removes the template and platform folders it wrote for entries no longer in the catalog, and says so', () => {
    const o = outputs();
    expect(run(['synth', ...o.args]).status).toBe(0);
    // Output of a template and a platform stack since removed from the catalog, and folders of the user's own.
    fs.cpSync(path.join(o.templates, 'kata-microvm'), path.join(o.templates, 'old-vm'), { recursive: true });
    fs.writeFileSync(path.join(o.templates, 'old-vm', MARKER_FILE), markerContent('template', 'old-vm'));
    fs.cpSync(path.join(o.platform, 'gvisor'), path.join(o.platform, 'firecracker'), { recursive: true });
    fs.writeFileSync(path.join(o.platform, 'firecracker', MARKER_FILE), markerContent('platform stack', 'firecracker'));
    fs.mkdirSync(path.join(o.templates, 'mine'));
    fs.writeFileSync(path.join(o.templates, 'mine', 'main.tf'), '# mine\n');
    const r = run(['synth', '--json', ...o.args]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).removed.sort()).toEqual(
      [path.relative(process.cwd(), path.join(o.platform, 'firecracker')), path.relative(process.cwd(), path.join(o.templates, 'old-vm'))].sort(),
    );
    expect(r.stderr).toContain(`removed ${path.join(o.templates, 'old-vm')}: cvmkit wrote it for an entry no longer in the catalog\n`);
    expect(fs.existsSync(path.join(o.templates, 'old-vm'))).toBe(false);
    expect(fs.existsSync(path.join(o.platform, 'firecracker'))).toBe(false);
    expect(fs.readFileSync(path.join(o.templates, 'mine', 'main.tf'), 'utf8')).toBe('# mine\n');
  });

  test('a synth of named templates removes nothing', () => {
    const o = outputs();
    fs.mkdirSync(path.join(o.templates, 'old-vm'), { recursive: true });
    fs.writeFileSync(path.join(o.templates, 'old-vm', MARKER_FILE), markerContent('template', 'old-vm'));
    const r = run(['synth', 'kata-microvm', ...o.args]);
    expect(r.status).toBe(0);
    expect(fs.existsSync(path.join(o.templates, 'old-vm'))).toBe(true);
  });
});

withTerraform('terraform reads a folder with the marker as if it were not there', () => {
  const dir = fs.mkdtempSync(path.join(work, 'tf-'));
  fs.writeFileSync(path.join(dir, 'main.tf'), 'locals {\n  x = "ok"\n}\n');
  fs.writeFileSync(path.join(dir, MARKER_FILE), markerContent('template', 'x'));
  const r = spawnSync('terraform', ['console'], { cwd: dir, input: 'local.x\n', env: terraformEnv(), encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.stdout.trim()).toBe('"ok"');
});

describe('the marker file', () => {
  test('is read as key: value lines, comments skipped, values kept whole', () => {
    expect(parseMarker(markerContent('registry template', 'a:b'))).toEqual({ generator: 'cvmkit', version: VERSION, kind: 'registry template', name: 'a:b' });
    expect(parseMarker('# generator: x\r\ngenerator: cvmkit\r\n\r\nno colon here\n: empty key\n')).toEqual({ generator: 'cvmkit' });
  });

  test('without a generator, kind or name it is not cvmkit’s', () => {
    const dir = fs.mkdtempSync(path.join(work, 'marker-'));
    for (const text of ['generator: cvmkit\nkind: template\n', 'generator: cvmkit\nname: x\n', 'kind: template\nname: x\n', '']) {
      fs.writeFileSync(path.join(dir, MARKER_FILE), text);
      expect(readMarker(dir)).toBeUndefined();
    }
  });
});

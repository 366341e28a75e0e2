// The bundled command line carries edits of cdktf (scripts/bundle-cli.js): it must write exactly what the plain modules write.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BundleManifest, isFresh } from '../src/code-cache';
import { projectPath } from '../src/paths';

jest.setTimeout(120_000);

const BUNDLE = projectPath('lib/bundle/cli.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-bundle-output-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Every file under `dir`, relative path to content. */
function tree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const file = path.join(entry.parentPath, entry.name);
      files.set(path.relative(dir, file), fs.readFileSync(file, 'utf8'));
    }
  }
  return files;
}

/** `synth` of the whole catalog into `<work>/<name>`, through `entry` (the launcher runs the bundle; cli.js the plain modules). */
function synth(entry: string, name: string, config: string): Map<string, string> {
  const out = path.join(work, name);
  const r = spawnSync(
    process.execPath,
    [entry, '--config', config, 'synth', '--out', path.join(out, 't'), '--platform-out', path.join(out, 'p'), '--page', path.join(out, 'index.html')],
    {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, CHECKPOINT_DISABLE: '1' },
    },
  );
  expect(r.stderr).not.toMatch(/error/i);
  expect(r.status).toBe(0);
  return tree(out);
}

test('the bundle (with its cdktf edits) writes the catalog, platform stacks and page byte for byte as the plain modules do', () => {
  // `npm test` builds first, so the launcher takes the bundle; a stale one would make this test compare the plain modules with themselves.
  const manifest = JSON.parse(fs.readFileSync(BUNDLE.replace(/\.js$/, '.json'), 'utf8')) as BundleManifest;
  expect(isFresh(BUNDLE, manifest)).toBe(true);
  // Values that cdktf's resolve() looks at twice: number-like text (its number-token pattern
  // matches "1e5" and "gpu-e-2"), plain text, booleans, nested maps and lists.
  const config = path.join(work, 'cvmkit.config.json');
  fs.writeFileSync(
    config,
    JSON.stringify({
      storageClass: 'fast-1e3',
      nodePools: {
        kubevirt: { nodeSelector: { rank: '1e5', pool: 'gpu-e-2', plain: 'kvm' } },
        sysbox: { tolerations: [{ key: 'sysbox', operator: 'Equal', value: '2.5e-3', effect: 'NoSchedule' }] },
      },
    }),
  );
  const bundled = synth(projectPath('lib/src/launcher.js'), 'bundled', config);
  const plain = synth(projectPath('lib/src/cli.js'), 'plain', config);
  expect([...bundled.keys()].sort()).toEqual([...plain.keys()].sort());
  for (const [file, content] of plain) expect({ file, content: bundled.get(file) }).toEqual({ file, content });
  // The settings reached the output, so the values above went through resolve().
  const vm = bundled.get(path.join('t', 'kubevirt-vm', 'main.tf'))!;
  expect(vm).toContain('"gpu-e-2"');
  expect(vm).toContain('"1e5"');
});

/** A script that resolves values holding tokens in every position cdktf's resolve() treats apart, and prints the Terraform JSON (or the error). */
const RESOLVE_SCRIPT = `
const { App, Lazy, TerraformLocal, TerraformStack, Token, Fn } = require('cdktf');
const app = new App({ outdir: process.argv[2], stackTraces: false });
const number = Token.asNumber(Lazy.numberValue({ produce: () => 42 }));
const text = Token.asString(Lazy.stringValue({ produce: () => 'lazy' }));
const cases = {
  numberInString: 'size ' + number + 'Gi',
  numberAlone: number,
  numberLike: ['1e5', 'gpu-e-2', '2.5e-3', '-e-', '1E5'],
  plain: { text: 'kvm', flag: true, off: false, nothing: undefined, empty: '', nested: { deep: ['a', { b: 'c' }] } },
  stringToken: 'pre-' + text + '-post',
  tokenKey: { ['k-' + text]: 'v', '1e3': 'x' },
  list: Token.asList(Lazy.listValue({ produce: () => ['a', 'b'] })),
  call: Fn.join('-', ['a', text]),
  escaped: '$\${literal} and %{ if true }x%{ endif }',
};
const results = {};
for (const [name, value] of Object.entries(cases)) {
  const stack = new TerraformStack(app, name);
  new TerraformLocal(stack, 'value', value);
  results[name] = stack.toTerraform().locals;
}
for (const [name, value] of Object.entries({ mapValueAsString: Token.STRING_MAP_TOKEN_VALUE, listTokenInString: 'x' + Token.asList(Lazy.listValue({ produce: () => ['a'] }))[0] })) {
  const stack = new TerraformStack(app, name);
  new TerraformLocal(stack, 'value', value);
  try { results[name] = stack.toTerraform().locals; } catch (e) { results[name] = { error: e.message.split('\\\\n')[0] }; }
}
process.stdout.write(JSON.stringify(results, null, 1));
`;

test("cdktf's resolve() in the bundle returns what the plain module returns, for tokens in strings, numbers, keys, lists and for the errors", async () => {
  const { cdktfEdits } = require(projectPath('scripts/bundle-cli.js'));
  const esbuild = require('esbuild') as typeof import('esbuild');
  const script = path.join(work, 'resolve-cases.js');
  fs.writeFileSync(script, RESOLVE_SCRIPT);
  const bundled = path.join(work, 'resolve-cases.bundle.js');
  await esbuild.build({
    entryPoints: [script],
    outfile: bundled,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    nodePaths: [projectPath('node_modules')],
    plugins: [cdktfEdits],
    logLevel: 'silent',
  });
  expect(fs.readFileSync(bundled, 'utf8')).toContain('plainString(obj)');
  const run = (file: string) => {
    const r = spawnSync(process.execPath, [file, path.join(work, 'cdktf.out')], {
      encoding: 'utf8',
      env: { ...process.env, NODE_PATH: projectPath('node_modules') },
    });
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout) as Record<string, unknown>;
  };
  const plain = run(script);
  // The cases reach every branch: a number token inside text, and both errors.
  expect(plain.numberInString).toEqual({ value: 'size 42Gi' });
  expect(plain.mapValueAsString).toEqual({ error: expect.stringContaining('map') });
  expect(plain.listTokenInString).toEqual({ error: expect.stringContaining('list') });
  expect(run(bundled)).toEqual(plain);
});

#!/usr/bin/env node
// `npm run build`, after tsc: bundles the command line into lib/bundle/cli.js and trains its V8 code cache.
// Only the command line is bundled: the library (lib/constructs, lib/src) stays plain modules, so
// user code importing cdktf never meets a second, bundled copy of it.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const outDir = path.join(root, 'lib', 'bundle');
const { cacheName, writeManifest } = require(path.join(root, 'lib', 'src', 'code-cache.js'));
const lib = (file) => require(path.join(root, 'lib', file));

/** Entries: name -> compiled entry module. */
const ENTRIES = {
  cli: 'lib/src/cli-entry.js',
  scale: 'lib/bench/scale-entry.js',
};

// Loaded only by commands other than synth (validate, simulate, settings with a schema); they
// stay ordinary requires from node_modules instead of weighing on every start.
const EXTERNAL = ['@grpc/grpc-js', '@grpc/proto-loader', '@peculiar/x509', 'ajv', 'ajv-draft-04', '@cdktf/provider-kubernetes/package.json'];

// Edits of cdktf's modules in the bundle only: [file pattern, exact text, replacement, why].
const CDKTF_EDITS = [
  // cdktf records a full stack trace, formatted, for every token it creates (Intrinsic, Lazy),
  // to print in resolution errors: 14 % of a cold synth, and a few KiB per token that its
  // global token map keeps for the life of the process. Recorded only when asked.
  [/tokens[\\/]private[\\/]stack-trace\.js$/, 'function captureStackTrace(below) {', 'function captureStackTrace(below) {\n    if (process.env.CVMKIT_TOKEN_STACKS !== "1") return [];'],
  // resolve() visits every value of every stack; a plain string (no token marker, not a map
  // token's value, nothing its number-token pattern matches) resolves to itself, but costs two
  // contexts, three regular expressions and an options copy on the way. Returned at once instead,
  // and an object's plain string or boolean entries copied without a call: ~7 % of a
  // 1000-template synth's CPU. test/bundle-output.test.ts compares the bundle's catalog with the
  // plain modules' file by file, and resolve() with cdktf's for tokens in every position.
  [
    /tokens[\\/]private[\\/]resolve\.js$/,
    'const tokenMap = token_map_1.TokenMap.instance();',
    'const tokenMap = token_map_1.TokenMap.instance();\nconst NUMBER_TOKEN_PATTERN = /[-|\\d|.\\+]+(e[-|\\d|.|e|E|\\+]+)/;\nfunction plainString(s) { return s.indexOf("TfToken[") === -1 && s !== token_1.Token.STRING_MAP_TOKEN_VALUE && s !== token_1.Token.ANY_MAP_TOKEN_VALUE && !NUMBER_TOKEN_PATTERN.test(s); }',
  ],
  [/tokens[\\/]private[\\/]resolve\.js$/, '    if (typeof obj === "string") {', '    if (typeof obj === "string") {\n        if (plainString(obj)) return obj;'],
  [
    /tokens[\\/]private[\\/]resolve\.js$/,
    '        const resolvedKey = makeContext()[0].resolve(key);',
    '        const plain = obj[key];\n        if (prefix.length < 200 && plainString(key) && (typeof plain === "boolean" || (typeof plain === "string" && plainString(plain)))) { result[key] = plain; continue; }\n        const resolvedKey = makeContext()[0].resolve(key);',
  ],
  // Modules cdktf loads at start for features cvmkit's synth never reaches (zipping assets,
  // writing cdk.tf.json, comparing versions when the prefetched check does not apply): loaded
  // at first use instead. archiver alone brings lodash, glob and readable-stream.
  [/private[\\/]fs\.js$/, 'const archiver = require("archiver");', 'const archiver = (...args) => require("archiver")(...args);'],
  [/lib[\\/]manifest\.js$/, 'const stringify = require("json-stable-stringify");', 'const stringify = (...args) => require("json-stable-stringify")(...args);'],
  [/synthesize[\\/]synthesizer\.js$/, 'const stringify = require("json-stable-stringify");', 'const stringify = (...args) => require("json-stable-stringify")(...args);'],
  [/validate-binary-version\.js$/, 'const semver = require("semver");', 'const semver = { satisfies: (...args) => require("semver").satisfies(...args) };'],
];

const cdktfEdits = {
  name: 'cdktf-edits',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]cdktf[\\/]lib[\\/].*\.js$/ }, async (args) => {
      const edits = CDKTF_EDITS.filter(([file]) => file.test(args.path));
      if (edits.length === 0) return undefined;
      let contents = await fs.promises.readFile(args.path, 'utf8');
      for (const [, from, to] of edits) {
        if (!contents.includes(from)) throw new Error(`${args.path}: "${from}" not found (cdktf changed?)`);
        contents = contents.replace(from, to);
      }
      return { contents, loader: 'js' };
    });
  },
};

/** Writes lib/src/handlebars-precompiled.js: the README and cloud-init templates the bundle knows. */
function precompileHandlebars() {
  const { precompileModule } = lib('src/handlebars-compile.js');
  const { cloudInitSources } = lib('cloud-init/index.js');
  const { readmeSources } = lib('src/synth.js');
  const { CATALOG } = lib('src/catalog.js');
  fs.writeFileSync(path.join(root, 'lib', 'src', 'handlebars-precompiled.js'), precompileModule([...cloudInitSources(), ...readmeSources(CATALOG)]));
}

async function bundle(name, entry) {
  const outfile = path.join(outDir, `${name}.js`);
  await esbuild.build({
    entryPoints: [path.join(root, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: EXTERNAL,
    plugins: [cdktfEdits],
    // Identifiers are not minified: class names appear in errors. Inputs are CommonJS, each in
    // its own function scope, so nothing is renamed either.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const manifest = writeManifest(outfile, path.join(root, 'lib', '.tsbuildinfo'));
  return { outfile, manifest };
}

/** Runs a representative command so that the cache holds the functions a real run compiles. */
function train(launcher, args, cacheFile) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-train-'));
  try {
    const r = spawnSync(process.execPath, [launcher, ...args(tmp)], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, CVMKIT_CODE_CACHE_OUT: cacheFile, CHECKPOINT_DISABLE: '1' },
    });
    if (r.status !== 0 || !fs.existsSync(cacheFile)) {
      process.stderr.write(`bundle-cli: no code cache for ${path.basename(cacheFile)} (the first run will make one): ${r.stderr.trim().split('\n').pop()}\n`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function main() {
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const started = Date.now();
  precompileHandlebars();
  const cli = await bundle('cli', ENTRIES.cli);
  train(path.join(root, 'lib', 'src', 'launcher.js'), (tmp) => ['synth', '--out', path.join(tmp, 't'), '--platform-out', path.join(tmp, 'p'), '--page', path.join(tmp, 'i.html')], path.join(outDir, cacheName(cli.outfile, cli.manifest)));
  if (fs.existsSync(path.join(root, ENTRIES.scale))) {
    const scale = await bundle('scale', ENTRIES.scale);
    train(path.join(root, 'lib', 'bench', 'scale-launcher.js'), (tmp) => ['10', path.join(tmp, 'out'), '--jobs', '1'], path.join(outDir, cacheName(scale.outfile, scale.manifest)));
  }
  const bytes = fs.readdirSync(outDir).map((f) => `${f} ${(fs.statSync(path.join(outDir, f)).size / 1024).toFixed(0)} KiB`);
  process.stderr.write(`bundle-cli: ${bytes.join(', ')} (${Date.now() - started} ms)\n`);
}

// test/bundle-output.test.ts bundles a script of its own with the same edits.
module.exports = { cdktfEdits };

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}

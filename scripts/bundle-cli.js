#!/usr/bin/env node
// `npm run build`, after tsc: bundles the command line into lib/bundle/cli.js and trains its V8 code cache.
// Only the command line is bundled: the library (lib/constructs, lib/src) stays plain modules, so
// user code importing cdktf never meets a second, bundled copy of it.
const { spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const outDir = path.join(root, 'lib', 'bundle');
const { cacheName } = require(path.join(root, 'lib', 'src', 'code-cache.js'));
const lib = (file) => require(path.join(root, 'lib', file));

/** Entries: name -> compiled entry module. */
const ENTRIES = {
  cli: 'lib/src/cli-entry.js',
  scale: 'lib/bench/scale-entry.js',
};

// Loaded only by commands other than synth (validate, simulate, settings with a schema); they
// stay ordinary requires from node_modules instead of weighing on every start.
const EXTERNAL = ['@grpc/grpc-js', '@grpc/proto-loader', '@peculiar/x509', 'ajv', 'ajv-draft-04', '@cdktf/provider-kubernetes/package.json'];

// cdktf records a full stack trace, formatted, for every token it creates (Intrinsic, Lazy),
// to print in resolution errors: 14 % of a cold synth, and a few KiB per token that its global
// token map keeps for the life of the process. The bundle records them only when asked.
const tokenStacksOnDemand = {
  name: 'token-stacks-on-demand',
  setup(build) {
    build.onLoad({ filter: /[\\/]cdktf[\\/]lib[\\/]tokens[\\/]private[\\/]stack-trace\.js$/ }, async (args) => {
      const original = await fs.promises.readFile(args.path, 'utf8');
      const patched = original.replace('function captureStackTrace(below) {', 'function captureStackTrace(below) {\n    if (process.env.CVMKIT_TOKEN_STACKS !== "1") return [];');
      if (patched === original) throw new Error(`${args.path}: captureStackTrace not found (cdktf changed?)`);
      return { contents: patched, loader: 'js' };
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

function stamp(file) {
  const data = fs.readFileSync(file);
  const stat = fs.statSync(file);
  return { data, size: stat.size, mtimeMs: stat.mtimeMs };
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
    plugins: [tokenStacksOnDemand],
    // Identifiers are not minified: class names appear in errors. Inputs are CommonJS, each in
    // its own function scope, so nothing is renamed either.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const built = stamp(outfile);
  const info = path.join(root, 'lib', '.tsbuildinfo');
  const sources = fs.existsSync(info) ? stamp(info) : null;
  const manifest = {
    sha256: crypto.createHash('sha256').update(built.data).digest('hex'),
    size: built.size,
    mtimeMs: built.mtimeMs,
    sources: sources && { file: path.relative(outDir, info), sha1: crypto.createHash('sha1').update(sources.data).digest('hex'), size: sources.size, mtimeMs: sources.mtimeMs },
  };
  fs.writeFileSync(path.join(outDir, `${name}.json`), `${JSON.stringify(manifest, null, 2)}\n`);
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

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

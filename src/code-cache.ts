// Runs a bundle built by scripts/bundle-cli.js with a V8 code cache, when the bundle is fresh.
import * as crypto from 'crypto';
import * as fs from 'fs';
import Module from 'module';
import * as os from 'os';
import * as path from 'path';
import * as vm from 'vm';
import { isMainThread } from 'worker_threads';

// Why: a cold `cvmkit synth` spent ~300 ms loading ~600 CommonJS files (cdktf, the provider
// bindings, 70 % of their bytes inline source maps). One bundle is one file to read, and V8's
// code cache skips parsing and compiling the functions a run needs. Node 20 has no
// module.enableCompileCache (22.1+), so the cache is vm.Script's cachedData.
//
// V8 checks a cache against its own version and flags and the source's length only, so the
// key adds the bundle's content hash (recorded at build time) and the Node version.

/** What scripts/bundle-cli.js writes beside a bundle (`<name>.json`). */
export interface BundleManifest {
  /** sha256 of the bundle. */
  readonly sha256: string;
  readonly size: number;
  readonly mtimeMs: number;
  /** lib/.tsbuildinfo when the bundle was built: the compiled sources it was made of. */
  readonly sources: { readonly file: string; readonly sha1: string; readonly size: number; readonly mtimeMs: number } | null;
}

/** Set while a bundle runs, so that code inside it can start workers through the same launcher. */
export const BUNDLE_SYMBOL = Symbol.for('cvmkit.bundle');

/** Where a running bundle came from (undefined when running from plain modules). */
export interface RunningBundle {
  readonly launcher: string;
  readonly bundle: string;
}

/** The bundle this code runs in, if any. */
export function runningBundle(): RunningBundle | undefined {
  return (globalThis as Record<symbol, RunningBundle | undefined>)[BUNDLE_SYMBOL];
}

const sha = (algorithm: string, data: Buffer) => crypto.createHash(algorithm).update(data).digest('hex');

function sameFile(file: string, recorded: { size: number; mtimeMs: number }, hash: () => boolean): boolean {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (stat === undefined) return false;
  // Size and time first; a copy or an npm pack changes times, so then the content decides.
  return (stat.size === recorded.size && stat.mtimeMs === recorded.mtimeMs) || (stat.size === recorded.size && hash());
}

/** Writes `<bundle>.json` for `bundle`, built from the compiled sources recorded in `sources` (the build's lib/.tsbuildinfo). */
export function writeManifest(bundle: string, sources: string | null): BundleManifest {
  const stamp = (file: string) => ({ data: fs.readFileSync(file), stat: fs.statSync(file) });
  const built = stamp(bundle);
  const from = sources !== null && fs.existsSync(sources) ? stamp(sources) : null;
  const manifest: BundleManifest = {
    sha256: sha('sha256', built.data),
    size: built.stat.size,
    mtimeMs: built.stat.mtimeMs,
    sources: from && { file: path.relative(path.dirname(bundle), sources!), sha1: sha('sha1', from.data), size: from.stat.size, mtimeMs: from.stat.mtimeMs },
  };
  fs.writeFileSync(bundle.replace(/\.js$/, '.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Whether the bundle is what its manifest says and was built from the compiled sources now in lib/. */
export function isFresh(bundle: string, manifest: BundleManifest): boolean {
  if (!sameFile(bundle, manifest, () => sha('sha256', fs.readFileSync(bundle)) === manifest.sha256)) return false;
  const sources = manifest.sources;
  if (sources === null) return true;
  const file = path.resolve(path.dirname(bundle), sources.file);
  // An installed package may ship without the build info: nothing to be stale against.
  if (!fs.existsSync(file)) return true;
  return sameFile(file, sources, () => sha('sha1', fs.readFileSync(file)) === sources.sha1);
}

/** Folder for caches made at run time: $CVMKIT_CACHE_DIR, else $XDG_CACHE_HOME/cvmkit or ~/.cache/cvmkit. */
export function userCacheDir(): string {
  if (process.env.CVMKIT_CACHE_DIR) return process.env.CVMKIT_CACHE_DIR;
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'cvmkit');
}

/** File name of the code cache of a bundle for this Node. */
export function cacheName(bundle: string, manifest: BundleManifest): string {
  return `${path.basename(bundle, '.js')}.${manifest.sha256.slice(0, 16)}.${process.version}-${process.arch}.cache`;
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Writes `data` atomically (temporary file, then rename); any failure (read-only, no home) is ignored. */
function writeQuietly(file: string, data: Buffer, pruneOthers: string | undefined): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
    if (pruneOthers !== undefined) {
      for (const f of fs.readdirSync(path.dirname(file))) {
        if (f.startsWith(pruneOthers) && f.endsWith('.cache') && f !== path.basename(file)) fs.rmSync(path.join(path.dirname(file), f), { force: true });
      }
    }
  } catch {
    // A cache is an optimisation: without it the next run compiles again.
  }
}

/**
 * Runs `bundle` as a CommonJS module of `launcher`'s process, with the code cache shipped
 * beside it or made earlier in the user's cache folder; when neither is usable, makes one after
 * the run (at exit, so it holds every function the run compiled). Returns false, running
 * nothing, when the bundle is missing or stale: the caller then loads the plain modules.
 * CVMKIT_CODE_CACHE=0 disables the cache; CVMKIT_CODE_CACHE_OUT=<file> writes it there (build).
 */
export function runBundle(bundle: string, launcher: string): boolean {
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(bundle.replace(/\.js$/, '.json'), 'utf8')) as BundleManifest;
  } catch {
    return false;
  }
  if (!isFresh(bundle, manifest)) return false;
  const enabled = process.env.CVMKIT_CODE_CACHE !== '0';
  const name = cacheName(bundle, manifest);
  const shipped = path.join(path.dirname(bundle), name);
  const made = path.join(userCacheDir(), name);
  const cachedData = enabled ? (readIfPresent(shipped) ?? readIfPresent(made)) : undefined;
  const script = new vm.Script(Module.wrap(fs.readFileSync(bundle, 'utf8')), { filename: bundle, cachedData });
  const out = process.env.CVMKIT_CODE_CACHE_OUT;
  // Workers started from a bundle load it again; only the main thread writes a cache.
  if (isMainThread && (out || (enabled && (cachedData === undefined || script.cachedDataRejected)))) {
    const target = out || made;
    process.once('exit', () => writeQuietly(target, script.createCachedData(), out ? undefined : `${path.basename(bundle, '.js')}.`));
  }
  (globalThis as Record<symbol, RunningBundle>)[BUNDLE_SYMBOL] = { launcher, bundle };
  const mod = new Module(bundle, require.main);
  mod.filename = bundle;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(bundle));
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, path.dirname(bundle));
  return true;
}

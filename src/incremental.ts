// The incremental synth's manifest: a hash of each template's inputs, kept beside the output, so unchanged templates are skipped.
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { cloudInitSources } from '../cloud-init';
import { runningBundle } from './code-cache';
import { TemplateDefinition } from './definition';
import { projectPath } from './paths';
import { readmePath } from './project';
import { OrganisationSettings } from './settings';
import { OutputFormat } from './synth';

/** File name of the manifest in an output folder. */
export const MANIFEST_FILE = '.cvmkit-synth.json';

interface Entry {
  /** sha256 of everything the template's folder is made from. */
  readonly inputs: string;
  /** Files written, relative path to size in bytes: a folder edited or emptied since is rendered again. */
  readonly files: Record<string, number>;
}

interface ManifestData {
  readonly version: 1;
  templates: Record<string, Entry>;
  /** Files written outside the template folders (platform stacks, catalog page): absolute path to size. */
  extras?: { readonly inputs: string; readonly files: Record<string, number> };
}

const sha256 = (...parts: string[]) => parts.reduce((h, p) => h.update(p).update('\0'), crypto.createHash('sha256')).digest('hex');

// Canonical JSON (sorted keys): settings read from YAML or JSON in another order are the same input.
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : typeof v === 'function'
        ? String(v)
        : v,
  );
}

let code: string | undefined;

/**
 * Identity of the code that renders: the bundle's content hash when running bundled, else the
 * package version and lib/.tsbuildinfo, which holds a hash of every compiled source and of the
 * dependencies' declarations. Any change re-renders every template: constructs are shared.
 */
export function codeIdentity(): string {
  if (code !== undefined) return code;
  const bundle = runningBundle();
  if (bundle !== undefined) {
    code = `bundle:${JSON.parse(fs.readFileSync(bundle.bundle.replace(/\.js$/, '.json'), 'utf8')).sha256}`;
  } else {
    const version = JSON.parse(fs.readFileSync(projectPath('package.json'), 'utf8')).version as string;
    const info = projectPath('lib/.tsbuildinfo');
    code = `plain:${version}:${fs.existsSync(info) ? sha256(fs.readFileSync(info, 'utf8')) : 'no-build-info'}`;
  }
  return code;
}

let cloudInit: string | undefined;
let userCode: string | undefined;

/**
 * Identity of the code loaded from outside cvmkit and node_modules: a repository's own compiled
 * templates and everything they import. Any change re-renders every template; empty when only the
 * built-in catalog is used. Hashed once per process: the project's modules are loaded before
 * anything renders.
 */
export function userCodeIdentity(): string {
  if (userCode !== undefined) return userCode;
  const own = Object.keys(require.cache)
    .filter((f) => !f.startsWith(projectPath('') + path.sep) && !f.split(/[\\/]/).includes('node_modules') && fs.existsSync(f))
    .sort();
  userCode = sha256(...own.map((f) => `${f}\0${sha256(fs.readFileSync(f, 'utf8'))}`));
  return userCode;
}

/** The inputs of one template: code, options, its definition's data and source, and the files it reads. */
export function templateInputs(definition: TemplateDefinition, format: OutputFormat, settings: OrganisationSettings): string {
  // Every template may render cloud-init; the sources are few and hashed once per process.
  cloudInit ??= sha256(...cloudInitSources().map((s) => canonical(s)));
  const readme = fs.readFileSync(readmePath(definition), 'utf8');
  return sha256(codeIdentity(), userCodeIdentity(), format, canonical(settings), canonical(definition), readme, cloudInit);
}

/** The manifest of one output folder. */
export class InputManifest {
  /** Reads `<outDir>/.cvmkit-synth.json`; a missing or unreadable one is empty (everything renders). */
  public static load(outDir: string): InputManifest {
    try {
      const data = JSON.parse(fs.readFileSync(path.join(outDir, MANIFEST_FILE), 'utf8')) as ManifestData;
      if (data.version === 1 && typeof data.templates === 'object') return new InputManifest(outDir, data);
    } catch {
      // Rendered in full, and written anew.
    }
    return new InputManifest(outDir, { version: 1, templates: {} });
  }

  private constructor(
    private readonly outDir: string,
    private readonly data: ManifestData,
  ) {}

  /** Whether the folder of `name` was rendered from `inputs` and still holds those files. */
  public isCurrent(name: string, inputs: string): boolean {
    const entry = this.data.templates[name];
    return entry !== undefined && entry.inputs === inputs && sameSizes(path.join(this.outDir, name), entry.files);
  }

  /** Records a template written from `inputs`. */
  public record(name: string, inputs: string, sizes: Readonly<Record<string, number>>): void {
    this.data.templates[name] = { inputs, files: { ...sizes } };
  }

  /** Whether the catalog-wide files were written from `inputs` and are still there. */
  public extrasCurrent(inputs: string): boolean {
    return this.data.extras !== undefined && this.data.extras.inputs === inputs && sameSizes('/', this.data.extras.files);
  }

  /** Records the catalog-wide files (absolute paths) written from `inputs`. */
  public recordExtras(inputs: string, files: readonly string[]): void {
    this.data.extras = { inputs, files: Object.fromEntries(files.map((f) => [path.resolve(f), fs.statSync(f).size])) };
  }

  /** Writes the manifest atomically. */
  public save(): void {
    fs.mkdirSync(this.outDir, { recursive: true });
    const file = path.join(this.outDir, MANIFEST_FILE);
    fs.writeFileSync(`${file}.${process.pid}.tmp`, `${JSON.stringify(this.data)}\n`);
    fs.renameSync(`${file}.${process.pid}.tmp`, file);
  }
}

function sameSizes(dir: string, files: Record<string, number>): boolean {
  return Object.entries(files).every(([f, size]) => fs.statSync(path.resolve(dir, f), { throwIfNoEntry: false })?.size === size);
}

/** Hash of a list of template input hashes (what the catalog-wide files are made from). */
export function combinedInputs(inputs: readonly string[]): string {
  return sha256(codeIdentity(), ...inputs);
}

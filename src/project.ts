// A repository's templates: cvmkit's built-in catalog and/or the compiled modules its settings file lists.
import * as fs from 'fs';
import * as path from 'path';
import { Backend, TemplateDefinition } from './definition';
import { packageVersion, PROJECT_ROOT } from './paths';
import { labelProblem } from './scaffold';
import { loadSettings, OrganisationSettings } from './settings';

/** What cvmkit works on: the settings and the templates they name. */
export interface Project {
  /** The folder of the settings file (the repository's root), or the working directory without one. */
  readonly root: string;
  /** The settings file, when there is one. */
  readonly settingsFile?: string;
  readonly settings: OrganisationSettings;
  /** The built-in catalog (unless `catalog: none`), then the repository's templates in the order listed. */
  readonly templates: readonly TemplateDefinition[];
}

/** The folder each loaded template's relative `readme` is resolved against (the built-in catalog: cvmkit's package). */
const roots = new WeakMap<TemplateDefinition, string>();

/** Records that `definition`'s relative paths (its `readme`) are relative to `root`. */
export function setTemplateRoot(definition: TemplateDefinition, root: string): void {
  roots.set(definition, path.resolve(root));
}

/** Absolute path of a definition's README source: as given, or relative to the root it was loaded from. */
export function readmePath(definition: TemplateDefinition): string {
  return path.resolve(roots.get(definition) ?? PROJECT_ROOT, definition.readme);
}

/**
 * Reads the settings (`config`, or the first settings file in `dir`) and loads the templates they
 * list. Modules are compiled JavaScript, loaded with `require` relative to the settings file.
 */
export function loadProject(options: { readonly config?: string; readonly dir?: string } = {}): Project {
  const dir = path.resolve(options.dir ?? process.cwd());
  const { settings, file } = loadSettings(options.config, dir);
  const root = file === undefined ? dir : path.dirname(file);
  const where = file ?? dir;
  const own = (settings.templates ?? []).flatMap((pattern) => modulesOf(root, pattern, where));
  if (own.length > 0) checkSameCvmkit(root);
  const templates: TemplateDefinition[] = [];
  const source = new Map<string, string>();
  const add = (d: TemplateDefinition, from: string) => {
    if (templates.includes(d)) return;
    const seen = source.get(d.name);
    if (seen !== undefined) throw new Error(`${where}: two templates are named "${d.name}": ${seen} and ${from}`);
    source.set(d.name, from);
    templates.push(d);
  };
  if ((settings.catalog ?? 'builtin') === 'builtin') {
    // The built-in catalog (and every backend it imports) loads only when offered.
    for (const d of (require('./catalog') as typeof import('./catalog')).CATALOG) add(d, "cvmkit's built-in catalog");
  }
  for (const module of own) {
    for (const d of definitionsIn(module)) {
      setTemplateRoot(d, root);
      add(d, path.relative(root, module));
    }
  }
  if (templates.length === 0) throw new Error(`${where}: no templates: catalog is none and templates lists none`);
  return { root, settingsFile: file, settings, templates };
}

/** The files a `templates` entry names: a path, or a pattern with `*`/`?` inside path segments. */
export function modulesOf(root: string, pattern: string, where: string): string[] {
  const ts = /\.[cm]?tsx?$/.test(pattern);
  if (ts || !/\.c?js$/.test(pattern)) {
    const hint = ts
      ? ': cvmkit loads what your build compiles (e.g. lib/templates/*/index.js for templates/*/index.ts); build first'
      : ': name a .js or .cjs module';
    throw new Error(`${where}: templates: "${pattern}" is not compiled JavaScript${hint}`);
  }
  let found = [path.isAbsolute(pattern) ? path.parse(pattern).root : path.resolve(root)];
  for (const segment of segmentsOf(pattern)) {
    if (!/[*?]/.test(segment)) {
      found = found.map((d) => path.join(d, segment));
      continue;
    }
    const match = segmentPattern(segment);
    found = found.flatMap((d) =>
      isDirectory(d)
        ? fs
            .readdirSync(d)
            .filter((e) => !e.startsWith('.') && match.test(e))
            .sort()
            .map((e) => path.join(d, e))
        : [],
    );
  }
  const files = found.filter((f) => fs.existsSync(f) && fs.statSync(f).isFile());
  if (files.length === 0) throw new Error(`${where}: templates: "${pattern}" matches no file under ${root}; build the repository first (npm run build)`);
  return files;
}

/** A path segment with `*` (any characters) and `?` (one) as a regular expression. */
function segmentPattern(segment: string): RegExp {
  return new RegExp(
    `^${segment
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '[^/]*')
      .replace(/\?/g, '[^/]')}$`,
  );
}

const segmentsOf = (p: string) => p.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');

/** Whether a `templates` entry names `relative` (a path below the settings file's folder). */
export function modulesMatch(pattern: string, relative: string): boolean {
  const want = segmentsOf(pattern);
  const have = segmentsOf(relative);
  return want.length === have.length && want.every((w, i) => segmentPattern(w).test(have[i]));
}

const isDirectory = (d: string) => fs.existsSync(d) && fs.statSync(d).isDirectory();

const BACKENDS: readonly Backend[] = ['kubevirt', 'sysbox', 'envbox', 'gvisor', 'kata'];
const LEVELS = ['restricted', 'baseline', 'privileged'];

/** Every TemplateDefinition `file` exports (an object with a `name` and a `build` function), checked. */
function definitionsIn(file: string): TemplateDefinition[] {
  let exported: Record<string, unknown>;
  try {
    exported = require(file) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`${file}: could not be loaded: ${(err as Error).message}`);
  }
  const found = Object.entries(exported ?? {}).filter(
    ([, v]) =>
      typeof v === 'object' && v !== null && typeof (v as { build?: unknown }).build === 'function' && typeof (v as { name?: unknown }).name === 'string',
  );
  if (found.length === 0) throw new Error(`${file} exports no TemplateDefinition (an object with name, backend, build() …)`);
  return found.map(([key, v]) => checkDefinition(v as TemplateDefinition, `${file}: export ${key}`));
}

/** The definition, or an error naming the module, the export and the field that is wrong. */
function checkDefinition(d: TemplateDefinition, where: string): TemplateDefinition {
  const problem = labelProblem(d.name);
  if (problem !== undefined)
    throw new Error(`${where}: name "${d.name}" is not a template name (${problem}): use a DNS-1123 label of 2–42 characters starting with a letter`);
  for (const key of ['displayName', 'description', 'icon', 'isolation', 'readme'] as const) {
    if (typeof d[key] !== 'string' || d[key] === '') throw new Error(`${where}: ${key} must be a non-empty string`);
  }
  if (!Array.isArray(d.tags) || !d.tags.every((t) => typeof t === 'string')) throw new Error(`${where}: tags must be an array of strings`);
  if (!BACKENDS.includes(d.backend)) throw new Error(`${where}: backend must be one of ${BACKENDS.join(', ')}, not ${JSON.stringify(d.backend)}`);
  if (!LEVELS.includes(d.podSecurity)) throw new Error(`${where}: podSecurity must be one of ${LEVELS.join(', ')}, not ${JSON.stringify(d.podSecurity)}`);
  return d;
}

/**
 * Templates import cvmkit's constructs from the repository's own `node_modules/cvmkit`. A
 * different copy running them would build with a second cdktf and constructs, whose constructs
 * do not recognise each other: refuse, and say which cvmkit to run.
 */
function checkSameCvmkit(root: string): void {
  let theirs: string;
  try {
    theirs = path.dirname(require.resolve('cvmkit/package.json', { paths: [root] }));
  } catch {
    return;
  }
  if (fs.realpathSync(theirs) === fs.realpathSync(PROJECT_ROOT)) return;
  const version = (JSON.parse(fs.readFileSync(path.join(theirs, 'package.json'), 'utf8')) as { version?: string }).version;
  throw new Error(
    `${root} depends on its own cvmkit (${theirs}, ${version}), but this is cvmkit ${packageVersion()} from ${PROJECT_ROOT}: run the repository's own (npx cvmkit …)`,
  );
}

// Writes output folders atomically, and only folders cvmkit wrote itself (they carry a marker file).
import * as fs from 'fs';
import * as path from 'path';
import { packageVersion } from './paths';

/**
 * The marker file in every folder cvmkit writes. A dotfile: Terraform reads only `*.tf` and
 * `*.tf.json` (and skips dotfiles), and `coder templates push` does not upload hidden files.
 */
export const MARKER_FILE = '.cvmkit-generated';

/** What a generated folder holds. */
export type OutputKind = 'template' | 'platform stack' | 'registry template';

/** The parsed marker of a generated folder. */
export interface OutputMarker {
  readonly generator: string;
  readonly version: string;
  readonly kind: OutputKind;
  readonly name: string;
}

/** The marker's content: a comment for people, then `key: value` lines. */
export function markerContent(kind: OutputKind, name: string): string {
  return [
    '# Written by cvmkit, which replaces this folder on its next run (and removes it once the catalog no longer has it).',
    '# Edit the definitions, not this folder; delete this file to keep cvmkit away from the folder.',
    'generator: cvmkit',
    `version: ${packageVersion()}`,
    `kind: ${kind}`,
    `name: ${name}`,
    '',
  ].join('\n');
}

/**
 * The `key: value` lines of a marker; comments and blank lines skipped. The marker is cvmkit's
 * own flat format, read without a YAML parser: a cold YAML parse cost ~20 ms of every synth.
 */
export function parseMarker(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (line.startsWith('#') || colon < 1) continue;
    fields[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return fields;
}

/** The marker of `dir`, or undefined when it has none (or one cvmkit did not write). */
export function readMarker(dir: string): OutputMarker | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, MARKER_FILE), 'utf8');
  } catch {
    return undefined;
  }
  const marker = parseMarker(text);
  if (marker.generator !== 'cvmkit' || marker.kind === undefined || marker.name === undefined) return undefined;
  return { generator: marker.generator, version: marker.version ?? '', kind: marker.kind as OutputKind, name: marker.name };
}

/** A folder cvmkit will not replace, and why. */
export interface RefusedFolder {
  readonly dir: string;
  readonly reason: string;
}

/**
 * Why cvmkit may not replace `dir` with a `kind` folder, or undefined when it may: the folder is
 * absent, empty, or carries the marker of the same kind.
 */
export function refusal(dir: string, kind: OutputKind): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    return undefined;
  }
  if (!stat.isDirectory()) return 'it is a file, not a folder cvmkit wrote';
  const entries = fs.readdirSync(dir).sort();
  if (entries.length === 0) return undefined;
  const marker = readMarker(dir);
  if (marker === undefined) {
    if (entries.includes(MARKER_FILE)) return `its ${MARKER_FILE} is not a marker cvmkit wrote`;
    const shown = entries.slice(0, 3).join(', ') + (entries.length > 3 ? `, … (${entries.length} entries)` : '');
    return `it holds files cvmkit did not write (${shown}) and no ${MARKER_FILE} marker`;
  }
  if (marker.kind !== kind) return `it holds cvmkit's ${marker.kind} "${marker.name}", not a ${kind}`;
  return undefined;
}

/** Thrown when folders are refused; lists each one with its reason. */
export class RefusedFoldersError extends Error {
  constructor(public readonly refused: readonly RefusedFolder[]) {
    super(
      `refusing to replace ${refused.length === 1 ? 'a folder' : `${refused.length} folders`} cvmkit did not write; nothing was written:\n` +
        refused.map((r) => `  ${r.dir}: ${r.reason}`).join('\n') +
        `\nmove them away or choose another output folder (folders from cvmkit before ${MARKER_FILE} existed have no marker: delete them once)`,
    );
    this.name = 'RefusedFoldersError';
  }
}

/** Throws {@link RefusedFoldersError} unless every folder may be replaced; call before writing anything. */
export function checkReplaceable(folders: readonly { readonly dir: string; readonly kind: OutputKind }[]): void {
  const refused = folders.flatMap(({ dir, kind }) => {
    const reason = refusal(dir, kind);
    return reason === undefined ? [] : [{ dir, reason }];
  });
  if (refused.length > 0) throw new RefusedFoldersError(refused);
}

/**
 * Replaces `dir` with exactly `files` (relative path to content) plus the marker. The new folder
 * is written beside `dir` under a temporary name and renamed into place; the old one is renamed
 * away first and deleted last, so a failure never leaves a half-written `dir`. A folder cvmkit
 * did not write is refused unless `force` (an explicit `--force` of the user).
 */
export function replaceDirectory(dir: string, files: ReadonlyMap<string, string>, kind: OutputKind = 'template', force = false): void {
  if (!force) checkReplaceable([{ dir, kind }]);
  commitStaged(stageDirectory(dir, files, kind));
}

/** A folder written beside `dir` under a temporary name, to be renamed into place or discarded. */
export interface StagedDirectory {
  readonly dir: string;
  readonly staging: string;
}

/**
 * The first half of {@link replaceDirectory}: writes `files` and the marker beside `dir` (worker
 * threads stage, the main thread commits). The caller checks that `dir` may be replaced.
 */
export function stageDirectory(dir: string, files: ReadonlyMap<string, string>, kind: OutputKind = 'template'): StagedDirectory {
  const base = path.basename(dir);
  const staging = path.join(path.dirname(dir), `.${base}.new-${process.pid}-${Date.now()}`);
  fs.mkdirSync(staging, { recursive: true });
  // Each folder is made once (a template has a few folders and many files).
  const made = new Set([staging]);
  try {
    for (const [relative, content] of [...files, [MARKER_FILE, markerContent(kind, base)] as const]) {
      const target = path.join(staging, relative);
      if (!target.startsWith(staging + path.sep)) throw new Error(`refusing to write outside ${dir}: ${relative}`);
      const folder = path.dirname(target);
      if (!made.has(folder)) {
        fs.mkdirSync(folder, { recursive: true });
        made.add(folder);
      }
      fs.writeFileSync(target, content);
    }
  } catch (err) {
    discardStaged({ dir, staging });
    throw err;
  }
  return { dir, staging };
}

/** The second half of {@link replaceDirectory}: renames the staged folder into place. */
export function commitStaged({ dir, staging }: StagedDirectory): void {
  const retired = path.join(path.dirname(dir), `.${path.basename(dir)}.old-${process.pid}-${Date.now()}`);
  try {
    const hadOld = fs.existsSync(dir);
    if (hadOld) fs.renameSync(dir, retired);
    try {
      fs.renameSync(staging, dir);
    } catch (err) {
      if (hadOld) fs.renameSync(retired, dir);
      throw err;
    }
    if (hadOld) fs.rmSync(retired, { recursive: true, force: true });
  } finally {
    discardStaged({ dir, staging });
  }
}

/** Removes a staged folder that will not be committed. */
export function discardStaged({ staging }: StagedDirectory): void {
  fs.rmSync(staging, { recursive: true, force: true });
}

/** Sub-folders of `root` that carry a `kind` marker and are not in `keep`: output of entries since removed. */
export function staleFolders(root: string, kind: OutputKind, keep: readonly string[]): string[] {
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) return [];
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !keep.includes(e.name))
    .map((e) => path.join(root, e.name))
    .filter((dir) => readMarker(dir)?.kind === kind);
}

/** Removes `dir` when it carries a `kind` marker; returns whether it did. Anything else is left alone. */
export function removeGenerated(dir: string, kind: OutputKind): boolean {
  if (readMarker(dir)?.kind !== kind) return false;
  fs.rmSync(dir, { recursive: true, force: true });
  return true;
}

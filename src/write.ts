// Writes a folder so that readers see either the old folder or the complete new one.
import * as fs from 'fs';
import * as path from 'path';

/**
 * Replaces `dir` with exactly `files` (relative path to content). The new folder is written
 * beside `dir` under a temporary name and renamed into place; the old one is renamed away
 * first and deleted last, so a failure never leaves a half-written `dir`.
 */
export function replaceDirectory(dir: string, files: ReadonlyMap<string, string>): void {
  commitStaged(stageDirectory(dir, files));
}

/** A folder written beside `dir` under a temporary name, to be renamed into place or discarded. */
export interface StagedDirectory {
  readonly dir: string;
  readonly staging: string;
}

/** The first half of {@link replaceDirectory}: writes `files` beside `dir` (worker threads stage, the main thread commits). */
export function stageDirectory(dir: string, files: ReadonlyMap<string, string>): StagedDirectory {
  const parent = path.dirname(dir);
  const staging = path.join(parent, `.${path.basename(dir)}.new-${process.pid}-${Date.now()}`);
  fs.mkdirSync(staging, { recursive: true });
  try {
    for (const [relative, content] of files) {
      const target = path.join(staging, relative);
      if (!target.startsWith(staging + path.sep)) throw new Error(`refusing to write outside ${dir}: ${relative}`);
      fs.mkdirSync(path.dirname(target), { recursive: true });
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

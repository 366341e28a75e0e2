// Writes a folder so that readers see either the old folder or the complete new one.
import * as fs from 'fs';
import * as path from 'path';

/**
 * Replaces `dir` with exactly `files` (relative path to content). The new folder is written
 * beside `dir` under a temporary name and renamed into place; the old one is renamed away
 * first and deleted last, so a failure never leaves a half-written `dir`.
 */
export function replaceDirectory(dir: string, files: ReadonlyMap<string, string>): void {
  const parent = path.dirname(dir);
  const base = path.basename(dir);
  const stamp = `${process.pid}-${Date.now()}`;
  const staging = path.join(parent, `.${base}.new-${stamp}`);
  const retired = path.join(parent, `.${base}.old-${stamp}`);
  fs.mkdirSync(staging, { recursive: true });
  try {
    for (const [relative, content] of files) {
      const target = path.join(staging, relative);
      if (!target.startsWith(staging + path.sep)) throw new Error(`refusing to write outside ${dir}: ${relative}`);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content);
    }
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
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

// Where the project's own source files are, whether code runs from TypeScript or from lib/.
import * as fs from 'fs';
import * as path from 'path';

function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'templates'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`cvmkit project root not found above ${start}`);
  }
}

/** Absolute path of the project root (the folder with package.json). */
export const PROJECT_ROOT = findRoot(__dirname);

/** Absolute path of a project file given relative to the root. */
export function projectPath(relative: string): string {
  return path.join(PROJECT_ROOT, relative);
}

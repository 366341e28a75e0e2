// Where cvmkit's own files are (schemas, Handlebars sources, icons), from TypeScript, lib/ or an installed package.
import * as fs from 'fs';
import * as path from 'path';

/**
 * The nearest folder above `start` whose package.json is cvmkit's: this repository, or
 * `node_modules/cvmkit` once installed. Only read, never written, so a read-only install works.
 */
function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'cvmkit') return dir;
    if (path.dirname(dir) === dir) throw new Error(`cvmkit's package.json not found above ${start}`);
  }
}

/** Absolute path of cvmkit's package root (the folder with its package.json). */
export const PROJECT_ROOT = findRoot(__dirname);

/** Absolute path of a file of cvmkit given relative to its package root. */
export function projectPath(relative: string): string {
  return path.join(PROJECT_ROOT, relative);
}

let version: string | undefined;

/** cvmkit's version, from its package.json. */
export function packageVersion(): string {
  version ??= (JSON.parse(fs.readFileSync(projectPath('package.json'), 'utf8')) as { version: string }).version;
  return version;
}

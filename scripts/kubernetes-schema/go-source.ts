// Reads the provider's Go files from a working tree or, with a ref, straight from a (bare) git repository.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export interface GoSource {
  /** What was read, for the generated file's provenance (`v2.38.0 (commit 1a2b…)` or a folder). */
  readonly description: string;
  /** The non-test `.go` files directly in `dir`, by name. */
  packageFiles(dir: string): Map<string, string>;
}

const isPackageFile = (f: string) => f.endsWith('.go') && !f.endsWith('_test.go');

export function openSource(location: string, ref?: string): GoSource {
  if (ref) {
    const git = (...args: string[]) => execFileSync('git', ['--git-dir', gitDir(location), ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const commit = git('rev-parse', `${ref}^{commit}`).trim();
    return {
      description: `${ref} (commit ${commit})`,
      packageFiles: (dir) => {
        const names = git('ls-tree', '--name-only', `${commit}:${dir}`).split('\n').filter(isPackageFile);
        return new Map(names.map((n) => [`${dir}/${n}`, git('show', `${commit}:${dir}/${n}`)]));
      },
    };
  }
  return {
    description: `working tree ${path.resolve(location)}`,
    packageFiles: (dir) => {
      const full = path.join(location, dir);
      return new Map(
        fs
          .readdirSync(full)
          .filter(isPackageFile)
          .map((n) => [`${dir}/${n}`, fs.readFileSync(path.join(full, n), 'utf8')]),
      );
    },
  };
}

/** A checkout's `.git`, or the folder itself when it is a bare repository. */
function gitDir(location: string): string {
  const dotGit = path.join(location, '.git');
  return fs.existsSync(dotGit) ? dotGit : location;
}

#!/usr/bin/env node
// The `cvmkit` command: the bundled command line with its code cache, or the plain modules when no fresh bundle exists.
import * as fs from 'fs';
import * as path from 'path';
import { runBundle } from './code-cache';

// Settings files looked up without --config (src/settings.ts's SETTINGS_FILES; not imported, so
// that choosing costs no module load).
const SETTINGS_FILES = ['cvmkit.config.json', 'cvmkit.config.yaml', 'cvmkit.config.yml'];

/**
 * Whether the settings this command reads list the repository's own templates (`templates:`).
 * Their modules import cvmkit, cdktf and constructs from node_modules; the bundle has its own
 * copies, and tokens made by one cdktf do not resolve in another. So such a project runs on the
 * plain modules. Errs towards the plain modules: any mention of the key counts.
 */
export function listsOwnTemplates(argv: readonly string[], cwd: string): boolean {
  let config: string | undefined;
  argv.forEach((a, i) => {
    if (a === '-c' || a === '--config') config = argv[i + 1];
    else if (a.startsWith('--config=')) config = a.slice('--config='.length);
  });
  const file = config !== undefined ? path.resolve(cwd, config) : SETTINGS_FILES.map((f) => path.join(cwd, f)).find((f) => fs.existsSync(f));
  if (file === undefined) return false;
  try {
    return /(^|[\s{,])["']?templates["']?\s*:/m.test(fs.readFileSync(file, 'utf8'));
  } catch {
    return false; // the command reports the missing file
  }
}

// lib/src/launcher.js -> lib/bundle/cli.js, made by `npm run build`.
if (require.main === module) {
  const bundled = !listsOwnTemplates(process.argv.slice(2), process.cwd()) && runBundle(path.join(__dirname, '..', 'bundle', 'cli.js'), __filename);
  if (!bundled) require('./cli-entry');
}

// `cvmkit images refresh`: pins every KubeVirt distribution to its publisher's newest dated image and checksum.
import { Command } from 'commander';
import * as fs from 'fs';
import { checkImagesFile, changesDiff, httpFetcher, imagesFileText, refreshImages, RefreshError, writeFileAtomically } from '../images/refresh';
import { projectPath } from '../paths';
import { table } from '../table';
import { CliError } from './common';

/** The environment variable that sets `--mirror` (the option wins). */
export const IMAGES_MIRROR_ENV = 'CVMKIT_IMAGES_MIRROR';

/** The images file of this checkout: the source, which `npm run build` copies into lib/. */
const DEFAULT_IMAGES_FILE = 'constructs/kubevirt/images.json';

interface RefreshOptions {
  readonly file?: string;
  readonly mirror?: string;
  readonly dryRun?: boolean;
  readonly json?: boolean;
}

function readImagesFile(file: string) {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new CliError(`${file}: no images file there (an installed cvmkit has no sources to rewrite); pass --file`);
  }
  try {
    return checkImagesFile(JSON.parse(text), file);
  } catch (err) {
    throw new CliError(err instanceof RefreshError ? err.message : `${file}: not valid JSON: ${(err as Error).message}`);
  }
}

export function registerImages(program: Command): void {
  const images = program
    .command('images')
    .description('The pinned KubeVirt cloud images (dated URLs and checksums): `images refresh` pins each distribution to its newest dated image.');
  images
    .command('refresh')
    .description(
      "Read each distribution's publisher (directory listing and checksum file), pin its newest dated image and checksum, and rewrite the images file atomically; nothing is written when any distribution fails.",
    )
    .argument('[distros...]', 'distributions to refresh (default: all)')
    .option('--file <path>', `the images file (default: ${DEFAULT_IMAGES_FILE} of this checkout)`)
    .option('--mirror <url>', `read https://host/path from <url>/host/path instead (default: $${IMAGES_MIRROR_ENV})`)
    .option('--dry-run', 'print the diff and write nothing')
    .option('--json', 'print the outcome per distribution as JSON')
    .action(async (distros: string[], opts: RefreshOptions) => {
      const file = opts.file ?? projectPath(DEFAULT_IMAGES_FILE);
      const mirror = opts.mirror ?? (process.env[IMAGES_MIRROR_ENV] || undefined);
      if (mirror !== undefined && !/^https?:\/\/\S+$/.test(mirror)) throw new CliError(`--mirror must be an http(s) URL, not "${mirror}"`, 2);
      const before = readImagesFile(file);
      let result;
      try {
        result = await refreshImages(before, httpFetcher(mirror), distros);
      } catch (err) {
        throw new CliError((err as Error).message);
      }
      const changed = result.changes.some((c) => c.outcome === 'updated' || c.outcome === 'filled');
      if (!opts.dryRun && changed) writeFileAtomically(file, imagesFileText(result.file));
      if (opts.json) {
        const rows = result.changes.map((c) => ({ distro: c.distro, outcome: c.outcome, url: c.after.url, checksum: c.after.checksum ?? null }));
        console.log(JSON.stringify({ file, written: !opts.dryRun && changed, images: rows }, null, 2));
        return;
      }
      if (opts.dryRun) console.log(changed ? changesDiff(result.changes, file) : `${file}: every image is already the newest`);
      else {
        console.log(
          table(
            ['distro', 'outcome', 'release'],
            result.changes.map((c) => [c.distro, c.outcome, Object.values(c.after.release ?? {}).join('-')]),
          ),
        );
        console.log(changed ? `\nwrote ${file}; rebuild (npm run build) and synth to use it` : `\n${file}: every image is already the newest`);
      }
    });
}

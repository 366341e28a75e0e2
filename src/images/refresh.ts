// `cvmkit images refresh`: the newest dated release of every pinned image, read from its publisher, and images.json rewritten in one step.
import * as fs from 'fs';
import * as path from 'path';
import { fillTemplate, isCdiChecksum, PinnedImage, PinnedImagesFile } from '../../constructs/kubevirt/images';
import { checksumOf, compareReleases, listingNames } from './publisher-files';

/** Reads a URL's body as text; throws `HttpStatusError` for a status other than 200. */
export type FetchText = (url: string) => Promise<string>;

/** A response that was not 200, kept apart so that a missing checksum file reads as such. */
export class HttpStatusError extends Error {
  constructor(
    public readonly url: string,
    public readonly status: number,
  ) {
    super(`HTTP ${status}`);
  }
}

/**
 * Fetches over HTTP(S), through `mirror` when given: `https://host/path` is read from
 * `<mirror>/host/path`, one mirror (or a test's server) standing in for every publisher.
 */
export function httpFetcher(mirror?: string, timeoutMs = 60_000): FetchText {
  return async (url) => {
    const target = mirror === undefined ? url : mirrorUrl(url, mirror);
    const res = await fetch(target, { redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
    if (res.status !== 200) throw new HttpStatusError(target, res.status);
    return res.text();
  };
}

/** `https://host/path` as read from `mirror`: `<mirror>/host/path`. */
export function mirrorUrl(url: string, mirror: string): string {
  const u = new URL(url);
  return `${mirror.replace(/\/+$/, '')}/${u.host}${u.pathname}${u.search}`;
}

/** What a refresh did to one distribution. */
export interface ImageChange {
  readonly distro: string;
  /** `updated` to a newer release; `filled` the checksum of the pinned release; `unchanged`; `kept` because the index's newest is older than the pinned one. */
  readonly outcome: 'updated' | 'filled' | 'unchanged' | 'kept';
  readonly before: PinnedImage;
  readonly after: PinnedImage;
}

/** The refreshed file and what changed; nothing is written. */
export interface RefreshResult {
  readonly file: PinnedImagesFile;
  readonly changes: readonly ImageChange[];
}

/** A refresh that failed for one or more distributions; the message names each one and why. */
export class RefreshError extends Error {}

/** Checks the shape of an images file (as read from disk) and returns it typed; throws naming the distribution and the field. */
export function checkImagesFile(doc: unknown, where: string): PinnedImagesFile {
  const images = (doc as { images?: unknown } | null)?.images;
  if (typeof images !== 'object' || images === null) throw new RefreshError(`${where}: has no "images" object`);
  for (const [key, entry] of Object.entries(images as Record<string, Partial<PinnedImage> | null>)) {
    const at = `${where}: images["${key}"]`;
    const s = entry?.source;
    if (typeof entry?.url !== 'string') throw new RefreshError(`${at}.url: missing`);
    if (entry.checksum !== undefined && !isCdiChecksum(entry.checksum)) throw new RefreshError(`${at}.checksum: "${entry.checksum}" is not algorithm:hex`);
    for (const field of ['index', 'pattern', 'image', 'checksums'] as const) {
      if (typeof s?.[field] !== 'string') throw new RefreshError(`${at}.source.${field}: missing`);
    }
    if (s!.algorithm !== 'sha256' && s!.algorithm !== 'sha512') throw new RefreshError(`${at}.source.algorithm: must be sha256 or sha512`);
    try {
      new RegExp(s!.pattern);
    } catch (err) {
      throw new RefreshError(`${at}.source.pattern: ${(err as Error).message}`);
    }
  }
  return doc as PinnedImagesFile;
}

/** The newest release the index lists, as the named groups of the pattern. */
async function newestRelease(distro: string, image: PinnedImage, fetchText: FetchText): Promise<Record<string, string>> {
  const pattern = new RegExp(image.source.pattern);
  const html = await fetchText(image.source.index);
  const releases = listingNames(html)
    .map((name) => pattern.exec(name)?.groups)
    .filter((g): g is Record<string, string> => g !== undefined);
  if (releases.length === 0) throw new RefreshError(`${distro}: the index ${image.source.index} lists nothing that matches ${image.source.pattern}`);
  const groups = Object.keys(releases[0]);
  return releases.reduce((best, r) => (compareReleases(r, best, groups) > 0 ? r : best));
}

/** The pinned image of one release: its URL and the checksum its publisher's checksum file gives. */
async function pinRelease(distro: string, image: PinnedImage, release: Record<string, string>, fetchText: FetchText): Promise<PinnedImage> {
  const values = { ...release, index: image.source.index };
  const url = fillTemplate(image.source.image, values);
  const checksums = fillTemplate(image.source.checksums, { ...values, image: url });
  let text: string;
  try {
    text = await fetchText(checksums);
  } catch (err) {
    const why = err instanceof HttpStatusError ? `is missing (${err.message})` : `could not be read (${(err as Error).message})`;
    throw new RefreshError(`${distro}: the checksum file ${checksums} ${why}`);
  }
  const found = checksumOf(text, decodeURIComponent(url.split('/').pop()!), image.source.algorithm);
  if ('problem' in found) throw new RefreshError(`${distro}: the checksum file ${checksums} ${found.problem}`);
  return { url, checksum: found.checksum, release, source: image.source };
}

async function refreshOne(distro: string, before: PinnedImage, fetchText: FetchText): Promise<ImageChange> {
  let newest: Record<string, string>;
  try {
    newest = await newestRelease(distro, before, fetchText);
  } catch (err) {
    if (err instanceof RefreshError) throw err;
    throw new RefreshError(`${distro}: the index ${before.source.index} could not be read (${(err as Error).message})`);
  }
  const groups = Object.keys(newest);
  const order = before.release === undefined ? 1 : compareReleases(newest, before.release, groups);
  if (order < 0) return { distro, outcome: 'kept', before, after: before };
  const pinned = await pinRelease(distro, before, newest, fetchText);
  if (order > 0) return { distro, outcome: 'updated', before, after: pinned };
  if (before.checksum === undefined) return { distro, outcome: 'filled', before, after: { ...before, checksum: pinned.checksum } };
  // The same release with another checksum: the publisher replaced the file, or something in between did.
  if (before.checksum !== pinned.checksum) {
    throw new RefreshError(`${distro}: the checksum file now gives ${pinned.checksum} for the pinned ${before.url}, not the pinned ${before.checksum}`);
  }
  return { distro, outcome: 'unchanged', before, after: before };
}

/**
 * Refreshes the named distributions (all when none are named), in parallel. Every failure is
 * collected, and any failure fails the whole refresh: a file is rewritten completely or not at all.
 */
export async function refreshImages(file: PinnedImagesFile, fetchText: FetchText, only: readonly string[] = []): Promise<RefreshResult> {
  const unknown = only.filter((k) => file.images[k] === undefined);
  if (unknown.length > 0) throw new RefreshError(`unknown distribution ${unknown.join(', ')}; the file has ${Object.keys(file.images).join(', ')}`);
  const keys = only.length > 0 ? only : Object.keys(file.images);
  const settled = await Promise.allSettled(keys.map((k) => refreshOne(k, file.images[k], fetchText)));
  const failures = settled.flatMap((s) => (s.status === 'rejected' ? [(s.reason as Error).message] : []));
  if (failures.length > 0) throw new RefreshError(`images refresh failed, nothing was written:\n  ${failures.join('\n  ')}`);
  const changes = settled.map((s) => (s as PromiseFulfilledResult<ImageChange>).value);
  const images = { ...file.images };
  for (const c of changes) images[c.distro] = c.after;
  return { file: { ...file, images }, changes };
}

/** The file as cvmkit writes it: two-space JSON and a final newline. */
export function imagesFileText(file: PinnedImagesFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Writes `text` to `file` atomically: a temporary file beside it, renamed over it. */
export function writeFileAtomically(file: string, text: string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temp, text);
    fs.renameSync(temp, file);
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

/** The changes as a diff of each changed entry's fields (`-` before, `+` after). */
export function changesDiff(changes: readonly ImageChange[], fileName: string): string {
  const lines = [`--- ${fileName}`, `+++ ${fileName} (refreshed)`];
  for (const c of changes.filter((x) => x.outcome === 'updated' || x.outcome === 'filled')) {
    lines.push(`@@ images["${c.distro}"] (${c.outcome}) @@`);
    for (const field of ['url', 'checksum', 'release'] as const) {
      const show = (v: unknown) => (v === undefined ? '(absent)' : typeof v === 'string' ? v : JSON.stringify(v));
      const [a, b] = [show(c.before[field]), show(c.after[field])];
      if (a !== b) lines.push(`-  ${field}: ${a}`, `+  ${field}: ${b}`);
    }
  }
  return lines.join('\n');
}

// Disk files of the VM test: the persistent root overlay, the NoCloud seed and the Secret disk, and a byte search of the root disk.
import * as fs from 'fs';
import * as path from 'path';
import { run } from './run';

/** A qcow2 overlay on the read-only cached image: this workspace's root disk, kept across boots. */
export async function createRootDisk(file: string, base: string, size = '8G'): Promise<void> {
  await run('qemu-img', ['create', '-q', '-f', 'qcow2', '-F', 'raw', '-b', base, file, size]);
}

/** An ISO of `files` (name to content) with volume id `label`, Rock Ridge and Joliet names. */
export async function createIso(file: string, label: string, files: Readonly<Record<string, string>>): Promise<void> {
  const dir = `${file}.d`;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { mode: 0o700 });
  try {
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content, { mode: 0o600 });
    await run('genisoimage', ['-quiet', '-output', file, '-volid', label, '-joliet', '-rock', ...Object.keys(files).map((n) => path.join(dir, n))]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The NoCloud seed KubeVirt builds from `cloudInitNoCloud`: `user-data` and a `meta-data` whose
 * instance-id stays the same for the life of the VM (KubeVirt derives it from the VM's UID).
 */
export function createSeed(file: string, userData: string, instanceId: string, hostname: string): Promise<void> {
  return createIso(file, 'cidata', { 'user-data': userData, 'meta-data': `instance-id: ${instanceId}\nlocal-hostname: ${hostname}\n` });
}

/**
 * Counts occurrences of each needle in the root disk's full content: the overlay is converted to
 * one raw image (its backing image included, free blocks included), then read in chunks that
 * overlap by the longest needle, so nothing deleted but not overwritten escapes.
 */
export async function countOnDisk(qcow2: string, needles: Readonly<Record<string, string>>): Promise<Record<string, number>> {
  const raw = `${qcow2}.search.raw`;
  await run('qemu-img', ['convert', '-O', 'raw', qcow2, raw]);
  try {
    const bufs = Object.entries(needles).map(([name, text]) => [name, Buffer.from(text, 'utf8')] as const);
    const overlap = Math.max(...bufs.map(([, b]) => b.length)) - 1;
    const counts: Record<string, number> = Object.fromEntries(bufs.map(([name]) => [name, 0]));
    const fd = fs.openSync(raw, 'r');
    try {
      const chunk = Buffer.alloc(16 * 1024 * 1024 + overlap);
      let offset = 0;
      let carried = 0;
      for (;;) {
        const n = fs.readSync(fd, chunk, carried, chunk.length - carried, offset);
        if (n === 0) break;
        offset += n;
        const view = chunk.subarray(0, carried + n);
        for (const [name, needle] of bufs) {
          // Only matches that end in the new bytes: the carried tail was searched already.
          let at = view.indexOf(needle, Math.max(0, carried - needle.length + 1));
          while (at !== -1) {
            counts[name]++;
            at = view.indexOf(needle, at + 1);
          }
        }
        carried = Math.min(overlap, view.length);
        view.copy(chunk, 0, view.length - carried);
      }
    } finally {
      fs.closeSync(fd);
    }
    return counts;
  } finally {
    fs.rmSync(raw, { force: true });
  }
}

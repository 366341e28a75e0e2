// Starts `terraform version` early, so that cdktf's version check does not wait for it after the modules load.
import { exec } from 'child_process';

// Every template with a DataResource (terraform_data) carries cdktf's check that runs
// `terraform version` in a shell at validation: 30-250 ms of a ~300 ms cold synth here. Run at
// start, it overlaps module loading on the other core; the check then reads its output
// (src/stack-json.ts). This module loads nothing heavy, so it can run before everything else.

interface Prefetch {
  readonly command: string;
  /** Keeps or releases the event loop: a command that never waits must not wait for terraform at exit. */
  hold(keep: boolean): void;
  readonly path: string | undefined;
  stdout?: string;
  readonly settled: Promise<void>;
}

let started: Prefetch | undefined;

/** The command cdktf runs (its `terraformBinaryName` is read from the same variable). */
export function terraformVersionCommand(): string {
  return `${process.env.TERRAFORM_BINARY_NAME || 'terraform'} version`;
}

/** Starts the command once per process; a failure leaves cdktf to run it (and report it) itself. */
export function prefetchTerraformVersion(): void {
  if (started !== undefined) return;
  const command = terraformVersionCommand();
  let settle!: () => void;
  const settled = new Promise<void>((resolve) => (settle = resolve));
  const child = exec(command, { encoding: 'utf8' }, (err, stdout) => {
    if (err === null) p.stdout = stdout;
    settle();
  });
  // The pipes are sockets; the types only say Readable.
  const handles = [child, child.stdout, child.stderr] as unknown as ({ ref(): void; unref(): void } | null)[];
  const p: Prefetch = { command, path: process.env.PATH, settled, hold: (keep) => handles.forEach((h) => (keep ? h?.ref() : h?.unref())) };
  started = p;
  p.hold(false);
}

/** Waits for a started prefetch (at once when none was started). */
export async function prefetchSettled(): Promise<void> {
  if (started === undefined) return;
  started.hold(true);
  await started.settled;
}

/** What the prefetched `command` printed, if it ran with today's PATH and succeeded. */
export function prefetchedOutput(command: string): string | undefined {
  return started !== undefined && started.command === command && started.path === process.env.PATH ? started.stdout : undefined;
}

/** A settled prefetch, as a worker thread can be given it. */
export interface PrefetchedVersion {
  readonly command: string;
  readonly path: string | undefined;
  readonly stdout: string | undefined;
}

/** The settled prefetch of this thread, to hand to workers (undefined when none ran or it is pending). */
export function prefetchSnapshot(): PrefetchedVersion | undefined {
  return started === undefined ? undefined : { command: started.command, path: started.path, stdout: started.stdout };
}

/** Takes over another thread's prefetch: a worker then runs no `terraform version` of its own. */
export function adoptPrefetch(snapshot: PrefetchedVersion | undefined): void {
  if (snapshot === undefined || started !== undefined) return;
  started = { ...snapshot, settled: Promise.resolve(), hold: () => undefined };
}

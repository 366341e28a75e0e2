// Renders many templates on worker threads, each replaced after a number of templates, so memory stays flat and every core works.
import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { runningBundle } from './code-cache';
import { projectPath } from './paths';
import { OrganisationSettings } from './settings';
import { OutputFormat } from './synth';
import { CatalogSource, SynthWorkerData, WorkerMessage, WorkerRendered } from './synth-worker';
import { prefetchSettled, prefetchSnapshot, prefetchTerraformVersion } from './version-prefetch';
import { discardStaged } from './write';

// Why workers, and why replaced: cdktf keeps every token it ever made in a process-wide map
// (~250 KiB per template with the plain modules), so one process synthesizing 1000 templates
// grew to 428 MiB, and JavaScript uses one core. A worker thread has its own heap and module
// instances; when it ends, its cdktf state is freed. Threads rather than processes: they share
// Node's own ~40 MiB, and start without a second Node boot.

// A worker's young generation grows to ~48 MiB by default; at 8 MiB a worker of 100 templates
// peaked 40 MiB lower (two workers: 200 -> 160 MiB for the process) at no measurable cost.
const YOUNG_GENERATION_MB = 8;

/** How to render a list of templates on workers. */
export interface ParallelOptions {
  readonly source: CatalogSource;
  readonly names: readonly string[];
  readonly format: OutputFormat;
  readonly settings: OrganisationSettings;
  /** Where the templates are staged (beside their folders) by the workers. */
  readonly outDir: string;
  /** Workers running at once. */
  readonly jobs: number;
  /** Send back each template's JSON and parameters. @default false */
  readonly keepJson?: boolean;
  /** Templates a worker renders before it is replaced (a worker holds ~35 MB of heap by then; 250 reached ~57 MB). @default 100 */
  readonly recycleAfter?: number;
  /** Templates per request: small enough to balance the workers' load. @default 10 */
  readonly chunk?: number;
  /** Called as each template arrives (in completion order). */
  readonly onRendered?: (r: WorkerRendered) => void;
}

/** What a parallel render measured, besides the templates. */
export interface ParallelStats {
  readonly workersStarted: number;
  /** Largest heap a worker reported after a chunk, in bytes. */
  readonly maxWorkerHeap: number;
}

/** The file a worker thread starts: the bundle's launcher when running bundled, else the plain module. */
export function workerFile(): string {
  const bundle = runningBundle();
  if (bundle !== undefined) return bundle.launcher;
  // Under ts-jest this module is TypeScript; the worker runs the compiled build.
  const beside = path.join(__dirname, 'synth-worker.js');
  return fs.existsSync(beside) ? beside : projectPath('lib/src/synth-worker.js');
}

/** Renders `names` on up to `jobs` workers; rejects with the first failure, after stopping every worker. */
export async function renderParallel(options: ParallelOptions): Promise<{ rendered: WorkerRendered[]; stats: ParallelStats }> {
  const chunk = options.chunk ?? 10;
  const recycleAfter = options.recycleAfter ?? 100;
  const queue: string[][] = [];
  for (let i = 0; i < options.names.length; i += chunk) queue.push(options.names.slice(i, i + chunk));
  const byName = new Map<string, WorkerRendered>();
  const live = new Set<Worker>();
  // cdktf's version check would run `terraform version` once per chunk in every worker.
  prefetchTerraformVersion();
  await prefetchSettled();
  const data: SynthWorkerData = {
    cvmkitSynthWorker: true,
    source: options.source,
    format: options.format,
    settings: options.settings,
    keepJson: options.keepJson ?? false,
    outDir: options.outDir,
    terraformVersion: prefetchSnapshot(),
  };
  let failure: Error | undefined;
  let workersStarted = 0;
  let maxWorkerHeap = 0;

  /** One slot: a worker at a time, replaced every `recycleAfter` templates, until the queue is empty. */
  async function slot(): Promise<void> {
    while (queue.length > 0 && failure === undefined) {
      const worker = new Worker(workerFile(), { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      workersStarted++;
      live.add(worker);
      try {
        let done = 0;
        while (done < recycleAfter && queue.length > 0 && failure === undefined) {
          const names = queue.shift()!;
          await request(worker, names);
          done += names.length;
        }
        worker.postMessage(null);
        await exited;
      } catch (err) {
        // A failed worker still listens for requests: stop it, or it keeps the process alive.
        await worker.terminate();
        throw err;
      } finally {
        live.delete(worker);
      }
    }
  }

  function request(worker: Worker, names: string[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onMessage = (m: WorkerMessage) => {
        if (m.type === 'rendered') {
          byName.set(m.name, m);
          options.onRendered?.(m);
          return;
        }
        cleanUp();
        if (m.type === 'done') {
          maxWorkerHeap = Math.max(maxWorkerHeap, m.heapUsed);
          resolve();
        } else {
          reject(new Error(m.message));
        }
      };
      const onError = (err: Error) => {
        cleanUp();
        reject(err);
      };
      const onExit = (code: number) => {
        cleanUp();
        reject(new Error(`synth worker stopped (exit code ${code}) while rendering ${names.join(', ')}`));
      };
      const cleanUp = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(names);
    });
  }

  const slots = Array.from({ length: Math.max(1, Math.min(options.jobs, queue.length)) }, () =>
    slot().catch((err: Error) => {
      failure ??= err;
      return Promise.all([...live].map((w) => w.terminate()));
    }),
  );
  await Promise.all(slots);
  if (failure !== undefined) {
    discardAll(options, byName);
    throw failure;
  }
  return { rendered: options.names.map((n) => byName.get(n)!), stats: { workersStarted, maxWorkerHeap } };
}

/** Removes everything staged for this run, including folders whose message a stopped worker never sent. */
function discardAll(options: ParallelOptions, received: ReadonlyMap<string, WorkerRendered>): void {
  for (const r of received.values()) discardStaged(r.staged);
  const names = new Set(options.names);
  const prefix = (f: string) => /^\.(.+)\.new-(\d+)-\d+$/.exec(f);
  for (const f of fs.existsSync(options.outDir) ? fs.readdirSync(options.outDir) : []) {
    const m = prefix(f);
    if (m !== null && names.has(m[1]) && Number(m[2]) === process.pid) fs.rmSync(path.join(options.outDir, f), { recursive: true, force: true });
  }
}

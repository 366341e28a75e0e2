// A worker thread of the parallel synth: renders the chunks of templates it is sent, and is replaced after a while (its cdktf state goes with it).
import * as path from 'path';
import { isMainThread, parentPort, workerData } from 'worker_threads';
import { TemplateDefinition } from './definition';
import { OrganisationSettings } from './settings';
import { OutputFormat, ParameterRow, renderInScratch } from './synth';
import { withScratchDir } from './stack-json';
import { adoptPrefetch, PrefetchedVersion } from './version-prefetch';
import { StagedDirectory, stageDirectory } from './write';

/**
 * Where a worker finds the definitions: `cvmkit:catalog` (the catalog built in), a name a bundle
 * registered with {@link registerCatalogSource}, or a CommonJS module file of the plain build
 * with the export to take (called with `args` when it is a function).
 */
export interface CatalogSource {
  readonly module: string;
  readonly export?: string;
  readonly args?: readonly unknown[];
}

/** What a worker is started with. */
export interface SynthWorkerData {
  readonly cvmkitSynthWorker: true;
  readonly source: CatalogSource;
  readonly format: OutputFormat;
  readonly settings: OrganisationSettings;
  /** Send each template's Terraform JSON and parameters back (for the platform stacks and the page). */
  readonly keepJson: boolean;
  /** Output folder: each template is staged beside its folder there, for the main thread to rename into place. */
  readonly outDir: string;
  /** The main thread's `terraform version`, so that workers do not run it again. */
  readonly terraformVersion?: PrefetchedVersion;
}

/** One rendered template as it crosses the thread boundary: staged on disk, so no file content does. */
export interface WorkerRendered {
  readonly type: 'rendered';
  readonly name: string;
  readonly staged: StagedDirectory;
  /** Relative path to size in bytes. */
  readonly sizes: Record<string, number>;
  readonly resources: number;
  readonly ms: number;
  readonly json?: Record<string, any>;
  readonly parameters?: readonly ParameterRow[];
}

/** Messages from a worker. */
export type WorkerMessage =
  WorkerRendered | { readonly type: 'done'; readonly heapUsed: number } | { readonly type: 'failed'; readonly name: string; readonly message: string };

const sources = new Map<string, (...args: any[]) => readonly TemplateDefinition[]>([
  ['cvmkit:catalog', () => require('./catalog').CATALOG],
  // The project of a settings file (args: the --config given, or null, and the working directory).
  [
    'cvmkit:project',
    (config: string | null, dir: string) => (require('./project') as typeof import('./project')).loadProject({ config: config ?? undefined, dir }).templates,
  ],
]);

/** Makes a catalog available to workers by name (for bundles, which cannot load other modules' cdktf). */
export function registerCatalogSource(name: string, load: (...args: any[]) => readonly TemplateDefinition[]): void {
  sources.set(name, load);
}

/** The definitions of `source`, by name. */
export function loadCatalogSource(source: CatalogSource): Map<string, TemplateDefinition> {
  const builtIn = sources.get(source.module);
  let definitions: readonly TemplateDefinition[];
  if (builtIn !== undefined) {
    definitions = builtIn(...(source.args ?? []));
  } else {
    const exported = require(source.module)[source.export ?? 'CATALOG'];
    definitions = typeof exported === 'function' ? exported(...(source.args ?? [])) : exported;
  }
  return new Map(definitions.map((d) => [d.name, d]));
}

/** Serves render requests (`string[]` of template names; `null` ends the worker). */
export function serveSynthWorker(): void {
  const data = workerData as SynthWorkerData;
  const port = parentPort!;
  adoptPrefetch(data.terraformVersion);
  const definitions = loadCatalogSource(data.source);
  port.on('message', (names: string[] | null) => {
    if (names === null) {
      port.close();
      return;
    }
    let current = '';
    try {
      withScratchDir((dir) => {
        for (const name of names) {
          current = name;
          const definition = definitions.get(name);
          if (definition === undefined) throw new Error(`unknown template: ${name}`);
          const r = renderInScratch(dir, definition, data.format, data.settings);
          const staged = stageDirectory(path.join(data.outDir, name), r.files);
          const sizes = Object.fromEntries([...r.files].map(([f, c]) => [f, Buffer.byteLength(c)]));
          const message: WorkerRendered = {
            type: 'rendered',
            name,
            staged,
            sizes,
            resources: r.resources,
            ms: r.ms,
            ...(data.keepJson ? { json: r.json, parameters: r.parameters } : {}),
          };
          port.postMessage(message);
        }
      });
      port.postMessage({ type: 'done', heapUsed: process.memoryUsage().heapUsed } satisfies WorkerMessage);
    } catch (err) {
      port.postMessage({ type: 'failed', name: current, message: (err as Error).message } satisfies WorkerMessage);
    }
  });
}

// Started as a worker file of the plain build (a bundle's entry calls serveSynthWorker itself).
if (!isMainThread && require.main === module && (workerData as SynthWorkerData | null)?.cvmkitSynthWorker) serveSynthWorker();

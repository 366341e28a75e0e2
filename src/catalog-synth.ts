// Synthesizes a list of templates into an output folder: in this thread or on workers, all of them or only those whose inputs changed.
import * as os from 'os';
import { TemplateDefinition } from './definition';
import { InputManifest, templateInputs } from './incremental';
import { ParallelStats, renderParallel } from './parallel-synth';
import { OrganisationSettings } from './settings';
import { OutputFormat, ParameterRow, RenderedTemplate, synthTemplates } from './synth';
import { CatalogSource, WorkerRendered } from './synth-worker';
import { commitStaged } from './write';

const total = (sizes: Readonly<Record<string, number>>) => Object.values(sizes).reduce((n, b) => n + b, 0);

/** Up to this many templates render in this thread: a worker's start costs more than they do. */
export const IN_THREAD_LIMIT = 24;

/** Options of {@link synthCatalog}. */
export interface CatalogSynthOptions {
  /** The templates, in output order. */
  readonly definitions: readonly TemplateDefinition[];
  /** Where workers load the same definitions from. */
  readonly source: CatalogSource;
  readonly outDir: string;
  /** @default "hcl" */
  readonly format?: OutputFormat;
  /** @default {} (no organisation settings) */
  readonly settings?: OrganisationSettings;
  /** Workers at once when there are more than {@link IN_THREAD_LIMIT} templates. @default the cores available */
  readonly jobs?: number;
  /** Skip templates whose inputs and output files are unchanged since the last synth into `outDir`. @default false */
  readonly incremental?: boolean;
  /** With `incremental`: render every template anyway, still recording their inputs. @default false */
  readonly renderAll?: boolean;
  /** Keep each template's Terraform JSON and parameters in the result (platform stacks, catalog page). @default false */
  readonly keepJson?: boolean;
  /** Called as each template is rendered. */
  readonly onRendered?: (r: SynthesizedTemplate) => void;
}

/** A template rendered by {@link synthCatalog}. */
export interface SynthesizedTemplate {
  readonly definition: TemplateDefinition;
  /** Files written, relative path to size in bytes. */
  readonly sizes: Readonly<Record<string, number>>;
  /** Their total. */
  readonly bytes: number;
  readonly resources: number;
  readonly ms: number;
  /** Present when `keepJson` was set. */
  readonly json?: Record<string, any>;
  readonly parameters?: readonly ParameterRow[];
}

/** What {@link synthCatalog} did. */
export interface CatalogSynthResult {
  readonly rendered: SynthesizedTemplate[];
  /** Templates left as they were (incremental). */
  readonly unchanged: TemplateDefinition[];
  /** Worker statistics; null when everything rendered in this thread. */
  readonly workers: ParallelStats | null;
  /** The manifest (incremental only), for callers recording catalog-wide files too. */
  readonly manifest: InputManifest | null;
  /** The input hash of every template, in order (incremental only). */
  readonly inputs: readonly string[];
}

/** Cores this process may use. */
export function availableCores(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/**
 * Renders the templates that need it, then writes them: nothing is written unless all
 * succeeded, and each folder is replaced atomically. Many templates render on workers, each
 * replaced after a while so that cdktf's ever-growing state is freed.
 */
export async function synthCatalog(options: CatalogSynthOptions): Promise<CatalogSynthResult> {
  const format = options.format ?? 'hcl';
  const settings = options.settings ?? {};
  const manifest = options.incremental ? InputManifest.load(options.outDir) : null;
  const inputs = manifest === null ? [] : options.definitions.map((d) => templateInputs(d, format, settings));
  const stale = options.definitions.map((d, i) => manifest === null || options.renderAll === true || !manifest.isCurrent(d.name, inputs[i]));
  const todo = options.definitions.filter((_d, i) => stale[i]);
  const unchanged = options.definitions.filter((_d, i) => !stale[i]);

  let rendered: SynthesizedTemplate[];
  let workers: ParallelStats | null = null;
  if (todo.length <= IN_THREAD_LIMIT) {
    // synthTemplates writes as well; the manifest follows below.
    const summary = (r: RenderedTemplate): SynthesizedTemplate => {
      const sizes = Object.fromEntries([...r.files].map(([f, c]) => [f, Buffer.byteLength(c)]));
      const { definition, resources, ms } = r;
      return { definition, sizes, bytes: total(sizes), resources, ms, ...(options.keepJson ? { json: r.json, parameters: r.parameters } : {}) };
    };
    rendered = (await synthTemplates(todo, options.outDir, format, settings, options.onRendered && ((r) => options.onRendered!(summary(r))))).map(summary);
  } else {
    const byName = new Map(todo.map((d) => [d.name, d]));
    const toTemplate = (r: WorkerRendered): SynthesizedTemplate => ({
      definition: byName.get(r.name)!,
      sizes: r.sizes,
      bytes: total(r.sizes),
      resources: r.resources,
      ms: r.ms,
      json: r.json,
      parameters: r.parameters,
    });
    const result = await renderParallel({
      source: options.source,
      names: todo.map((d) => d.name),
      format,
      settings,
      outDir: options.outDir,
      jobs: options.jobs ?? availableCores(),
      keepJson: options.keepJson,
      onRendered: options.onRendered && ((r) => options.onRendered!(toTemplate(r))),
    });
    // Every template rendered: only now does any folder change.
    for (const r of result.rendered) commitStaged(r.staged);
    rendered = result.rendered.map(toTemplate);
    workers = result.stats;
  }
  if (manifest !== null) {
    const inputOf = new Map(options.definitions.map((d, i) => [d, inputs[i]]));
    for (const r of rendered) manifest.record(r.definition.name, inputOf.get(r.definition)!, r.sizes);
    manifest.save();
  }
  return { rendered, unchanged, workers, manifest, inputs };
}

// What `cvmkit synth` does: the templates, then for the whole catalog the platform stacks and the page, skipping unchanged inputs if asked.
import * as path from 'path';
import { writeCatalogPage } from './catalog-page';
import { synthCatalog, SynthesizedTemplate } from './catalog-synth';
import { TemplateDefinition } from './definition';
import { combinedInputs, InputManifest, templateInputs } from './incremental';
import { RenderedPlatform, synthPlatform } from './platform-synth';
import { Project } from './project';
import { OutputFormat, RenderedTemplate } from './synth';
import { removeGenerated, staleFolders } from './write';

/** The options of `cvmkit synth` this needs. */
export interface SynthOptions {
  readonly out: string;
  readonly format: string;
  readonly platformOut: string;
  readonly page: string;
  readonly json?: boolean;
  readonly jobs?: string;
  readonly incremental?: boolean;
}

/** What one `cvmkit synth` wrote. */
export interface SynthRun {
  readonly rendered: SynthesizedTemplate[];
  readonly unchanged: TemplateDefinition[];
  readonly platform: RenderedPlatform[];
  readonly pageWritten: boolean;
}

/** What {@link synthCatalogFolders} works on. */
export interface SynthRequest {
  readonly project: Project;
  /** The settings file named on the command line, if any (workers load the same project). */
  readonly config?: string;
  /** The templates to render, all of the project's when `whole`. */
  readonly definitions: readonly TemplateDefinition[];
  readonly format: OutputFormat;
  readonly whole: boolean;
  readonly opts: SynthOptions;
  readonly jobs: number | undefined;
  readonly onRendered: (r: SynthesizedTemplate) => void;
  /** Hears of each folder removed because cvmkit wrote it for an entry no longer in the project. */
  readonly onRemoved: (dir: string) => void;
}

/**
 * Synthesizes the project's `definitions` into `opts.out`. The platform stacks and the catalog
 * page are made from every template's JSON, so with `--incremental` the whole catalog is all or
 * nothing: skipped when no input changed and every file is in place, else rendered in full (and
 * recorded). The caller has checked that every folder written may be replaced.
 */
export async function synthCatalogFolders(request: SynthRequest): Promise<SynthRun> {
  const { project, definitions, format, whole, opts } = request;
  const settings = project.settings;
  const outDir = path.resolve(opts.out);
  let renderAll = false;
  if (whole && opts.incremental) {
    const manifest = InputManifest.load(outDir);
    const inputs = definitions.map((d) => templateInputs(d, format, settings));
    renderAll = !definitions.every((d, i) => manifest.isCurrent(d.name, inputs[i])) || !manifest.extrasCurrent(catalogInputs(inputs, opts));
  }
  const run = await synthCatalog({
    definitions,
    source: { module: 'cvmkit:project', args: [request.config ?? null, process.cwd()] },
    outDir,
    format,
    settings,
    jobs: request.jobs,
    incremental: opts.incremental,
    renderAll,
    keepJson: whole,
    onRendered: request.onRendered,
  });
  if (!whole || run.rendered.length === 0) return { rendered: run.rendered, unchanged: run.unchanged, platform: [], pageWritten: false };
  // The platform stacks and the page read the definitions, parameters and JSON; the files are on disk.
  const templates: RenderedTemplate[] = run.rendered.map((r) => ({ ...r, json: r.json!, parameters: r.parameters!, files: new Map() }));
  const platform = await synthPlatform(templates, path.resolve(opts.platformOut), settings, request.onRemoved);
  // Only a whole-catalog run knows which folders are stale; it removes only folders it wrote.
  const names = project.templates.map((d) => d.name);
  for (const dir of staleFolders(outDir, 'template', names)) if (removeGenerated(dir, 'template')) request.onRemoved(dir);
  writeCatalogPage(path.resolve(opts.page), templates);
  if (run.manifest !== null) {
    const files = platform.flatMap((p) => [...p.files.keys()].map((f) => path.resolve(opts.platformOut, p.definition.name, f)));
    run.manifest.recordExtras(catalogInputs(run.inputs, opts), [...files, path.resolve(opts.page)]);
    run.manifest.save();
  }
  return { rendered: run.rendered, unchanged: run.unchanged, platform, pageWritten: true };
}

// Where the catalog-wide files go is an input too: another --platform-out must be written.
function catalogInputs(inputs: readonly string[], opts: SynthOptions): string {
  return combinedInputs([...inputs, path.resolve(opts.platformOut), path.resolve(opts.page)]);
}

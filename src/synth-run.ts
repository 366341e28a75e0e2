// What `cvmkit synth` does: the templates, then for the whole catalog the platform stacks and the page, skipping unchanged inputs if asked.
import * as path from 'path';
import { writeCatalogPage } from './catalog-page';
import { synthCatalog, SynthesizedTemplate } from './catalog-synth';
import { TemplateDefinition } from './definition';
import { combinedInputs, InputManifest, templateInputs } from './incremental';
import { RenderedPlatform, synthPlatform } from './platform-synth';
import { OrganisationSettings } from './settings';
import { OutputFormat, RenderedTemplate } from './synth';

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

/**
 * Synthesizes `definitions` (from the built-in catalog) into `opts.out`. The platform stacks and
 * the catalog page are made from every template's JSON, so with `--incremental` the whole
 * catalog is all or nothing: skipped when no input changed and every file is in place, else
 * rendered in full (and recorded).
 */
export async function synthCatalogFolders(
  definitions: readonly TemplateDefinition[],
  format: OutputFormat,
  settings: OrganisationSettings,
  whole: boolean,
  opts: SynthOptions,
  jobs: number | undefined,
  onRendered: (r: SynthesizedTemplate) => void,
): Promise<SynthRun> {
  const outDir = path.resolve(opts.out);
  let renderAll = false;
  if (whole && opts.incremental) {
    const manifest = InputManifest.load(outDir);
    const inputs = definitions.map((d) => templateInputs(d, format, settings));
    renderAll = !definitions.every((d, i) => manifest.isCurrent(d.name, inputs[i])) || !manifest.extrasCurrent(catalogInputs(inputs, opts));
  }
  const run = await synthCatalog({
    definitions,
    source: { module: 'cvmkit:catalog' },
    outDir,
    format,
    settings,
    jobs,
    incremental: opts.incremental,
    renderAll,
    keepJson: whole,
    onRendered,
  });
  if (!whole || run.rendered.length === 0) return { rendered: run.rendered, unchanged: run.unchanged, platform: [], pageWritten: false };
  // The platform stacks and the page read the definitions, parameters and JSON; the files are on disk.
  const templates: RenderedTemplate[] = run.rendered.map((r) => ({ ...r, json: r.json!, parameters: r.parameters!, files: new Map() }));
  const platform = await synthPlatform(templates, path.resolve(opts.platformOut));
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

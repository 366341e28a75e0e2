// The synth pipeline: catalog definitions in, pushable template folders out, nothing half-written.
import * as fs from 'fs';
import * as path from 'path';
import Handlebars from 'handlebars';
import { App } from '../constructs/core/cdktf';
import { CoderTemplate } from '../constructs/core/coder-template';
import { TemplateDefinition } from './definition';
import { compileTemplate, HandlebarsSource } from './handlebars-compile';
import { renderStackHcl } from './hcl';
import { ParameterRow, parameterRows } from './parameters';
import { readmePath } from './project';
import { OrganisationSettings } from './settings';
import { synthesizeStack, withScratchDir } from './stack-json';
import { prefetchSettled } from './version-prefetch';
import { replaceDirectory } from './write';

/** One rendered template, held in memory until every template of the run has rendered. */
export interface RenderedTemplate {
  readonly definition: TemplateDefinition;
  /** Files of the template folder, relative path to content. */
  readonly files: ReadonlyMap<string, string>;
  /** The workspace parameters, as the README and the catalog page show them. */
  readonly parameters: readonly ParameterRow[];
  /** The template's Terraform JSON (input of the platform stacks). */
  readonly json: Record<string, any>;
  /** Number of Terraform resources (data sources excluded). */
  readonly resources: number;
  /** Milliseconds spent building and rendering. */
  readonly ms: number;
}

export type { ParameterRow } from './parameters';

/**
 * Output formats: `hcl` writes main.tf, `json` main.tf.json. Never both in one folder: Terraform
 * reads every *.tf and *.tf.json of a folder, so each resource would be declared twice.
 */
export type OutputFormat = 'hcl' | 'json';

/**
 * Builds and renders one template in this process (no cdktf CLI): the stack is synthesized once,
 * in memory, and its Terraform JSON gives the HCL, the resource count and the platform's input.
 */
export async function renderTemplate(
  definition: TemplateDefinition,
  format: OutputFormat = 'hcl',
  settings: OrganisationSettings = {},
): Promise<RenderedTemplate> {
  await prefetchSettled();
  return withScratchDir((dir) => renderInScratch(dir, definition, format, settings));
}

/** Renders one template, with `scratch` as cdktf's (unused) output folder. */
export function renderInScratch(scratch: string, definition: TemplateDefinition, format: OutputFormat, settings: OrganisationSettings): RenderedTemplate {
  const started = performance.now();
  const files = new Map<string, string>();
  // cdktf's App insists on an output folder; nothing is written to it.
  const app = new App({ outdir: scratch, stackTraces: false });
  const stack = definition.build(app, definition.name, settings);
  // Runs aspects and validations (and throws on bad input), then resolves the stack once.
  const json = synthesizeStack(app, stack);
  if (format === 'hcl') files.set('main.tf', renderStackHcl(stack, json));
  else {
    const { '//': _metadata, ...plain } = json;
    files.set('main.tf.json', `${JSON.stringify(plain, null, 2)}\n`);
  }
  for (const file of stack.renderFiles()) files.set(file.path, file.content);
  const parameters = parameterRows(stack);
  files.set('README.md', renderReadme(definition, stack, parameters));
  return { definition, files, json, parameters, resources: countResources(json), ms: performance.now() - started };
}

/**
 * Renders every definition first and writes only when all succeeded; each template folder
 * under `outDir` is then replaced atomically (written beside it, then renamed into place).
 */
export async function synthTemplates(
  definitions: readonly TemplateDefinition[],
  outDir: string,
  format: OutputFormat = 'hcl',
  settings: OrganisationSettings = {},
  onRendered: (r: RenderedTemplate) => void = () => undefined,
): Promise<RenderedTemplate[]> {
  await prefetchSettled();
  const rendered = await withScratchDir((dir) =>
    definitions.map((d) => {
      const r = renderInScratch(dir, d, format, settings);
      onRendered(r);
      return r;
    }),
  );
  fs.mkdirSync(outDir, { recursive: true });
  for (const r of rendered) replaceDirectory(path.join(outDir, r.definition.name), r.files);
  return rendered;
}

function countResources(json: { resource?: Record<string, Record<string, unknown>> }): number {
  return Object.values(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
}

// READMEs start with YAML frontmatter: `{{yaml x}}` writes a value as a quoted scalar (a JSON
// string is valid YAML), so a colon in a description cannot break it.
const README_ENGINE = Handlebars.create();
README_ENGINE.registerHelper('yaml', (value: unknown) => JSON.stringify(value));
const README_OPTIONS: CompileOptions = { noEscape: true, strict: false };
// Compiled once per source text and process: every variant of a 1000-template catalog shares
// its definition's README source.
const readmeTemplates = new Map<string, Handlebars.TemplateDelegate>();

function renderReadme(definition: TemplateDefinition, stack: CoderTemplate, parameters: readonly ParameterRow[]): string {
  const source = fs.readFileSync(readmePath(definition), 'utf8');
  let template = readmeTemplates.get(source);
  if (template === undefined) {
    template = compileTemplate(README_ENGINE, source, README_OPTIONS);
    readmeTemplates.set(source, template);
  }
  return template({ ...definition, parameters, namespace: stack.namespaceVariable.default ?? 'coder' });
}

/** The README sources of `definitions` with their options (the build precompiles them). */
export function readmeSources(definitions: readonly TemplateDefinition[]): HandlebarsSource[] {
  return [...new Set(definitions.map((d) => readmePath(d)))].map((f) => ({ source: fs.readFileSync(f, 'utf8'), options: README_OPTIONS }));
}

// The synth pipeline: catalog definitions in, pushable template folders out, nothing half-written.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Handlebars from 'handlebars';
import { App } from '../constructs/core/cdktf';
import { CoderTemplate } from '../constructs/core/coder-template';
import { TemplateDefinition } from './definition';
import { renderStackHcl } from './hcl';
import { ParameterRow, parameterRows } from './parameters';
import { readmePath } from './project';
import { OrganisationSettings } from './settings';
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
 * Builds and renders one template in this process (no cdktf CLI): the stack is synthesized into
 * a private temporary folder, read back, formatted, and returned with the files it references.
 */
export async function renderTemplate(
  definition: TemplateDefinition,
  format: OutputFormat = 'hcl',
  settings: OrganisationSettings = {},
): Promise<RenderedTemplate> {
  const started = performance.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-synth-'));
  try {
    const files = new Map<string, string>();
    // app.synth() runs aspects and validations (and throws on bad input); the stack is then
    // rendered from its Terraform JSON.
    const app = new App({ outdir: tmp, stackTraces: false });
    const stack = definition.build(app, definition.name, settings);
    app.synth();
    // Resolving the stack is the costly step: do it once for HCL, JSON and the resource count.
    const json = stack.toTerraform() as Record<string, any>;
    if (format === 'hcl') files.set('main.tf', renderStackHcl(stack, json));
    else {
      const { '//': _metadata, ...plain } = json;
      files.set('main.tf.json', `${JSON.stringify(plain, null, 2)}\n`);
    }
    for (const file of stack.renderFiles()) files.set(file.path, file.content);
    const parameters = parameterRows(stack);
    files.set('README.md', renderReadme(definition, stack, parameters));
    return { definition, files, json, parameters, resources: countResources(json), ms: performance.now() - started };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
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
  const rendered: RenderedTemplate[] = [];
  for (const d of definitions) {
    const r = await renderTemplate(d, format, settings);
    onRendered(r);
    rendered.push(r);
  }
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

function renderReadme(definition: TemplateDefinition, stack: CoderTemplate, parameters: readonly ParameterRow[]): string {
  const source = fs.readFileSync(readmePath(definition), 'utf8');
  const template = README_ENGINE.compile(source, { noEscape: true, strict: false });
  return template({ ...definition, parameters, namespace: stack.namespaceVariable.default ?? 'coder' });
}

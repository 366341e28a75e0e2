// Renders the per-family cloud-init templates in this folder (Handlebars) into Terraform templates.
import * as fs from 'fs';
import * as path from 'path';
import Handlebars from 'handlebars';
import { compileTemplate, HandlebarsSource } from '../src/handlebars-compile';

/** Package families with a template here. */
export type CloudInitFamily = 'apt' | 'dnf' | 'pacman';

/** What a cloud-init template is rendered with. */
export interface CloudInitContext {
  /** The distribution, for comments and repository data. */
  readonly distro: { readonly displayName: string };
  /** Workspace user to create (no password, sudo without password). */
  readonly username: string;
  /** Group that may sudo on this distribution. */
  readonly sudoGroup: string;
  /** Packages to install on first boot. */
  readonly packages: readonly string[];
  /** Whether Docker is installed and enabled. */
  readonly docker: boolean;
  /** Extra package repository for Docker (dnf family). */
  readonly dockerRepo?: { readonly name: string; readonly baseurl: string; readonly gpgkey: string };
}

/**
 * Variables the rendered template expects from Terraform's `templatefile()`: the agent's
 * environment file (`CODER_AGENT_TOKEN=...`) and init script, both base64-encoded.
 */
export const TEMPLATE_VARIABLES = ['agent_env_b64', 'init_script_b64'] as const;

// Sources live beside this file in the repository; compiled code runs from lib/cloud-init.
const SOURCE_DIR = [__dirname, path.resolve(__dirname, '../../cloud-init')].find((d) =>
  fs.existsSync(path.join(d, 'apt.yaml.hbs')),
);

/** How every cloud-init template and partial is compiled. */
const OPTIONS: CompileOptions = { noEscape: true, strict: true };
const FAMILIES: readonly CloudInitFamily[] = ['apt', 'dnf', 'pacman'];

function sourceDir(): string {
  if (SOURCE_DIR === undefined) throw new Error(`cloud-init templates not found near ${__dirname}`);
  return SOURCE_DIR;
}

function partialFiles(): string[] {
  const dir = path.join(sourceDir(), 'partials');
  return fs.readdirSync(dir).map((f) => path.join(dir, f));
}

let engine: typeof Handlebars | undefined;
const compiled = new Map<CloudInitFamily, Handlebars.TemplateDelegate>();

// Partials are compiled with the templates' options when registered: a string partial would be
// compiled at its first use with the calling template's options, which a precompiled template
// does not carry.
function load(family: CloudInitFamily): Handlebars.TemplateDelegate {
  if (engine === undefined) {
    engine = Handlebars.create();
    for (const file of partialFiles()) {
      engine.registerPartial(path.basename(file, '.hbs'), compileTemplate(engine, fs.readFileSync(file, 'utf8'), OPTIONS));
    }
  }
  let template = compiled.get(family);
  if (template === undefined) {
    const source = fs.readFileSync(path.join(sourceDir(), `${family}.yaml.hbs`), 'utf8');
    template = compileTemplate(engine, source, OPTIONS);
    compiled.set(family, template);
  }
  return template;
}

/** Every Handlebars source of this folder with its options (the build precompiles them). */
export function cloudInitSources(): HandlebarsSource[] {
  const files = [...FAMILIES.map((f) => path.join(sourceDir(), `${f}.yaml.hbs`)), ...partialFiles()];
  return files.map((f) => ({ source: fs.readFileSync(f, 'utf8'), options: OPTIONS }));
}

/**
 * Renders the cloud-config of `family` into a Terraform template (`.tftpl`): plain YAML with
 * `${agent_env_b64}` and `${init_script_b64}` left for `templatefile()`.
 */
export function renderCloudConfigTemplate(family: CloudInitFamily, context: CloudInitContext): string {
  const text = load(family)({ ...context, dockerRepo: context.dockerRepo ?? false });
  return text.replace(/\n{3,}/g, '\n\n');
}

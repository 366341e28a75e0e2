// Renders the per-family cloud-init templates in this folder (Handlebars) into Terraform templates.
import * as fs from 'fs';
import * as path from 'path';
import Handlebars from 'handlebars';

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

// Sources live beside this file in the repository; compiled code runs from lib/cloud-init, and
// the command line's bundle from lib/.
const SOURCE_DIR = [__dirname, path.resolve(__dirname, '../../cloud-init'), path.resolve(__dirname, '../cloud-init')].find((d) =>
  fs.existsSync(path.join(d, 'apt.yaml.hbs')),
);

let engine: typeof Handlebars | undefined;
const compiled = new Map<CloudInitFamily, Handlebars.TemplateDelegate>();

function load(family: CloudInitFamily): Handlebars.TemplateDelegate {
  if (SOURCE_DIR === undefined) throw new Error(`cloud-init templates not found near ${__dirname}`);
  if (engine === undefined) {
    engine = Handlebars.create();
    const partials = path.join(SOURCE_DIR, 'partials');
    for (const file of fs.readdirSync(partials)) {
      engine.registerPartial(path.basename(file, '.hbs'), fs.readFileSync(path.join(partials, file), 'utf8'));
    }
  }
  let template = compiled.get(family);
  if (template === undefined) {
    const source = fs.readFileSync(path.join(SOURCE_DIR, `${family}.yaml.hbs`), 'utf8');
    template = engine.compile(source, { noEscape: true, strict: true });
    compiled.set(family, template);
  }
  return template;
}

/**
 * Renders the cloud-config of `family` into a Terraform template (`.tftpl`): plain YAML with
 * `${agent_env_b64}` and `${init_script_b64}` left for `templatefile()`.
 */
export function renderCloudConfigTemplate(family: CloudInitFamily, context: CloudInitContext): string {
  const text = load(family)({ ...context, dockerRepo: context.dockerRepo ?? false });
  return text.replace(/\n{3,}/g, '\n\n');
}

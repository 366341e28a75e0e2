// Turns the synthesized kubevirt-vm template into what KubeVirt would hand the guest, with the real terraform.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderTemplate } from '../../src/synth';
import { CATALOG } from '../../src/catalog';
import { run } from './run';

/** The template folder as `cvmkit synth --format json` writes it: main.tf.json plus referenced files. */
export type TemplateFiles = ReadonlyMap<string, string>;

/** Synthesizes `kubevirt-vm` in this process, or reads a folder synthesized earlier (`--format json`). */
export async function kubevirtTemplate(dir?: string): Promise<TemplateFiles> {
  if (dir === undefined) {
    const definition = CATALOG.find((d) => d.name === 'kubevirt-vm');
    if (definition === undefined) throw new Error('kubevirt-vm is not in the catalog');
    return (await renderTemplate(definition, 'json')).files;
  }
  const files = new Map<string, string>();
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const name = path.join(rel, entry.name);
      if (entry.isDirectory()) walk(name);
      else files.set(name, fs.readFileSync(path.join(dir, name), 'utf8'));
    }
  };
  walk('');
  return files;
}

/** The Secret KubeVirt turns into the guest's disks: user-data (NoCloud seed) and every other key (secret disk). */
export interface RenderedSecret {
  readonly userData: string;
  /** Keys besides `userdata`, e.g. `agent.env`; empty for templates that put the token into user-data. */
  readonly otherKeys: Readonly<Record<string, string>>;
  /** The Provisioning script for this distro, when the template has one. */
  readonly provisioning?: string;
}

// References of the Secret's expressions, bound to plain variables of the throw-away module.
const BINDINGS: Readonly<Record<string, string>> = {
  'coder_agent.main.init_script': 'var.init_script',
  'coder_agent.main.token': 'var.token',
  'data.coder_parameter.distro.value': 'var.distro',
};

/**
 * Evaluates the template's own Secret `data` expressions (templatefile and all) with `terraform
 * apply` in a throw-away root module that has only variables and outputs, no providers: the
 * user-data is byte for byte what Terraform would store in the Secret.
 */
export async function renderSecret(files: TemplateFiles, vars: { distro: string; token: string; initScript: string }): Promise<RenderedSecret> {
  const main = JSON.parse(files.get('main.tf.json') ?? '{}') as { resource?: Record<string, Record<string, any>> };
  const secret = main.resource?.kubernetes_secret_v1?.cloud_init;
  if (secret === undefined) throw new Error('the template has no kubernetes_secret_v1.cloud_init');
  const bind = (expr: string) => Object.entries(BINDINGS).reduce((e, [from, to]) => e.split(from).join(to), expr);
  const data = secret.data as Record<string, string>;

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-vm-render-'));
  try {
    for (const [name, content] of files) {
      if (name === 'main.tf.json' || name === 'main.tf') continue;
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), content);
    }
    const module = {
      variable: { init_script: { type: 'string' }, token: { type: 'string', sensitive: true }, distro: { type: 'string' } },
      output: Object.fromEntries(Object.entries(data).map(([key, expr], i) => [`key_${i}`, { value: bind(expr), sensitive: true }])),
    };
    fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(module, null, 2));
    fs.writeFileSync(path.join(dir, 'values.tfvars.json'), JSON.stringify({ init_script: vars.initScript, token: vars.token, distro: vars.distro }));
    const env = { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
    await run('terraform', ['init', '-input=false', '-no-color'], { cwd: dir, env });
    await run('terraform', ['apply', '-auto-approve', '-input=false', '-no-color', '-var-file=values.tfvars.json'], { cwd: dir, env });
    const out = JSON.parse((await run('terraform', ['output', '-json'], { cwd: dir, env })).stdout) as Record<string, { value: string }>;
    const values = Object.fromEntries(Object.keys(data).map((key, i) => [key, out[`key_${i}`].value]));
    const { userdata, ...otherKeys } = values;
    if (userdata === undefined) throw new Error('the Secret has no userdata key');
    return { userData: userdata, otherKeys, provisioning: files.get(`provisioning/${vars.distro}.sh`) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Renders the per-family cloud-init templates in this folder (Handlebars) into Terraform templates.
import * as fs from 'fs';
import * as path from 'path';
import Handlebars from 'handlebars';
import { compileTemplate, HandlebarsSource } from '../src/handlebars-compile';
import type { ConsoleUnitsContext } from '../constructs/kubevirt/graphical-console';

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
  /** Whether Docker is wanted: the user is put in a `docker` group made before it. */
  readonly docker: boolean;
  /** Extra package repository for Docker (dnf family), configured before provisioning installs. */
  readonly dockerRepo?: { readonly name: string; readonly baseurl: string; readonly gpgkey: string };
  /** Data disks to format (when blank), list in fstab and mount at every boot, found by their device path. */
  readonly dataDisks?: readonly { readonly name: string; readonly device: string; readonly mountPath: string }[];
  /** Team shares to mount at every boot: the virtiofs tag (the VM's filesystem name) and where. */
  readonly sharedDisks?: readonly { readonly name: string; readonly tag: string; readonly mountPath: string; readonly readOnly: boolean }[];
  /** The graphical console's units (see `GraphicalConsole.unitsFor`); absent: no console. */
  readonly console?: ConsoleUnitsContext;
}

/**
 * The two bootcmd entries of a data disk (YAML flow sequences). Every boot, so a disk added by a
 * later template version is set up on existing workspaces too (per-instance modules such as
 * fs_setup and mounts run once per instance, and the instance id stays the workspace's). mkfs only
 * when blkid finds nothing on the device: an existing file system is never touched.
 */
function dataDiskCommands(username: string, d: { name: string; device: string; mountPath: string }): { name: string; mount: string; owner: string } {
  const script = [
    `d=${d.device}`,
    // The disk may appear a moment after boot.
    'for i in $(seq 30); do [ -e $d ] && break; sleep 1; done',
    `blkid $d >/dev/null || mkfs.ext4 -q -L ${d.name} $d`,
    `grep -q ' ${d.mountPath} ' /etc/fstab || echo \\"$d ${d.mountPath} auto defaults,nofail 0 2\\" >> /etc/fstab`,
    `mkdir -p ${d.mountPath}`,
    `mountpoint -q ${d.mountPath} || mount ${d.mountPath}`,
  ].join('; ');
  return {
    name: d.name,
    mount: `[sh, -c, "${script}"]`,
    // The user exists once cloud-init's network stage is done: chown then, as the agent's enable job does.
    owner: `[systemd-run, --no-block, --unit=cvmkit-disk-${d.name}-owner, --property=After=cloud-init.service, --property=After=cloud-init-network.service, chown, "${username}:", ${d.mountPath}]`,
  };
}

/**
 * The bootcmd entry of a team share (a YAML flow sequence), every boot like a data disk's. No chown:
 * KubeVirt's unprivileged virtiofsd cannot change owners on the claim (see the README).
 */
function sharedDiskCommand(d: { name: string; tag: string; mountPath: string; readOnly: boolean }): { name: string; mount: string } {
  const options = d.readOnly ? 'defaults,nofail,ro' : 'defaults,nofail';
  const script = [
    `mkdir -p ${d.mountPath}`,
    `grep -q ' ${d.mountPath} ' /etc/fstab || echo \\"${d.tag} ${d.mountPath} virtiofs ${options} 0 0\\" >> /etc/fstab`,
    `mountpoint -q ${d.mountPath} || mount ${d.mountPath}`,
  ].join('; ');
  return { name: d.name, mount: `[sh, -c, "${script}"]` };
}

/**
 * Variables the rendered template expects from Terraform's `templatefile()`: the agent's init
 * script, base64-encoded. The token is not among them: see {@link AGENT_DISK}.
 */
export const TEMPLATE_VARIABLES = ['init_script_b64'] as const;

/**
 * How the agent token reaches the guest without entering user-data (which cloud-init keeps on the
 * root disk): the workspace Secret is attached as a small read-only disk with this serial number,
 * holding `CODER_AGENT_TOKEN=<token>` in a file of this name. The agent unit copies it to /run.
 */
export const AGENT_DISK = { serial: 'cvmkit-agent', envFile: 'agent.env' } as const;

// Sources live beside this file in the repository; compiled code runs from lib/cloud-init.
const SOURCE_DIR = [__dirname, path.resolve(__dirname, '../../cloud-init')].find((d) => fs.existsSync(path.join(d, 'apt.yaml.hbs')));

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
  const files = [...FAMILIES.map((f) => path.join(sourceDir(), `${f}.yaml.hbs`)), ...partialFiles(), path.join(sourceDir(), WINDOWS_SOURCE)];
  return files.map((f) => ({ source: fs.readFileSync(f, 'utf8'), options: OPTIONS }));
}

/**
 * Renders the cloud-config of `family` into a Terraform template (`.tftpl`): plain YAML with
 * `${init_script_b64}` left for `templatefile()`.
 */
export function renderCloudConfigTemplate(family: CloudInitFamily, context: CloudInitContext): string {
  const dataDisks = (context.dataDisks ?? []).map((d) => dataDiskCommands(context.username, d));
  const sharedDisks = (context.sharedDisks ?? []).map(sharedDiskCommand);
  const text = load(family)({
    ...context,
    dockerRepo: context.dockerRepo ?? false,
    agentDisk: AGENT_DISK,
    dataDisks,
    sharedDisks,
    console: context.console ?? false,
  });
  return text.replace(/\n{3,}/g, '\n\n');
}

/**
 * The file of the workspace Secret a Windows guest reads its user's password from (on the same
 * CD-ROM as {@link AGENT_DISK}'s `agent.env`).
 */
export const WINDOWS_PASSWORD_FILE = 'user-password';

const WINDOWS_SOURCE = 'windows.ps1.hbs';
let windowsTemplate: Handlebars.TemplateDelegate | undefined;

/**
 * The Cloudbase-Init user-data of a Windows workspace (`#ps1_sysnative`) as a Terraform template:
 * PowerShell with `${init_script_b64}` left for `templatefile()`. It runs at every boot, creates
 * `username` (Administrators, Remote Desktop Users), enables RDP and starts Coder's agent with the
 * token it reads from the Secret's CD-ROM.
 */
export function renderWindowsUserDataTemplate(context: { readonly username: string }): string {
  // Its own engine: no partials; the options are the cloud-configs' (precompiled with them).
  windowsTemplate ??= compileTemplate(Handlebars.create(), fs.readFileSync(path.join(sourceDir(), WINDOWS_SOURCE), 'utf8'), OPTIONS);
  return windowsTemplate({
    username: context.username,
    agentEnvFile: AGENT_DISK.envFile,
    passwordFile: WINDOWS_PASSWORD_FILE,
    tokenVariable: 'CODER_AGENT_TOKEN',
  });
}

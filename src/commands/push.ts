// `cvmkit push <name>`: synthesize a template and run `coder templates push` on its folder.
import { spawnSync } from 'child_process';
import { Command } from 'commander';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readTemplateFolder } from '../folder';
import { synthTemplates } from '../synth';
import { CliError, EXIT, pickTemplates, projectOf } from './common';
import { printUpgradeReport, runUpgradeCheck } from './upgrade-check';

/** Quotes an argument for a POSIX shell only when it needs it. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Finds an executable on PATH (or checks an explicit path). */
export function findExecutable(name: string, envPath = process.env.PATH ?? ''): string | undefined {
  if (name.includes('/')) return fs.existsSync(name) ? path.resolve(name) : undefined;
  for (const dir of envPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

interface PushOptions {
  out: string;
  var: string[];
  message?: string;
  activate?: boolean;
  dryRun?: boolean;
  coder: string;
  json?: boolean;
  allowDataLoss?: boolean;
  upgradeCheck: boolean;
}

/**
 * Fetches the template's active version (`coder templates pull`) into a temporary folder.
 * Returns undefined when the template does not exist yet (a first push has nothing to upgrade).
 */
function pullActive(coder: string, name: string): { dir: string; files: Map<string, string> } | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cvmkit-active-'));
  const pull = spawnSync(coder, ['templates', 'pull', name, dir, '--version', 'active', '--yes'], { encoding: 'utf8' });
  const output = `${pull.stdout ?? ''}${pull.stderr ?? ''}`.trim();
  if (pull.status !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    if (/not found|does not exist|404/i.test(output)) return undefined;
    throw new CliError(
      `could not fetch the active version of ${name} to check the upgrade (coder templates pull: ${output}); fix that, or pass --no-upgrade-check`,
      EXIT.coderUnavailable,
    );
  }
  return { dir, files: readTemplateFolder(dir) };
}

export function registerPush(program: Command): void {
  program
    .command('push')
    .description('Synthesize a template and push it to Coder with `coder templates push`.')
    .argument('<name>', 'catalog template to push')
    .option('-o, --out <dir>', 'folder the template is synthesized into', 'dist/templates')
    .option('--var <name=value>', 'template variable passed to coder (repeatable)', (v: string, all: string[]) => [...all, v], [])
    .option('-m, --message <text>', 'message of the new template version')
    .option('--activate', "make the new version active (Coder's default)")
    .option('--no-activate', 'upload the version without making it active')
    .option('--dry-run', 'print the exact coder command and run nothing')
    .option('--coder <path>', 'coder executable', 'coder')
    .option('--json', 'print a JSON summary on stdout')
    .option('--allow-data-loss', 'push even when existing workspaces would lose a disk or fail to build')
    .option('--no-upgrade-check', 'push without checking the active version against the new one')
    .action(async (name: string, opts: PushOptions, command: Command) => {
      for (const v of opts.var) if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(v)) throw new CliError(`--var must be name=value, not "${v}"`, EXIT.usage);
      const project = projectOf(command);
      const [definition] = pickTemplates(project, [name]);
      const [rendered] = await synthTemplates([definition], path.resolve(opts.out), 'hcl', project.settings);
      const dir = path.resolve(opts.out, rendered.definition.name);
      const args = ['templates', 'push', name, '--directory', dir, '--yes', ...opts.var.flatMap((v) => ['--var', v])];
      if (opts.message !== undefined) args.push('--message', opts.message);
      if (opts.activate !== undefined) args.push(`--activate=${opts.activate}`);
      const printable = [opts.coder, ...args].map(shellQuote).join(' ');
      if (opts.dryRun) {
        console.log(
          opts.json
            ? JSON.stringify({ template: name, directory: dir, command: [opts.coder, ...args], upgradeCheck: opts.upgradeCheck, dryRun: true }, null, 2)
            : printable,
        );
        return;
      }
      const coder = findExecutable(opts.coder);
      if (coder === undefined) {
        throw new CliError(
          `the coder CLI ("${opts.coder}") is not on PATH; install it (https://coder.com/docs/install) or pass --coder <path>`,
          EXIT.coderUnavailable,
        );
      }
      const whoami = spawnSync(coder, ['whoami'], { encoding: 'utf8' });
      if (whoami.status !== 0) {
        throw new CliError(
          `coder is not logged in (coder whoami: ${(whoami.stderr || whoami.stdout).trim()}); run \`coder login <url>\` first`,
          EXIT.coderUnavailable,
        );
      }
      let upgrade: Awaited<ReturnType<typeof runUpgradeCheck>> | undefined;
      if (opts.upgradeCheck) {
        const active = pullActive(coder, name);
        if (active === undefined) process.stderr.write(`${name} has no active version yet: nothing to upgrade\n`);
        else {
          process.stderr.write(`checking the upgrade from the active version of ${name}…\n`);
          try {
            upgrade = await runUpgradeCheck(active.files, rendered.files);
          } finally {
            fs.rmSync(active.dir, { recursive: true, force: true });
          }
          if (!opts.json || !upgrade.safe) printUpgradeReport(upgrade);
          if (!upgrade.safe && !opts.allowDataLoss) {
            const lost = upgrade.findings
              .filter((f) => f.kind === 'data loss' || f.kind === 'build failure' || f.kind === 'broken workspace')
              .map((f) => `  ${f.kind}: ${f.detail}`);
            throw new CliError(
              `refusing to push ${name}: existing workspaces would be harmed:\n${lost.join('\n')}\npass --allow-data-loss to push anyway`,
              EXIT.unsafeUpgrade,
            );
          }
        }
      }
      process.stderr.write(`$ ${printable}\n`);
      const push = spawnSync(coder, args, { encoding: 'utf8' });
      const output = `${push.stdout ?? ''}${push.stderr ?? ''}`.trim();
      if (push.status !== 0) throw new CliError(`coder templates push failed (exit ${push.status}):\n${output}`, EXIT.pushFailed);
      if (opts.json)
        console.log(
          JSON.stringify(
            { template: name, directory: dir, command: [coder, ...args], output, upgrade: upgrade && { safe: upgrade.safe, findings: upgrade.findings } },
            null,
            2,
          ),
        );
      else console.log(output === '' ? `pushed ${name}` : output);
    });
}

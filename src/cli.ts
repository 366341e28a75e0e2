#!/usr/bin/env node
// The cvmkit command line: one module per command under src/commands/.
import { Command, CommanderError } from 'commander';
import { CliError, EXIT } from './commands/common';
import { registerImages } from './commands/images';
import { registerInit } from './commands/init';
import { registerList } from './commands/list';
import { registerPublish } from './commands/publish';
import { registerPush } from './commands/push';
import { registerSynth } from './commands/synth';
import { registerUpgradeCheck } from './commands/upgrade-check';
import { registerValidate } from './commands/validate';
import { packageVersion } from './paths';

/** The `cvmkit` program with every command; commander's exits become errors (exitOverride). */
export function cliProgram(): Command {
  const program = new Command();
  program
    .name('cvmkit')
    .description('Synthesize isolated developer workspaces (KubeVirt, Sysbox, Envbox, gVisor, Kata) into Coder templates.')
    .version(packageVersion(), '-V, --version', 'print the version of cvmkit')
    .option(
      '-c, --config <file>',
      "organisation settings (default: cvmkit.config.json, .yaml or .yml in the working directory; its templates: lists the repository's own)",
    )
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  registerSynth(program);
  registerList(program);
  registerPush(program);
  registerPublish(program);
  registerInit(program);
  registerValidate(program);
  registerUpgradeCheck(program);
  registerImages(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs one command line (`argv` as in process.argv) and resolves to its exit code; failures are printed on stderr. */
export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    await cliProgram().parseAsync([...argv]);
    return Number(process.exitCode ?? EXIT.ok);
  } catch (err) {
    // Commander has printed its message (or the help, with exit code 0).
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    console.error(`cvmkit: ${(err as Error).message}`);
    return err instanceof CliError ? err.exitCode : EXIT.failure;
  }
}

/**
 * Runs the process's command line and exits when its promise settles, so that nothing a command
 * left behind (a simulated provider's server, a timer) can keep the process, and a caller waiting
 * for it, alive.
 */
export function main(): void {
  void runCli(process.argv).then((code) => process.stdout.write('', () => process.stderr.write('', () => process.exit(code))));
}

// `node lib/src/cli.js …`; the bin (launcher → cli-entry) calls main() itself.
if (require.main === module) main();

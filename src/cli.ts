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

// The command is done when its promise settles: exit then, so that nothing a command left behind (a
// simulated provider's server, a timer) can keep the process, and a caller waiting for it, alive.
function exit(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

program.parseAsync(process.argv).then(
  () => exit(Number(process.exitCode ?? EXIT.ok)),
  (err: Error) => {
    if (err instanceof CommanderError) {
      // Commander has printed the message (or the help, with exit code 0).
      exit(err.exitCode === 0 ? EXIT.ok : EXIT.usage);
      return;
    }
    console.error(`cvmkit: ${err.message}`);
    exit(err instanceof CliError ? err.exitCode : EXIT.failure);
  },
);

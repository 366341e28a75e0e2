#!/usr/bin/env node
// The cvmkit command line: one module per command under src/commands/.
import { Command } from 'commander';
import { registerList } from './commands/list';
import { registerSynth } from './commands/synth';

const program = new Command();
program.name('cvmkit').description('Synthesize isolated developer workspaces into Coder templates.');

registerSynth(program);
registerList(program);

program.parseAsync(process.argv).catch((err: Error) => {
  console.error(`cvmkit: ${err.message}`);
  process.exitCode = 1;
});

// What every command shares: exit codes, errors that carry one, and the organisation settings.
import { Command } from 'commander';
import { selectDefinitions, TemplateDefinition } from '../definition';
import { loadProject, Project } from '../project';
import { loadSettings, OrganisationSettings } from '../settings';

/** Exit codes of `cvmkit` (documented in the README). */
export const EXIT = {
  /** Success. */
  ok: 0,
  /** The command failed: invalid template props or settings, unknown template, refused overwrite. */
  failure: 1,
  /** Usage error: unknown command or option, missing argument, bad option value. */
  usage: 2,
  /** `coder` is not installed or not logged in. */
  coderUnavailable: 3,
  /** `coder templates push` ran and failed. */
  pushFailed: 4,
  /** `push` refused: the new version would lose a disk or fail a build of existing workspaces. */
  unsafeUpgrade: 5,
} as const;

/** An error with the exit code it should end the process with. */
export class CliError extends Error {
  constructor(
    message: string,
    public readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
  }
}

/** The settings named by `--config`, or found in the working directory. */
export function settingsOf(command: Command): OrganisationSettings {
  return loadSettings(command.optsWithGlobals().config as string | undefined).settings;
}

/** The settings and the templates they offer (built-in catalog and the repository's own), loaded once per command. */
export function projectOf(command: Command): Project {
  try {
    return loadProject({ config: command.optsWithGlobals().config as string | undefined });
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

/** The named templates of the project (all when none are named); unknown names fail the command. */
export function pickTemplates(project: Project, names: readonly string[]): TemplateDefinition[] {
  try {
    return selectDefinitions(names, project.templates);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

/** Throws a usage error unless `value` is one of `allowed`. */
export function choice<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new CliError(`${option} must be one of ${allowed.join(', ')}, not "${value}"`, EXIT.usage);
  return value as T;
}

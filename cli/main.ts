import { existsSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { ValidationError } from '#shared/domain/errors.ts';
import packageJson from '../package.json' with { type: 'json' };
import { ApiError, LOCAL_CONFIG_PATH } from './api-client.ts';
import { registerApplicantCommands } from './commands/applicants.ts';
import { registerCheckInCommands } from './commands/checkins.ts';
import { registerClockCommands } from './commands/clock.ts';
import { registerCohortCommands } from './commands/cohort-launch.ts';
import { registerDevCommand } from './commands/dev.ts';
import { registerIntakeImport } from './commands/intake-import.ts';
import { registerIntakeStatus } from './commands/intake-status.ts';
import { registerMatchCommands } from './commands/match.ts';
import { registerProgramCommands } from './commands/program-create.ts';
import { registerSimulateCommand } from './commands/simulate.ts';
import { registerSurveyCommands } from './commands/surveys.ts';
import { CliError, type Io, processIo } from './io.ts';
import { renderFailure } from './output.ts';

/** The whole command tree, writing to `io`; tests build one per run. */
function buildProgram(io: Io = processIo()): Command {
  const cli = new Command('mentorflow')
    .description('Run mentorship and allyship programs: programs, cohorts, intake and the local runtime.')
    .version(packageJson.version)
    .option('--api-url <url>', `API address (default: $MENTORFLOW_API_URL, then ${LOCAL_CONFIG_PATH})`)
    .option('--token <jwt>', `coordinator token (default: $MENTORFLOW_TOKEN, then ${LOCAL_CONFIG_PATH})`)
    // Set before any subcommand is added, so every subcommand inherits them: usage errors
    // throw instead of exiting, and all output goes through `io`.
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .showHelpAfterError('(add --help for usage)');

  registerProgramCommands(cli, io);
  registerCohortCommands(cli, io);
  const intake = cli.command('intake').description('Invite applicants and watch intake.');
  registerIntakeImport(intake, io);
  registerIntakeStatus(intake, io);
  registerApplicantCommands(cli, io);
  registerMatchCommands(cli, io);
  registerSurveyCommands(cli, io);
  registerCheckInCommands(cli, io);
  registerClockCommands(cli, io);

  // The local runtime's commands: their options are here, their work in infra/local and cli/simulate.
  registerDevCommand(cli);
  registerSimulateCommand(cli);
  return cli;
}

/** Runs one command line and returns the exit code; nothing here calls `process.exit`. */
export async function main(argv: string[] = process.argv, io: Io = processIo()): Promise<number> {
  try {
    await buildProgram(io).parseAsync(argv);
    return 0;
  } catch (error) {
    // Commander has already printed its usage error or the help it was asked for.
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof ApiError) io.stderr.write(error.describe());
    else if (error instanceof ValidationError) io.stderr.write(renderFailure(error.message, error.problems));
    else if (error instanceof CliError) io.stderr.write(renderFailure(error.message));
    // Anything else is a bug in the CLI: let Node print the stack trace.
    else throw error;
    return 1;
  }
}

/** `tsx cli/main.ts ...` runs the CLI; `cli/bin/mentorflow.js` and tests call `main` themselves. */
const entry = process.argv[1];
// Node loads the entry module by its real path, so compare real paths (the repo may sit behind a symlink).
const invokedDirectly =
  entry && existsSync(entry) && pathToFileURL(realpathSync(entry)).href === import.meta.url;
if (invokedDirectly) process.exitCode = await main();

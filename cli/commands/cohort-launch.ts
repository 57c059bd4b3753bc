import type { Command } from 'commander';
import type { Cohort, LaunchCohortInput } from '#shared/domain/cohort.ts';
import type { Milestone } from '#shared/domain/milestone.ts';
import type { CohortView } from '#shared/use-cases/view-programs.ts';
import { type ApiClient, ApiError, apiPath, clientFromFlags } from '../api-client.ts';
import { wholeNumber } from '../arguments.ts';
import { CliError, type Io } from '../io.ts';
import { formatInstant, printJson, printLines, renderTable, withJsonOption } from '../output.ts';

interface LaunchOptions {
  program: string;
  name: string;
  timeZone: string;
  intakeOpens: string;
  intakeCloses: string;
  starts: string;
  ends: string;
  checkInEvery?: number;
  reminderDays?: number;
  openApplication?: boolean;
  json?: boolean;
}

const FIELD_FLAGS = {
  name: '--name',
  timeZone: '--time-zone',
  intakeOpensOn: '--intake-opens',
  intakeClosesOn: '--intake-closes',
  programStartsOn: '--starts',
  programEndsOn: '--ends',
  checkInEveryDays: '--check-in-every',
  intakeReminderDaysBeforeClose: '--reminder-days',
  openApplication: '--open-application',
};

const DATE_HELP = 'YYYY-MM-DD or YYYY-MM-DDTHH:mm in the cohort’s time zone';

export function registerCohortCommands(cli: Command, io: Io): void {
  const cohort = cli
    .command('cohort')
    .description('Cohorts: one run of a program, from intake to the last survey.');
  withJsonOption(
    cohort
      .command('launch')
      .description('Launch a cohort of a program: its dates, check-in cadence and intake.')
      .requiredOption('--program <id>', 'the program id (from `program create`)')
      .requiredOption('--name <name>', 'the cohort name, e.g. "Spring 2027"')
      .requiredOption('--time-zone <zone>', 'IANA time zone the dates are in, e.g. Europe/London')
      .requiredOption('--intake-opens <date>', `when applications open (${DATE_HELP})`)
      .requiredOption('--intake-closes <date>', 'when applications close (the end of that day)')
      .requiredOption('--starts <date>', 'when the program starts')
      .requiredOption('--ends <date>', 'when the program ends (the end of that day)')
      .option('--check-in-every <days>', 'days between check-ins: 7, 14, 21 or 28 (default 14)', wholeNumber)
      .option(
        '--reminder-days <days>',
        'remind invitees this many days before intake closes; 0 for none (default 3)',
        wholeNumber,
      )
      .option('--open-application', 'anyone with the cohort’s link may apply, not only invitees'),
  ).action(async (options: LaunchOptions, command: Command) => {
    const input: LaunchCohortInput = {
      name: options.name,
      timeZone: options.timeZone,
      intakeOpensOn: options.intakeOpens,
      intakeClosesOn: options.intakeCloses,
      programStartsOn: options.starts,
      programEndsOn: options.ends,
      openApplication: options.openApplication ?? false,
      ...(options.checkInEvery !== undefined ? { checkInEveryDays: options.checkInEvery } : {}),
      ...(options.reminderDays !== undefined ? { intakeReminderDaysBeforeClose: options.reminderDays } : {}),
    };
    const client = await clientFromFlags(command.optsWithGlobals(), io);
    const launched = await client.post<{ cohort: Cohort; milestones: Milestone[] }>(
      apiPath`/programs/${options.program}/cohorts`,
      input,
      { create: true, fieldFlags: FIELD_FLAGS },
    );
    const view: CohortView = launched.cohort.openApplication
      ? await withOpenLink(client, launched, io)
      : launched;
    if (options.json) {
      printJson(io, view);
      return;
    }
    const { cohort: stored, milestones, openApplicationUrl } = view;
    printLines(
      io.stdout,
      `cohort      ${stored.cohortId}`,
      `state       ${stored.state}`,
      ...cohortDates(stored),
      `check-ins   every ${stored.checkInEveryDays} days`,
      '',
      `Milestones (${stored.timeZone}):`,
    );
    io.stdout.write(
      renderTable(milestones, [
        { header: 'MILESTONE', value: (m) => m.kind },
        { header: 'DUE', value: (m) => formatInstant(m.dueAt, stored.timeZone) },
      ]),
    );
    if (openApplicationUrl) printLines(io.stdout, '', `Open application link: ${openApplicationUrl}`);
  });
}

/**
 * Launching answers with what was stored; only the cohort view signs the open link. The cohort
 * exists by now, so a failure here is a warning: an error would invite launching it twice.
 */
async function withOpenLink(client: ApiClient, launched: CohortView, io: Io): Promise<CohortView> {
  const cohortId = launched.cohort.cohortId;
  try {
    return await client.get<CohortView>(apiPath`/cohorts/${cohortId}`);
  } catch (error) {
    if (!(error instanceof ApiError || error instanceof CliError)) throw error;
    printLines(
      io.stderr,
      `Warning: cohort ${cohortId} was launched, but its open application link could not be read ` +
        `(${error.message}); GET /cohorts/${cohortId} shows it.`,
    );
    return launched;
  }
}

/** The cohort's dates as the coordinator typed them: local to the cohort's zone. */
export function cohortDates(cohort: Cohort): string[] {
  const at = (iso: string) => formatInstant(iso, cohort.timeZone);
  return [
    `intake      ${at(cohort.intakeOpensAt)} → ${at(cohort.intakeClosesAt)} (${cohort.timeZone})`,
    `program     ${at(cohort.programStartsAt)} → ${at(cohort.programEndsAt)} (${cohort.timeZone})`,
  ];
}

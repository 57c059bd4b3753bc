import { writeFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import {
  PARTICIPANT_STATUSES,
  type Participant,
  type ParticipantStatus,
} from '#shared/domain/participant.ts';
import type { ParticipantPage } from '#shared/ports/participant-store.ts';
import { type ApiClient, apiPath, clientFromFlags } from '../api-client.ts';
import { wholeNumber } from '../arguments.ts';
import type { Io } from '../io.ts';
import { printJson, printLines, renderTable, withJsonOption } from '../output.ts';

interface ListOptions {
  cohort: string;
  status?: ParticipantStatus;
  limit?: number;
  all?: boolean;
  json?: boolean;
}

interface DecideOptions {
  cohort: string;
  participant: string;
  approve?: boolean;
  decline?: boolean;
  json?: boolean;
}

export function registerApplicantCommands(cli: Command, io: Io): void {
  const applicants = cli.command('applicants').description('Review the people who were invited or applied.');

  withJsonOption(
    applicants
      .command('list')
      .description('List applicants: id, name, status, and the support they seek and offer.')
      .requiredOption('--cohort <id>', 'the cohort')
      .addOption(
        new Option('--status <status>', 'only applicants with this status').choices(PARTICIPANT_STATUSES),
      )
      .option('--limit <n>', 'applicants per page, 1–500 (default 100)', wholeNumber)
      .option('--all', 'follow every page instead of stopping after the first'),
  ).action(async (options: ListOptions, command: Command) => {
    const client = await clientFromFlags(command.optsWithGlobals(), io);
    const page = await listApplicants(client, options);
    if (options.json) {
      printJson(io, page);
      return;
    }
    io.stdout.write(
      renderTable(page.participants, [
        { header: 'PARTICIPANT', value: (p) => p.participantId },
        { header: 'NAME', value: (p) => p.name },
        { header: 'STATUS', value: (p) => p.status },
        { header: 'SEEKS', value: (p) => p.application?.seeks.join(', ') },
        {
          header: 'OFFERS',
          value: (p) => p.application?.offers.map((o) => `${o.role} ×${o.capacity}`).join(', '),
        },
      ]),
    );
    if (page.nextCursor) printLines(io.stderr, 'More applicants follow: pass --all to list them all.');
  });

  registerExportCommand(applicants, io);

  withJsonOption(
    applicants
      .command('decide')
      .description('Approve or decline an application (until matching starts; deciding again changes it).')
      .requiredOption('--cohort <id>', 'the cohort')
      .requiredOption('--participant <id>', 'the applicant’s participant id (from `applicants list`)')
      .addOption(new Option('--approve', 'approve the application').conflicts('decline'))
      .addOption(new Option('--decline', 'decline the application')),
  ).action(async (options: DecideOptions, command: Command) => {
    if (!options.approve && !options.decline) command.error('error: say --approve or --decline');
    const client = await clientFromFlags(command.optsWithGlobals(), io);
    const decided = await client.post<Participant>(
      apiPath`/cohorts/${options.cohort}/applications/${options.participant}/decision`,
      { decision: options.approve ? 'approve' : 'decline' },
    );
    if (options.json) {
      printJson(io, decided);
      return;
    }
    printLines(io.stdout, `${decided.name} (${decided.participantId}) is ${decided.status}.`);
  });
}

/**
 * `applicants export`: the cohort as a spreadsheet, written by the API with every cell
 * neutralised against formula injection; we only pass it on.
 */
function registerExportCommand(applicants: Command, io: Io): void {
  applicants
    .command('export')
    .description('Write every applicant of a cohort as CSV (identity details are never exported).')
    .requiredOption('--cohort <id>', 'the cohort')
    .option('--output <file>', 'write to this file instead of standard output')
    .action(async (options: { cohort: string; output?: string }, command: Command) => {
      const client = await clientFromFlags(command.optsWithGlobals(), io);
      const csv = await client.get<string>(apiPath`/cohorts/${options.cohort}/applications/export`);
      if (options.output) {
        await writeFile(options.output, csv);
        printLines(io.stderr, `Wrote ${options.output}.`);
      } else io.stdout.write(csv);
    });
}

/** One page, or with `--all` every page joined, following the opaque `nextCursor`. */
async function listApplicants(client: ApiClient, options: ListOptions): Promise<ParticipantPage> {
  const participants: Participant[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.get<ParticipantPage>(apiPath`/cohorts/${options.cohort}/applications`, {
      query: { status: options.status, limit: options.limit, cursor },
    });
    participants.push(...page.participants);
    cursor = page.nextCursor;
    if (!options.all) return page;
  } while (cursor);
  return { participants };
}

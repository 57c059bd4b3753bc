import type { Command } from 'commander';
import type { Cohort } from '#shared/domain/cohort.ts';
import type { IntakeCounts } from '#shared/domain/intake-counts.ts';
import { PARTICIPANT_STATUSES } from '#shared/domain/participant.ts';
import { SUPPORT_ROLES } from '#shared/domain/support-roles.ts';
import { apiPath, clientFromFlags } from '../api-client.ts';
import type { Io } from '../io.ts';
import { printJson, printLines, renderTable, withJsonOption } from '../output.ts';
import { cohortDates } from './cohort-launch.ts';

export function registerIntakeStatus(intake: Command, io: Io): void {
  withJsonOption(
    intake
      .command('status')
      .description('How intake is going: applicants by status, and support sought and offered per role.')
      .requiredOption('--cohort <id>', 'the cohort'),
  ).action(async (options: { cohort: string; json?: boolean }, command: Command) => {
    const client = await clientFromFlags(command.optsWithGlobals(), io);
    const status = await client.get<{ cohort: Cohort; counts: IntakeCounts }>(
      apiPath`/cohorts/${options.cohort}/intake`,
    );
    if (options.json) {
      printJson(io, status);
      return;
    }
    const { cohort, counts } = status;
    printLines(
      io.stdout,
      `cohort      ${cohort.name} (${cohort.cohortId})`,
      `state       ${cohort.state}`,
      ...cohortDates(cohort),
      '',
    );
    io.stdout.write(
      renderTable(PARTICIPANT_STATUSES, [
        { header: 'STATUS', value: (s) => s },
        { header: 'PEOPLE', value: (s) => counts.byStatus[s], align: 'right' },
      ]),
    );
    printLines(io.stdout, '');
    io.stdout.write(
      renderTable(SUPPORT_ROLES, [
        { header: 'ROLE', value: (role) => role },
        { header: 'SEEKING', value: (role) => counts.seeking[role], align: 'right' },
        { header: 'OFFERING', value: (role) => counts.offering[role].people, align: 'right' },
        { header: 'PLACES', value: (role) => counts.offering[role].places, align: 'right' },
      ]),
    );
    printLines(
      io.stdout,
      '',
      counts.bothWays === 1
        ? 'Both ways: 1 person seeks support and offers it.'
        : `Both ways: ${counts.bothWays} people seek support and offer it.`,
    );
  });
}

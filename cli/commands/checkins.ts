import type { Command } from 'commander';
import type { CheckInHealth } from '#shared/use-cases/check-in-health.ts';
import { apiPath, clientFromFlags } from '../api-client.ts';
import type { Io } from '../io.ts';
import { printJson, printLines, renderTable, withJsonOption } from '../output.ts';

const percent = (rate: number | null) => (rate === null ? '-' : `${Math.round(rate * 100)}%`);

/**
 * `mentorflow checkins status`: per round, how many answered and met, how it is going, and who
 * needs the coordinator (pairs at risk, tired supporters, help requests).
 */
export function registerCheckInCommands(cli: Command, io: Io): void {
  const checkins = cli.command('checkins').description('Watch a cohort’s check-ins and alerts.');
  withJsonOption(
    checkins
      .command('status')
      .description('Per round: response rate, meeting rate, mean rating, pairs at risk, flagged supporters.')
      .requiredOption('--cohort <id>', 'the cohort'),
  ).action(async (options: { cohort: string; json?: boolean }, command: Command) => {
    const client = await clientFromFlags(command.optsWithGlobals(), io);
    const health = await client.get<CheckInHealth>(apiPath`/cohorts/${options.cohort}/check-ins`);
    if (options.json) {
      printJson(io, health);
      return;
    }
    printLines(
      io.stdout,
      `cohort      ${health.cohortId} (${health.state})`,
      `cadence     every ${health.checkInEveryDays} days${health.anchoredAt ? ` from ${health.anchoredAt}` : ' (not started)'}`,
      '',
    );
    io.stdout.write(
      renderTable(health.rounds, [
        { header: 'ROUND', value: (r) => `${r.round}${r.fitCheck ? ' (fit)' : ''}` },
        { header: 'STATUS', value: (r) => r.status },
        { header: 'OPENS', value: (r) => r.opensAt.slice(0, 10) },
        { header: 'ASKED', value: (r) => r.asked, align: 'right' },
        { header: 'ANSWERED', value: (r) => r.answered, align: 'right' },
        { header: 'RESPONSE', value: (r) => percent(r.responseRate), align: 'right' },
        { header: 'MET', value: (r) => percent(r.meetingRate), align: 'right' },
        {
          header: 'RATING',
          value: (r) => (r.meanRating === null ? '-' : r.meanRating.toFixed(1)),
          align: 'right',
        },
        { header: 'AT RISK', value: (r) => r.atRiskPairs, align: 'right' },
        { header: 'HELP', value: (r) => r.helpRequests, align: 'right' },
        { header: 'LOW ENERGY', value: (r) => r.lowEnergy, align: 'right' },
      ]),
    );
    const actions = health.rounds.reduce<Record<string, number>>((sum, r) => {
      for (const [action, n] of Object.entries(r.sponsorshipActions)) sum[action] = (sum[action] ?? 0) + n;
      return sum;
    }, {});
    printLines(
      io.stdout,
      '',
      `sponsorship actions: ${Object.entries(actions)
        .map(([action, n]) => `${action} ${n}`)
        .join(', ')}`,
      `at risk: ${health.atRiskPairs.map((p) => `round ${p.round} ${p.seekerId}/${p.role}/${p.supporterId} (${p.reasons.join(', ')})`).join('; ') || 'none'}`,
      `flagged supporters: ${health.flaggedSupporters.map((s) => `${s.participantId} since ${s.flaggedAt}`).join('; ') || 'none'}`,
      `help requests: ${health.helpRequests.map((h) => `round ${h.round} ${h.participantId}`).join('; ') || 'none'}`,
    );
  });

  checkins
    .command('clear-flag')
    .description(
      'After talking with a tired supporter: clear their low-energy flag so they can be matched again.',
    )
    .requiredOption('--cohort <id>', 'the cohort')
    .requiredOption('--supporter <id>', 'the supporter’s participant id')
    .action(async (options: { cohort: string; supporter: string }, command: Command) => {
      const client = await clientFromFlags(command.optsWithGlobals(), io);
      const result = await client.post<{ participantId: string; cleared: boolean }>(
        apiPath`/cohorts/${options.cohort}/supporters/${options.supporter}/clear-flag`,
        {},
      );
      printLines(
        io.stdout,
        result.cleared
          ? `Cleared the flag on ${result.participantId}: they can be matched again.`
          : `${result.participantId} was not flagged; nothing changed.`,
      );
    });
}

import { type Command, Option } from 'commander';
import type { Cohort } from '#shared/domain/cohort.ts';
import type { FairnessReport } from '#shared/domain/matching/fairness.ts';
import type { UnmatchedReason } from '#shared/domain/matching/types.ts';
import { SUPPORT_ROLES, type SupportRole, supportRoleDescriptions } from '#shared/domain/support-roles.ts';
import type { StoredMatch } from '#shared/ports/match-store.ts';
import type { MatchesView } from '#shared/use-cases/review-matches.ts';
import { type ApiClient, apiPath, clientFromFlags } from '../api-client.ts';
import type { Io } from '../io.ts';
import { printJson, printLines, renderTable, withJsonOption } from '../output.ts';

/**
 * The coordinator's review of proposed matches: `match list`, `explain`, `fairness`, `pin`,
 * `forbid`, `swap`, `rerun`, `approve` and `end`, on the `match` group. Every change re-runs the solver on the
 * server and answers with the new proposal; a change that breaks a rule is refused there, naming
 * both people, and nothing stored changes.
 */

/** What a change answers: the cohort and the new run's matches (names come from a second read). */
interface Proposal {
  cohort: Cohort;
  matches: StoredMatch[];
}

const END_REASONS = ['not-a-fit', 'left'] as const;

/** API body fields → the flags that set them, so refusals name what the coordinator typed. */
const FIELD_FLAGS: Record<string, string> = {
  seekerId: '--seeker',
  supporterId: '--supporter',
  role: '--role',
  seekerA: '--seeker-a',
  seekerB: '--seeker-b',
  reason: '--reason',
};

const REASON_WORDS: Record<UnmatchedReason, string> = {
  'no-supporter-offers-role': 'no supporter offers this role',
  'all-at-capacity': 'every suitable supporter is at capacity',
  'all-excluded-by-constraints': 'every supporter is excluded by a rule (reporting line, forbid, seniority)',
};

interface CohortOptions {
  cohort: string;
  json?: boolean;
}

export function registerMatchReview(match: Command, io: Io): void {
  const client = (command: Command) => clientFromFlags(command.optsWithGlobals(), io);
  const cohortOption = (command: Command) => command.requiredOption('--cohort <id>', 'the cohort');
  const roleOption = () =>
    new Option('--role <role>', 'the support role').choices(SUPPORT_ROLES).makeOptionMandatory();

  withJsonOption(
    cohortOption(
      match
        .command('list')
        .description('List the proposed (or approved) matches: one line per seeker and role sought.'),
    ),
  ).action(async (options: CohortOptions, command: Command) => {
    const view = await client(command).then((api) => readView(api, options.cohort));
    if (options.json) {
      printJson(io, view);
      return;
    }
    io.stdout.write(matchTable(view, view.matches));
    printLines(io.stdout, '', runSummary(view.cohort));
  });

  withJsonOption(
    cohortOption(
      match.command('explain').description('Why a seeker got their matches, and who came next.'),
    ).requiredOption('--seeker <id>', 'the seeker’s participant id (from `match list`)'),
  ).action(async (options: CohortOptions & { seeker: string }, command: Command) => {
    const view = await client(command).then((api) => readView(api, options.cohort, options.seeker));
    if (options.json) {
      printJson(io, view);
      return;
    }
    io.stdout.write(explanation(view, options.seeker));
  });

  withJsonOption(
    cohortOption(
      match
        .command('fairness')
        .description(
          'Match rate and mean score by role, and by identity group where the group has at least 5 people.',
        ),
    ),
  ).action(async (options: CohortOptions, command: Command) => {
    const report = await client(command).then((api) =>
      api.get<FairnessReport & { runId: string }>(apiPath`/cohorts/${options.cohort}/matches/fairness`),
    );
    if (options.json) {
      printJson(io, report);
      return;
    }
    io.stdout.write(fairnessText(report));
  });

  withJsonOption(
    cohortOption(match.command('pin').description('Always pair this seeker with this supporter in a role.'))
      .requiredOption('--seeker <id>', 'the seeker’s participant id')
      .requiredOption('--supporter <id>', 'the supporter’s participant id')
      .addOption(roleOption()),
  ).action(
    async (options: CohortOptions & { seeker: string; supporter: string; role: SupportRole }, command) => {
      const api = await client(command);
      const proposal = await change(api, options.cohort, 'pins', {
        seekerId: options.seeker,
        supporterId: options.supporter,
        role: options.role,
      });
      await reportChange(io, api, options, proposal, [options.seeker], 'Pinned.');
    },
  );

  withJsonOption(
    cohortOption(match.command('forbid').description('Never pair this seeker with this supporter.'))
      .requiredOption('--seeker <id>', 'the seeker’s participant id')
      .requiredOption('--supporter <id>', 'the supporter’s participant id'),
  ).action(async (options: CohortOptions & { seeker: string; supporter: string }, command: Command) => {
    const api = await client(command);
    const proposal = await change(api, options.cohort, 'forbids', {
      seekerId: options.seeker,
      supporterId: options.supporter,
    });
    await reportChange(io, api, options, proposal, [options.seeker], 'Forbidden.');
  });

  withJsonOption(
    cohortOption(
      match.command('swap').description('Two matched seekers exchange their supporters in a role.'),
    )
      .requiredOption('--seeker-a <id>', 'one seeker’s participant id')
      .requiredOption('--seeker-b <id>', 'the other seeker’s participant id')
      .addOption(roleOption()),
  ).action(
    async (options: CohortOptions & { seekerA: string; seekerB: string; role: SupportRole }, command) => {
      const api = await client(command);
      const proposal = await change(api, options.cohort, 'swaps', {
        seekerA: options.seekerA,
        seekerB: options.seekerB,
        role: options.role,
      });
      await reportChange(io, api, options, proposal, [options.seekerA, options.seekerB], 'Swapped.');
    },
  );

  withJsonOption(
    cohortOption(
      match.command('rerun').description('Solve again from the applications, keeping every pin and forbid.'),
    ),
  ).action(async (options: CohortOptions, command: Command) => {
    const api = await client(command);
    const proposal = await change(api, options.cohort, 'runs', {});
    await reportChange(io, api, options, proposal, [], 'Matched again.');
  });

  withJsonOption(
    cohortOption(
      match
        .command('approve')
        .description('Approve the proposed matches; introductions are emailed to each pair.'),
    ),
  ).action(async (options: CohortOptions, command: Command) => {
    const api = await client(command);
    const approved = await api.post<{ cohort: Cohort }>(
      apiPath`/cohorts/${options.cohort}/matches/approval`,
      {},
    );
    if (options.json) {
      printJson(io, approved);
      return;
    }
    printLines(
      io.stdout,
      `Approved the matches of ${approved.cohort.name} (${approved.cohort.cohortId}); it is ${approved.cohort.state}.`,
      runSummary(approved.cohort),
      'Each matched pair is being introduced by email.',
    );
  });

  withJsonOption(
    cohortOption(
      match
        .command('end')
        .description(
          'End an approved match early and re-match that seeker alone; nobody else’s match moves.',
        ),
    )
      .requiredOption('--seeker <id>', 'the seeker’s participant id')
      .addOption(roleOption())
      .addOption(
        new Option('--reason <reason>', 'why the match ended').choices(END_REASONS).makeOptionMandatory(),
      ),
  ).action(
    async (
      options: CohortOptions & { seeker: string; role: SupportRole; reason: (typeof END_REASONS)[number] },
      command: Command,
    ) => {
      const api = await client(command);
      const next = await api.post<StoredMatch>(
        apiPath`/cohorts/${options.cohort}/matches/${options.seeker}/end`,
        { role: options.role, reason: options.reason },
        { fieldFlags: FIELD_FLAGS },
      );
      if (options.json) {
        printJson(io, next);
        return;
      }
      const { people } = await readView(api, options.cohort, options.seeker);
      const name = (id: string | undefined) => (id ? (people[id]?.name ?? id) : 'nobody');
      const title = roleTitle(options.role);
      printLines(
        io.stdout,
        `Ended the ${title} match of ${name(next.seekerId)} with ${name(next.endedWith?.at(-1))} (${options.reason}).`,
        next.status === 'matched'
          ? `New ${title}: ${name(next.supporterId)} (${next.supporterId}), score ${score(next.score)}; both are being introduced by email.`
          : `No new ${title}: ${reasonWords(next.reason)}.`,
      );
    },
  );
}

async function readView(api: ApiClient, cohortId: string, seekerId?: string): Promise<MatchesView> {
  return api.get<MatchesView>(
    seekerId ? apiPath`/cohorts/${cohortId}/matches/${seekerId}` : apiPath`/cohorts/${cohortId}/matches`,
  );
}

function change(
  api: ApiClient,
  cohortId: string,
  what: 'pins' | 'forbids' | 'swaps' | 'runs',
  body: Record<string, string>,
): Promise<Proposal> {
  return api.post<Proposal>(`${apiPath`/cohorts/${cohortId}/matches`}/${what}`, body, {
    fieldFlags: FIELD_FLAGS,
  });
}

/** After a change: the new run's totals and the lines of the seekers it was about, by name. */
async function reportChange(
  io: Io,
  api: ApiClient,
  options: CohortOptions,
  proposal: Proposal,
  seekers: string[],
  done: string,
): Promise<void> {
  if (options.json) {
    printJson(io, proposal);
    return;
  }
  const { people } = await readView(api, options.cohort);
  const view: MatchesView = { ...proposal, people };
  const touched = proposal.matches.filter((m) => seekers.includes(m.seekerId));
  printLines(io.stdout, `${done} ${runSummary(proposal.cohort)}`);
  if (touched.length > 0) io.stdout.write(matchTable(view, touched));
}

function matchTable(view: MatchesView, matches: readonly StoredMatch[]): string {
  const name = (id: string | undefined) => (id ? (view.people[id]?.name ?? id) : '');
  const rows = [...matches].sort(
    (a, b) =>
      name(a.seekerId).localeCompare(name(b.seekerId)) ||
      a.seekerId.localeCompare(b.seekerId) ||
      SUPPORT_ROLES.indexOf(a.role) - SUPPORT_ROLES.indexOf(b.role),
  );
  return renderTable(rows, [
    { header: 'SEEKER ID', value: (m) => m.seekerId },
    { header: 'SEEKER', value: (m) => name(m.seekerId) },
    { header: 'ROLE', value: (m) => m.role },
    {
      header: 'SUPPORTER',
      value: (m) => (m.status === 'matched' ? name(m.supporterId) : `unmatched: ${reasonWords(m.reason)}`),
    },
    { header: 'SCORE', value: (m) => (m.status === 'matched' ? score(m.score) : undefined), align: 'right' },
    { header: 'PINNED', value: (m) => (m.pinned ? 'yes' : undefined) },
  ]);
}

/** One seeker's needs, each with its factors in plain words, the alternatives and earlier supporters. */
function explanation(view: MatchesView, seekerId: string): string {
  const name = (id: string) => view.people[id]?.name ?? id;
  const person = (id: string) => `${name(id)} (${id})`;
  const needs = [...view.matches].sort(
    (a, b) => SUPPORT_ROLES.indexOf(a.role) - SUPPORT_ROLES.indexOf(b.role),
  );
  const lines = [`${person(seekerId)} seeks ${needs.map((m) => roleTitle(m.role)).join(', ')}.`];
  for (const need of needs) {
    const title = roleTitle(need.role);
    lines.push('');
    if (need.status === 'matched' && need.supporterId) {
      lines.push(
        `${capitalised(title)}: ${person(need.supporterId)}, score ${score(need.score)}${need.pinned ? ' (pinned by a coordinator)' : ''}`,
      );
      const factors = [...(need.factors ?? [])].sort((a, b) => b.points - a.points);
      const width = Math.max(0, ...factors.map((f) => signed(f.points).length));
      for (const factor of factors) lines.push(`  ${signed(factor.points).padStart(width)}  ${factor.says}`);
    } else {
      lines.push(`${capitalised(title)}: unmatched, because ${reasonWords(need.reason)}.`);
    }
    if (need.alternatives.length > 0) {
      lines.push('  Next best:');
      for (const option of need.alternatives)
        lines.push(`    ${person(option.supporterId)}, score ${score(option.score)}`);
    } else {
      lines.push('  Next best: nobody else could take this role.');
    }
    if (need.endedWith && need.endedWith.length > 0) {
      lines.push(`  Ended early with: ${need.endedWith.map(person).join(', ')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

type Outcome = FairnessReport['overall'];

function fairnessText(report: FairnessReport & { runId: string }): string {
  const rate = (o: Outcome) => `${(o.matchRate * 100).toFixed(1)} %`;
  const outcomeColumns = <T extends Outcome>(first: { header: string; value: (row: T) => string }) => [
    first,
    { header: 'SEEKERS', value: (o: T) => String(o.seekers), align: 'right' as const },
    { header: 'NEEDS', value: (o: T) => String(o.sought), align: 'right' as const },
    { header: 'MATCHED', value: (o: T) => String(o.matched), align: 'right' as const },
    { header: 'RATE', value: (o: T) => rate(o), align: 'right' as const },
    {
      header: 'MEAN SCORE',
      value: (o: T) => (o.meanScore === null ? '' : score(o.meanScore)),
      align: 'right' as const,
    },
  ];
  const parts = [
    `Fairness of run ${report.runId}: ${report.overall.matched} of ${report.overall.sought} needs matched (${rate(report.overall)}).`,
    '',
    renderTable(report.byRole, outcomeColumns({ header: 'ROLE', value: (r) => r.role })).trimEnd(),
  ];
  for (const { field, groups } of report.byIdentity) {
    const shown = groups.flatMap((g) => (g.suppressed ? [] : [{ ...g }]));
    const hidden = groups.length - shown.length;
    parts.push(
      '',
      renderTable(shown, outcomeColumns({ header: field.toUpperCase(), value: (g) => g.value })).trimEnd(),
    );
    if (hidden > 0)
      parts.push(
        `${hidden} group(s) hidden: each shown group has at least ${report.minimumGroupSize} people.`,
      );
  }
  if (report.byIdentity.length === 0)
    parts.push('', 'Nobody shared identity details, so there is no breakdown by group.');
  return `${parts.join('\n')}\n`;
}

function runSummary(cohort: Cohort): string {
  const run = cohort.matchingRun;
  if (!run) return `Cohort ${cohort.cohortId} is ${cohort.state}.`;
  return (
    `Run ${run.runId}: ${run.totals.matched} of ${run.totals.demand} needs matched, ` +
    `total score ${score(run.totals.score)} (cohort ${cohort.state}).`
  );
}

function reasonWords(reason: UnmatchedReason | undefined): string {
  return reason ? REASON_WORDS[reason] : 'no reason was given';
}

function roleTitle(role: SupportRole): string {
  return supportRoleDescriptions[role].title.toLowerCase();
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Scores are sums of weighted factors: one decimal says enough. */
function score(value: number | undefined): string {
  if (value === undefined) return '';
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function signed(points: number): string {
  return `${points >= 0 ? '+' : '−'}${score(Math.abs(points))}`;
}

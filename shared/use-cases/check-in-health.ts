import type { RoundSummary, StoredCheckIn } from '#shared/domain/check-ins/check-in.ts';
import { type RoundHealth, roundHealth, summariseRound } from '#shared/domain/check-ins/health.ts';
import { NotFoundError } from '#shared/domain/errors.ts';
import type { Deps } from './deps.ts';

type HealthDeps = Pick<Deps, 'clock' | 'cohorts' | 'participants' | 'checkIns'>;

export interface CheckInHealth {
  cohortId: string;
  state: string;
  checkInEveryDays: number;
  /** When rounds count from; absent until the check-ins have started. */
  anchoredAt?: string;
  rounds: RoundHealth[];
  atRiskPairs: { round: number; seekerId: string; role: string; supporterId: string; reasons: string[] }[];
  flaggedSupporters: { participantId: string; flaggedAt: string; lowEnergyRounds: number[] }[];
  helpRequests: { round: number; participantId: string; requestedAt: string }[];
  closedPairs: { seekerId: string; role: string; supporterId: string; closedAt: string }[];
}

/**
 * A cohort's check-in health, per round: closed rounds from the counts kept at close, the open
 * round counted live from its answers; and the alert log (ids only: the coordinator looks names
 * up in the matches view, and nothing personal is in this answer beyond that).
 */
export async function viewCheckInHealth(deps: HealthDeps, cohortId: string): Promise<CheckInHealth> {
  const now = deps.clock.now();
  const cohort = await deps.cohorts.get(cohortId);
  if (!cohort) throw new NotFoundError(`There is no cohort ${cohortId}.`);
  const [plan, rounds, notices] = await Promise.all([
    deps.checkIns.plan(cohortId),
    deps.checkIns.rounds(cohortId),
    deps.checkIns.notices(cohortId),
  ]);
  const health: RoundHealth[] = [];
  for (const round of rounds) {
    let summary: RoundSummary | undefined = round.summary;
    if (!summary) {
      const answers: StoredCheckIn[] = [];
      if (Date.parse(round.opensAt) <= now.getTime())
        for await (const c of deps.checkIns.checkInsOf(cohortId, round.round)) answers.push(c);
      summary = summariseRound(answers, 0);
    }
    health.push(roundHealth(round, summary, now));
  }
  const flagged = notices.filter((n) => n.kind === 'supporter-flagged' && !n.clearedAt);
  const flaggedSupporters = await Promise.all(
    [...new Set(flagged.map((n) => n.participantId as string))].map(async (participantId) => {
      const person = await deps.participants.get(cohortId, participantId);
      return {
        participantId,
        flaggedAt: person?.energyFlaggedAt ?? flagged.find((n) => n.participantId === participantId)!.at,
        lowEnergyRounds: person?.lowEnergyRounds ?? [],
      };
    }),
  );
  return {
    cohortId,
    state: cohort.state,
    checkInEveryDays: cohort.checkInEveryDays,
    ...(plan ? { anchoredAt: plan.anchoredAt } : {}),
    rounds: health,
    atRiskPairs: notices
      .filter((n) => n.kind === 'pair-at-risk' && n.pair)
      .map((n) => ({ round: n.round ?? 0, ...n.pair!, reasons: n.reasons ?? [] })),
    flaggedSupporters,
    helpRequests: notices
      .filter((n) => n.kind === 'help-request')
      .map((n) => ({ round: n.round ?? 0, participantId: n.participantId as string, requestedAt: n.at })),
    closedPairs: notices
      .filter((n) => n.kind === 'pair-closed' && n.pair)
      .map((n) => ({ ...n.pair!, closedAt: n.at })),
  };
}

/**
 * The coordinator has talked with a tired supporter and clears the flag: they can be matched
 * again, and two more low-energy rounds would flag them anew. Clearing twice is harmless.
 */
export async function clearSupporterFlag(
  deps: Pick<Deps, 'clock' | 'participants' | 'checkIns'>,
  cohortId: string,
  participantId: string,
): Promise<{ participantId: string; cleared: boolean }> {
  const now = deps.clock.now();
  const person = await deps.participants.get(cohortId, participantId);
  if (!person) throw new NotFoundError(`There is no participant ${participantId} in cohort ${cohortId}.`);
  const cleared = await deps.checkIns.clearFlag(cohortId, participantId, now);
  await deps.checkIns.clearNotices(cohortId, 'supporter-flagged', participantId, now);
  return { participantId, cleared };
}

import type { Cohort } from '#shared/domain/cohort.ts';
import { ConflictError, NotFoundError, ValidationError } from '#shared/domain/errors.ts';
import { fairnessReport } from '#shared/domain/matching/fairness.ts';
import type { SupportRole } from '#shared/domain/support-roles.ts';
import { MatchesApproved } from '#shared/events/matches-approved.ts';
import type { StoredMatch } from '#shared/ports/match-store.ts';
import type { Deps } from './deps.ts';
import { cohortParticipants, type MatchDeps, proposeMatches } from './propose-matches.ts';

export interface MatchesView {
  cohort: Cohort;
  matches: StoredMatch[];
  /** Names for every id in `matches`, so a coordinator reads people, not ids. */
  people: Record<string, { name: string }>;
}

async function cohortUnderReview(deps: Pick<Deps, 'cohorts'>, cohortId: string) {
  const cohort = await deps.cohorts.get(cohortId);
  if (!cohort) throw new NotFoundError(`There is no cohort ${cohortId}.`);
  if (!cohort.matchingRun)
    throw new ConflictError(`Cohort ${cohortId} has no proposed matches yet: intake must close first.`);
  return { cohort, run: cohort.matchingRun };
}

export async function viewMatches(
  deps: Pick<Deps, 'cohorts' | 'matches' | 'participants'>,
  cohortId: string,
  seekerId?: string,
): Promise<MatchesView> {
  const { cohort, run } = await cohortUnderReview(deps, cohortId);
  const all = await deps.matches.matchesOf(cohortId, run.runId);
  const matches = seekerId ? all.filter((m) => m.seekerId === seekerId) : all;
  if (seekerId && matches.length === 0)
    throw new NotFoundError(`${seekerId} sought no support in cohort ${cohortId}.`);
  const people: MatchesView['people'] = {};
  for (const participant of await cohortParticipants(deps, cohortId))
    people[participant.participantId] = { name: participant.name };
  return { cohort, matches, people };
}

/**
 * The fairness report of the run under review: match rate and mean score by role, and by the
 * identity groups people chose to share, each shown only with at least 5 people in it. Who
 * sought what comes from the run itself, so the report describes exactly what was proposed.
 */
export async function viewFairness(
  deps: Pick<Deps, 'cohorts' | 'matches' | 'participants'>,
  cohortId: string,
) {
  const { run } = await cohortUnderReview(deps, cohortId);
  const matches = await deps.matches.matchesOf(cohortId, run.runId);
  const identityOf = new Map(
    (await cohortParticipants(deps, cohortId)).map((p) => [p.participantId, p.application?.identity?.fields]),
  );
  const seeks = new Map<string, SupportRole[]>();
  for (const match of matches) seeks.set(match.seekerId, [...(seeks.get(match.seekerId) ?? []), match.role]);
  const seekers = [...seeks].map(([personId, roles]) => {
    const fields = identityOf.get(personId);
    return { personId, seeks: roles, ...(fields ? { identity: { fields } } : {}) };
  });
  const scored = matches.flatMap((m) =>
    m.status === 'matched' && m.score !== undefined
      ? [{ seekerId: m.seekerId, role: m.role, score: m.score }]
      : [],
  );
  return { cohortId, runId: run.runId, ...fairnessReport(seekers, scored) };
}

/** Both people must be in the cohort; the solver then checks every rule and names both if one breaks. */
async function assertPeople(deps: Pick<Deps, 'participants'>, cohortId: string, ids: Record<string, string>) {
  for (const [field, id] of Object.entries(ids)) {
    if (!(await deps.participants.get(cohortId, id))) {
      throw new ValidationError(`There is no ${field} ${id} in this cohort.`, [
        { field, message: `${id} is not in cohort ${cohortId}` },
      ]);
    }
  }
}

export async function pinMatch(
  deps: MatchDeps,
  cohortId: string,
  pin: { seekerId: string; supporterId: string; role: SupportRole },
) {
  await cohortUnderReview(deps, cohortId);
  await assertPeople(deps, cohortId, { seekerId: pin.seekerId, supporterId: pin.supporterId });
  return proposeMatches(deps, cohortId, [{ pin }]);
}

export async function forbidMatch(
  deps: MatchDeps,
  cohortId: string,
  forbid: { seekerId: string; supporterId: string },
) {
  await assertPeople(deps, cohortId, { seekerId: forbid.seekerId, supporterId: forbid.supporterId });
  return proposeMatches(deps, cohortId, [{ forbid }]);
}

/** Two seekers trade supporters in one role: two pins, tried together. */
export async function swapMatches(
  deps: MatchDeps,
  cohortId: string,
  swap: { seekerA: string; seekerB: string; role: SupportRole },
) {
  const { run } = await cohortUnderReview(deps, cohortId);
  const matches = await deps.matches.matchesOf(cohortId, run.runId);
  const supporterOf = (seekerId: string) => {
    const supporterId = matches.find(
      (m) => m.seekerId === seekerId && m.role === swap.role && m.status === 'matched',
    )?.supporterId;
    if (!supporterId) {
      throw new ValidationError('Only two matched seekers can swap.', [
        {
          field: seekerId === swap.seekerA ? 'seekerA' : 'seekerB',
          message: `${seekerId} has no ${swap.role} to swap`,
        },
      ]);
    }
    return supporterId;
  };
  const [a, b] = [supporterOf(swap.seekerA), supporterOf(swap.seekerB)];
  return proposeMatches(deps, cohortId, [
    { pin: { seekerId: swap.seekerA, supporterId: b, role: swap.role } },
    { pin: { seekerId: swap.seekerB, supporterId: a, role: swap.role } },
  ]);
}

/**
 * Approval makes the current run the cohort's matches (matching → matched) and publishes
 * `MatchesApproved`; the matching job then sends the introductions. Approving again is
 * harmless: the event is published again and the introductions' send keys stop repeats.
 */
export async function approveMatches(
  deps: Pick<Deps, 'cohorts' | 'events' | 'clock'>,
  cohortId: string,
): Promise<Cohort> {
  const { cohort, run } = await cohortUnderReview(deps, cohortId);
  const approved = cohort.state === 'matching' ? await deps.cohorts.transition(cohort, 'matched') : cohort;
  if (approved.state !== 'matched')
    throw new ConflictError(`Cohort ${cohortId} is ${approved.state}; there is nothing to approve.`);
  await deps.events.publish([
    MatchesApproved.create({ cohortId, runId: run.runId }, deps.clock.now(), `MatchesApproved:${run.runId}`),
  ]);
  return approved;
}

import type { Cohort } from '#shared/domain/cohort.ts';
import { ConflictError, NotFoundError, ValidationError } from '#shared/domain/errors.ts';
import { newId } from '#shared/domain/ids.ts';
import { type CohortAdjustments, cohortMatchingInput } from '#shared/domain/matching/cohort-input.ts';
import { matchCohort } from '#shared/domain/matching/match-cohort.ts';
import type { Participant } from '#shared/domain/participant.ts';
import { MatchesProposed } from '#shared/events/matches-proposed.ts';
import type { MatchingRun, StoredMatch } from '#shared/ports/match-store.ts';
import type { Deps } from './deps.ts';

export type MatchDeps = Pick<Deps, 'clock' | 'programs' | 'cohorts' | 'participants' | 'matches' | 'events'>;

/** A coordinator's change to try: stored only if the run with it succeeds. */
export type Adjustment =
  | { pin: CohortAdjustments['pins'][number] }
  | { forbid: CohortAdjustments['forbids'][number] };

export async function cohortParticipants(
  deps: Pick<Deps, 'participants'>,
  cohortId: string,
): Promise<Participant[]> {
  const participants: Participant[] = [];
  for await (const participant of deps.participants.all(cohortId)) participants.push(participant);
  return participants;
}

/** The solver knows people by id; a coordinator reads names, so refusals name both. */
function withNames<T>(participants: Participant[], solve: () => T): T {
  try {
    return solve();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const named = (text: string) =>
      participants.reduce((t, p) => t.replaceAll(p.participantId, `${p.name} (${p.participantId})`), text);
    throw new ValidationError(
      named(error.message),
      error.problems.map((problem) => ({ ...problem, message: named(problem.message) })),
    );
  }
}

/**
 * Primary course:
 * 1. The cohort must have closed intake (it moves to `matching`) or be under review already.
 * 2. Build the solver's input from the applicants, what they carry from other cohorts, the
 *    program's matching weights and rules, and the coordinator's pins and forbids (plus the
 *    adjustments being tried now).
 * 3. Solve (exact; a pin that breaks a rule is refused naming both people, and nothing changes).
 * 4. Store the run's matches, then make it the cohort's current run in one conditional write.
 * 5. Store the tried adjustments, and publish `MatchesProposed`.
 */
export async function proposeMatches(
  deps: MatchDeps,
  cohortId: string,
  tried: Adjustment[] = [],
): Promise<{ cohort: Cohort; matches: StoredMatch[] }> {
  let cohort = await deps.cohorts.get(cohortId);
  if (!cohort) throw new NotFoundError(`There is no cohort ${cohortId}.`);
  if (cohort.state === 'intake_closed') cohort = await deps.cohorts.transition(cohort, 'matching');
  if (cohort.state !== 'matching') {
    throw new ConflictError(
      `Cohort ${cohortId} is ${cohort.state}: matches are proposed after intake closes and before they are approved.`,
    );
  }
  const participants = await cohortParticipants(deps, cohortId);
  const [program, history, stored] = await Promise.all([
    deps.programs.get(cohort.programId),
    deps.matches.history(
      participants.map((p) => p.emailNormalised),
      cohortId,
      cohort.programStartsAt,
    ),
    deps.matches.adjustments(cohortId),
  ]);
  const adjustments: CohortAdjustments = {
    pins: [
      ...stored.pins.filter(
        (p) => !tried.some((t) => 'pin' in t && t.pin.seekerId === p.seekerId && t.pin.role === p.role),
      ),
      ...tried.flatMap((t) => ('pin' in t ? [t.pin] : [])),
    ],
    forbids: [...stored.forbids, ...tried.flatMap((t) => ('forbid' in t ? [t.forbid] : []))],
  };
  const result = withNames(participants, () =>
    matchCohort(cohortMatchingInput(participants, history, adjustments, program?.matching)),
  );

  const now = deps.clock.now();
  const run: MatchingRun = { runId: newId('run'), proposedAt: now.toISOString(), totals: result.totals };
  const alternativesOf = new Map(result.alternatives.map((a) => [`${a.seekerId}#${a.role}`, a.options]));
  const matches: StoredMatch[] = [
    ...result.matches.map((m) => ({
      cohortId,
      runId: run.runId,
      seekerId: m.seekerId,
      role: m.role,
      status: 'matched' as const,
      supporterId: m.supporterId,
      score: m.score,
      factors: m.factors,
      pinned: m.pinned,
      alternatives: alternativesOf.get(`${m.seekerId}#${m.role}`) ?? [],
    })),
    ...result.unmatched.map((u) => ({
      cohortId,
      runId: run.runId,
      seekerId: u.seekerId,
      role: u.role,
      status: 'unmatched' as const,
      reason: u.reason,
      alternatives: alternativesOf.get(`${u.seekerId}#${u.role}`) ?? [],
    })),
  ];
  const saved = await deps.matches.saveRun(cohort, run, matches);
  for (const adjustment of tried) {
    if ('pin' in adjustment) await deps.matches.addPin(cohortId, adjustment.pin);
    else await deps.matches.addForbid(cohortId, adjustment.forbid);
  }
  await deps.events.publish([
    MatchesProposed.create(
      { cohortId, runId: run.runId, matched: result.matches.length, unmatched: result.unmatched.length },
      now,
    ),
  ]);
  return { cohort: saved, matches };
}

import { ConflictError, NotFoundError } from '#shared/domain/errors.ts';
import { cohortMatchingInput } from '#shared/domain/matching/cohort-input.ts';
import { matchCohort } from '#shared/domain/matching/match-cohort.ts';
import type { SupportRole } from '#shared/domain/support-roles.ts';
import type { StoredMatch } from '#shared/ports/match-store.ts';
import type { Deps } from './deps.ts';
import { introductionJobs } from './introductions.ts';
import { cohortParticipants } from './propose-matches.ts';

/**
 * Primary course (a match ended early: "not a fit", or someone left):
 * 1. The match must be in effect (the cohort's matches are approved).
 * 2. Never pair these two again (a forbid), and free the supporter's place.
 * 3. Solve for this one seeker and role alone, against what every supporter has left after
 *    the cohort's other matches, so nobody else's match moves and nobody is overloaded.
 * 4. Store the new match (or the reason there is none) and introduce the new pair.
 */
export async function rematchSeeker(
  deps: Pick<
    Deps,
    'cohorts' | 'programs' | 'participants' | 'matches' | 'sendQueue' | 'signingKey' | 'publicBaseUrl'
  >,
  cohortId: string,
  seekerId: string,
  role: SupportRole,
): Promise<StoredMatch> {
  const cohort = await deps.cohorts.get(cohortId);
  if (!cohort) throw new NotFoundError(`There is no cohort ${cohortId}.`);
  if (!cohort.matchingRun || (cohort.state !== 'matched' && cohort.state !== 'running')) {
    throw new ConflictError(`Cohort ${cohortId} is ${cohort.state}: only approved matches can end early.`);
  }
  const program = await deps.programs.get(cohort.programId);
  const matches = await deps.matches.matchesOf(cohortId, cohort.matchingRun.runId);
  const current = matches.find((m) => m.seekerId === seekerId && m.role === role);
  if (!current?.supporterId || current.status !== 'matched') {
    throw new NotFoundError(`${seekerId} has no ${role} match in effect in cohort ${cohortId}.`);
  }
  const forbid = { seekerId, supporterId: current.supporterId };
  await deps.matches.addForbid(cohortId, forbid);

  const participants = await cohortParticipants(deps, cohortId);
  const [history, adjustments] = await Promise.all([
    deps.matches.history(
      participants.map((p) => p.emailNormalised),
      cohortId,
      cohort.programStartsAt,
    ),
    deps.matches.adjustments(cohortId),
  ]);
  const full = cohortMatchingInput(participants, history, adjustments, program?.matching);
  const used = new Map<string, { total: number; byRole: Map<SupportRole, number> }>();
  for (const m of matches) {
    if (m.status !== 'matched' || !m.supporterId || m === current) continue;
    const entry = used.get(m.supporterId) ?? { total: 0, byRole: new Map() };
    entry.total += 1;
    entry.byRole.set(m.role, (entry.byRole.get(m.role) ?? 0) + 1);
    used.set(m.supporterId, entry);
  }
  const seeker = full.seekers.find((s) => s.personId === seekerId);
  const result = matchCohort({
    ...full,
    seekers: seeker ? [{ ...seeker, seeks: [role] }] : [],
    supporters: full.supporters.map((s) => {
      const taken = used.get(s.personId);
      return {
        ...s,
        offers: s.offers.map((o) => ({
          ...o,
          capacity: Math.max(0, o.capacity - (taken?.byRole.get(o.role) ?? 0)),
        })),
        currentLoadElsewhere: s.currentLoadElsewhere + (taken?.total ?? 0),
      };
    }),
    // Other seekers' pins are about their own matches, which stay as they are.
    pins: [],
  });
  const found = result.matches[0];
  const next: StoredMatch = {
    ...current,
    endedWith: [...(current.endedWith ?? []), current.supporterId],
    alternatives: result.alternatives[0]?.options ?? [],
    ...(found
      ? {
          status: 'matched',
          supporterId: found.supporterId,
          score: found.score,
          factors: found.factors,
          pinned: false,
        }
      : {
          status: 'unmatched',
          supporterId: undefined,
          score: undefined,
          factors: undefined,
          reason: result.unmatched[0]?.reason,
        }),
  };
  await deps.matches.putMatch(next);
  // The old supporter has a place free again, the new one a place taken: their loads count in
  // concurrent cohorts.
  const changed = [current.supporterId, ...(found ? [found.supporterId] : [])];
  const updated = matches.map((m) => (m === current ? next : m));
  await deps.matches.recordOutcome(
    cohortId,
    cohort.programEndsAt,
    changed.map((participantId) => ({
      participantId,
      supporting: updated.filter((m) => m.status === 'matched' && m.supporterId === participantId).length,
      unmatchedRoles: updated
        .filter((m) => m.status === 'unmatched' && m.seekerId === participantId)
        .map((m) => m.role),
    })),
  );
  if (found && program) {
    const people = new Map(participants.map((p) => [p.participantId, p]));
    await deps.sendQueue.enqueue(
      await introductionJobs(deps, program, cohort, { ...next, supporterId: found.supporterId }, people),
    );
  }
  return next;
}

import type { Cohort } from '#shared/domain/cohort.ts';
import type { Participant } from '#shared/domain/participant.ts';
import type { Program } from '#shared/domain/program.ts';
import type { SupportRole } from '#shared/domain/support-roles.ts';
import { renderIntroductionEmail } from '#shared/emails/introduction.ts';
import type { StoredMatch } from '#shared/ports/match-store.ts';
import type { SendJob } from '#shared/ports/send-queue.ts';
import type { Deps } from './deps.ts';
import { unsubscribeUrl } from './participant-links.ts';
import { cohortParticipants } from './propose-matches.ts';

/**
 * The two introduction emails of one match. The send key names the pair, so each person is
 * introduced to each supporter once, however often approval is replayed; a re-match is a new
 * pair and so a new introduction.
 */
export async function introductionJobs(
  deps: Pick<Deps, 'signingKey' | 'publicBaseUrl'>,
  program: Program,
  cohort: Cohort,
  match: StoredMatch & { supporterId: string },
  people: ReadonlyMap<string, Participant>,
): Promise<SendJob[]> {
  const seeker = people.get(match.seekerId);
  const supporter = people.get(match.supporterId);
  if (!seeker || !supporter) return [];
  const pair = `${match.seekerId}-${match.role}-${match.supporterId}`;
  const capacity = supporter.application?.offers.find((o) => o.role === match.role)?.capacity;
  return Promise.all(
    [
      { to: seeker, other: supporter, side: 'seeker' as const },
      { to: supporter, other: seeker, side: 'supporter' as const },
    ].map(async ({ to, other, side }) => {
      const unsubscribe = await unsubscribeUrl(deps, cohort, to.participantId);
      return {
        sendKey: `introduction#${to.participantId}#${pair}`,
        kind: 'introduction',
        recipientId: to.participantId,
        to: to.email,
        unsubscribeUrl: unsubscribe,
        ...renderIntroductionEmail({
          programName: program.name,
          cohortName: cohort.name,
          role: match.role,
          to: { name: to.name, side },
          other: { name: other.name, email: other.email },
          factors: match.factors ?? [],
          ...(side === 'supporter' && capacity !== undefined ? { capacity } : {}),
          unsubscribeUrl: unsubscribe,
        }),
      };
    }),
  );
}

/**
 * After approval (the `MatchesApproved` event): introduce every matched pair, and record on each
 * participant what this cohort asks of them, so their load counts in concurrent cohorts and an
 * unmatched seeker gets priority next time. Idempotent: send keys and plain overwrites.
 */
export async function sendIntroductions(
  deps: Pick<
    Deps,
    'cohorts' | 'programs' | 'participants' | 'matches' | 'sendQueue' | 'signingKey' | 'publicBaseUrl'
  >,
  cohortId: string,
  runId: string,
): Promise<number> {
  const cohort = await deps.cohorts.get(cohortId);
  const program = cohort && (await deps.programs.get(cohort.programId));
  if (!cohort || !program || cohort.matchingRun?.runId !== runId) return 0;
  const people = new Map((await cohortParticipants(deps, cohortId)).map((p) => [p.participantId, p]));
  const matches = await deps.matches.matchesOf(cohortId, runId);
  const jobs: SendJob[] = [];
  const supporting = new Map<string, number>();
  const unmatched = new Map<string, SupportRole[]>();
  for (const match of matches) {
    if (match.status === 'matched' && match.supporterId) {
      jobs.push(
        ...(await introductionJobs(
          deps,
          program,
          cohort,
          { ...match, supporterId: match.supporterId },
          people,
        )),
      );
      supporting.set(match.supporterId, (supporting.get(match.supporterId) ?? 0) + 1);
    } else if (match.status === 'unmatched') {
      unmatched.set(match.seekerId, [...(unmatched.get(match.seekerId) ?? []), match.role]);
    }
  }
  await deps.sendQueue.enqueue(jobs);
  const involved = new Set([...supporting.keys(), ...unmatched.keys()]);
  await deps.matches.recordOutcome(
    cohortId,
    cohort.programEndsAt,
    [...involved].map((participantId) => ({
      participantId,
      supporting: supporting.get(participantId) ?? 0,
      unmatchedRoles: unmatched.get(participantId) ?? [],
    })),
  );
  return jobs.length;
}

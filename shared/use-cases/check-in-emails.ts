import type { Side } from '#shared/domain/check-ins/answers.ts';
import type { RoundState, StoredCheckIn } from '#shared/domain/check-ins/check-in.ts';
import { type Pair, pairKey } from '#shared/domain/check-ins/check-in-ref.ts';
import type { Cohort } from '#shared/domain/cohort.ts';
import type { Participant } from '#shared/domain/participant.ts';
import type { Program } from '#shared/domain/program.ts';
import { formatInZone } from '#shared/domain/zoned-time.ts';
import { renderCheckInEmail } from '#shared/emails/check-in.ts';
import {
  type DigestLine,
  renderAppreciationEmail,
  renderCheckInDigestEmail,
  renderPairClosedEmail,
  renderSupportRequestEmail,
} from '#shared/emails/check-in-notices.ts';
import type { SendJob } from '#shared/ports/send-queue.ts';
import type { Deps } from './deps.ts';
import { checkInUrl, unsubscribeUrl } from './participant-links.ts';

type LinkDeps = Pick<Deps, 'signingKey' | 'publicBaseUrl'>;

/** A cohort and what its emails need: the program, and everyone by id. */
export interface CohortContext {
  program: Program;
  cohort: Cohort;
  people: ReadonlyMap<string, Participant>;
}

/**
 * Send keys name (kind, cohort, occurrence, pair, person): a retried job, a replayed page or a
 * second run queue the same key, and the sender sends it once.
 */
export const sendKeys = {
  checkIn: (cohortId: string, round: number, pair: Pair, participantId: string, reminder: boolean) =>
    `${reminder ? 'check-in-reminder' : 'check-in'}:${cohortId}:${round}:${pairKey(pair)}:${participantId}`,
};

/** The check-in (or its reminder) for one person of one pair; undefined when they are gone (erased). */
export async function checkInJob(
  deps: LinkDeps,
  context: CohortContext,
  round: RoundState,
  pair: Pair,
  side: Side,
  reminder: boolean,
): Promise<SendJob | undefined> {
  const to = context.people.get(side === 'seeker' ? pair.seekerId : pair.supporterId);
  const other = context.people.get(side === 'seeker' ? pair.supporterId : pair.seekerId);
  if (!to || !other) return undefined;
  const ref = { cohortId: context.cohort.cohortId, round: round.round, ...pair };
  const unsubscribe = await unsubscribeUrl(deps, context.cohort, to.participantId);
  return {
    sendKey: sendKeys.checkIn(ref.cohortId, round.round, pair, to.participantId, reminder),
    kind: reminder ? 'check-in-reminder' : 'check-in',
    recipientId: to.participantId,
    to: to.email,
    unsubscribeUrl: unsubscribe,
    ...renderCheckInEmail({
      programName: context.program.name,
      to: { name: to.name, side },
      otherName: other.name,
      role: pair.role,
      fitCheck: round.fitCheck,
      checkInUrl: await checkInUrl(deps, ref, to.participantId, round.closesAt),
      closesAtText: formatInZone(round.closesAt, context.cohort.timeZone),
      reminder,
      unsubscribeUrl: unsubscribe,
    }),
  };
}

/** The supporter's note to the seeker: once per check-in, whatever is edited later. */
export async function appreciationJob(
  deps: LinkDeps,
  context: CohortContext,
  checkIn: StoredCheckIn,
): Promise<SendJob | undefined> {
  const seeker = context.people.get(checkIn.seekerId);
  const supporter = context.people.get(checkIn.supporterId);
  if (!seeker || !supporter || !checkIn.answer.appreciation) return undefined;
  const unsubscribe = await unsubscribeUrl(deps, context.cohort, seeker.participantId);
  return {
    sendKey: `appreciation:${checkIn.cohortId}:${checkIn.round}:${pairKey(checkIn)}`,
    kind: 'appreciation',
    recipientId: seeker.participantId,
    to: seeker.email,
    unsubscribeUrl: unsubscribe,
    ...renderAppreciationEmail({
      programName: context.program.name,
      seekerName: seeker.name,
      supporterName: supporter.name,
      note: checkIn.answer.appreciation,
      unsubscribeUrl: unsubscribe,
    }),
  };
}

export async function pairClosedJobs(
  deps: LinkDeps,
  context: CohortContext,
  pair: Pair,
  inactiveDays: number,
): Promise<SendJob[]> {
  const jobs: SendJob[] = [];
  for (const [id, otherId] of [
    [pair.seekerId, pair.supporterId],
    [pair.supporterId, pair.seekerId],
  ] as const) {
    const to = context.people.get(id);
    const other = context.people.get(otherId);
    if (!to || !other) continue;
    const unsubscribe = await unsubscribeUrl(deps, context.cohort, to.participantId);
    jobs.push({
      sendKey: `pair-closed:${context.cohort.cohortId}:${pairKey(pair)}:${to.participantId}`,
      kind: 'pair-closed',
      recipientId: to.participantId,
      to: to.email,
      unsubscribeUrl: unsubscribe,
      ...renderPairClosedEmail({
        programName: context.program.name,
        name: to.name,
        otherName: other.name,
        role: pair.role,
        inactiveDays,
        ...(context.program.coordinatorEmails[0]
          ? { coordinatorEmail: context.program.coordinatorEmails[0] }
          : {}),
        unsubscribeUrl: unsubscribe,
      }),
    });
  }
  return jobs;
}

/** Coordinators are identified by program and position only, as in the intake summary. */
const coordinatorId = (program: Program, index: number) => `coordinator-${program.programId}-${index}`;

export function supportRequestJobs(context: CohortContext, checkIn: StoredCheckIn): SendJob[] {
  const requester = context.people.get(checkIn.participantId);
  if (!requester) return [];
  const email = renderSupportRequestEmail({
    programName: context.program.name,
    cohortName: context.cohort.name,
    round: checkIn.round,
    requesterName: requester.name,
    requesterEmail: requester.email,
    side: checkIn.side,
    role: checkIn.role,
    ...(checkIn.answer.helpNote ? { note: checkIn.answer.helpNote } : {}),
  });
  return context.program.coordinatorEmails.map((to, index) => ({
    sendKey: `support-request:${checkIn.cohortId}:${checkIn.round}:${pairKey(checkIn)}:${checkIn.participantId}:${index}`,
    kind: 'support-request',
    recipientId: coordinatorId(context.program, index),
    to,
    ...email,
  }));
}

export function digestJobs(context: CohortContext, date: string, lines: readonly DigestLine[]): SendJob[] {
  const email = renderCheckInDigestEmail({
    programName: context.program.name,
    cohortName: context.cohort.name,
    date,
    lines,
  });
  return context.program.coordinatorEmails.map((to, index) => ({
    sendKey: `check-in-digest:${context.cohort.cohortId}:${date}:${index}`,
    kind: 'check-in-digest',
    recipientId: coordinatorId(context.program, index),
    to,
    ...email,
  }));
}

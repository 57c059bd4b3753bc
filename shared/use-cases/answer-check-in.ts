import { type Asked, type CheckInAnswer, checkAnswer, isAnswered } from '#shared/domain/check-ins/answers.ts';
import {
  CheckInClosedError,
  type RoundState,
  type StoredCheckIn,
} from '#shared/domain/check-ins/check-in.ts';
import { type CheckInRef, decodeCheckInRef, pairKey, sideOf } from '#shared/domain/check-ins/check-in-ref.ts';
import type { Cohort } from '#shared/domain/cohort.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '#shared/domain/errors.ts';
import { verifyLink } from '#shared/domain/link-token.ts';
import type { Participant } from '#shared/domain/participant.ts';
import type { Program } from '#shared/domain/program.ts';
import { CheckInAnswered } from '#shared/events/check-in-answered.ts';
import { SupportRequested } from '#shared/events/support-requested.ts';
import { appreciationJob, type CohortContext, supportRequestJobs } from './check-in-emails.ts';
import type { Deps } from './deps.ts';
import { rematchSeeker } from './rematch-seeker.ts';

type PageDeps = Pick<
  Deps,
  | 'signingKey'
  | 'clock'
  | 'cohorts'
  | 'programs'
  | 'participants'
  | 'checkIns'
  | 'matches'
  | 'sendQueue'
  | 'events'
  | 'publicBaseUrl'
>;

/** What a check-in link opens: whose, about whom, and whether answers are still taken. */
export interface CheckInContext {
  ref: CheckInRef;
  program: Program;
  cohort: Cohort;
  round: RoundState;
  participant: Participant;
  other: Participant | undefined;
  asked: Asked;
  stored: StoredCheckIn | undefined;
  /** False once the round closed or the pair ended (re-matched or closed). */
  open: boolean;
}

/**
 * Primary course: check the link (signature, expiry, purpose), read which check-in it names,
 * make sure its holder is one of that pair (a link cannot act on someone else's match), and
 * load the answer so far. Records nothing: a GET shows this.
 */
export async function openCheckIn(deps: PageDeps, token: string): Promise<CheckInContext> {
  const now = deps.clock.now();
  const claims = verifyLink(await deps.signingKey.get(), token, 'check-in', now);
  const ref = decodeCheckInRef(claims.item);
  const side = sideOf(ref, claims.subject);
  if (!side) throw new ForbiddenError('This check-in is about a pairing you are not part of.');
  const [cohort, participant, other, rounds, pairs, stored] = await Promise.all([
    deps.cohorts.get(ref.cohortId),
    deps.participants.get(ref.cohortId, claims.subject),
    deps.participants.get(ref.cohortId, side === 'seeker' ? ref.supporterId : ref.seekerId),
    deps.checkIns.rounds(ref.cohortId),
    deps.checkIns.pairs(ref.cohortId, [pairKey(ref)]),
    deps.checkIns.getCheckIn(ref, claims.subject),
  ]);
  const program = cohort && (await deps.programs.get(cohort.programId));
  const round = rounds.find((r) => r.round === ref.round);
  if (!cohort || !program || !participant || !round)
    throw new NotFoundError('This check-in no longer exists.');
  const pair = pairs.get(pairKey(ref));
  const open =
    round.step !== 'skipped' &&
    now.getTime() < Date.parse(round.closesAt) &&
    pair !== undefined &&
    !pair.closedAt;
  return {
    ref,
    program,
    cohort,
    round,
    participant,
    other,
    asked: { side, role: ref.role, fitCheck: round.fitCheck },
    stored,
    open,
  };
}

const sameAnswer = (a: CheckInAnswer, b: CheckInAnswer) =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/**
 * Primary course (the POST):
 * 1. Check the answer for this person (ValidationError names the field).
 * 2. The same answer again (a replayed POST, a double click) records nothing new.
 * 3. Otherwise write it with a conditional write: only while the round is open, only over the
 *    revision read. A help request, a note of appreciation or a re-match mark the check-in due.
 * 4. Publish `CheckInAnswered`, then do the follow-ups at once; if that fails, the check-ins job
 *    finds the check-in in the due index and finishes them.
 */
export async function saveCheckInAnswer(
  deps: PageDeps,
  context: CheckInContext,
  input: unknown,
): Promise<StoredCheckIn> {
  const now = deps.clock.now();
  const answer = checkAnswer(context.asked, input);
  const stored = context.stored;
  // A replay is answered as the first POST was, even once the pairing has moved on (a re-match).
  if (stored && sameAnswer(stored.answer, answer)) {
    if (followUpsPending(stored)) await runFollowUps(deps, stored);
    return stored;
  }
  if (!context.open) throw new CheckInClosedError('This check-in has closed.');
  if (!stored && !isAnswered(answer)) return { ...draft(context, answer, now), revision: 0 };
  const next: StoredCheckIn = {
    ...(stored ?? {}),
    ...draft(context, answer, now),
    revision: (stored?.revision ?? 0) + 1,
    ...(answer.help && !stored?.helpRequestedAt ? { helpRequestedAt: now.toISOString() } : {}),
  };
  try {
    await deps.checkIns.saveAnswer(next, stored?.revision ?? 0, now, followUpsPending(next));
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    // Two identical POSTs at once: the other one recorded this very answer.
    const current = await deps.checkIns.getCheckIn(context.ref, context.participant.participantId);
    if (current && sameAnswer(current.answer, answer)) return current;
    throw error;
  }
  await deps.events.publish([
    CheckInAnswered.create(
      {
        ...context.ref,
        participantId: next.participantId,
        ...(answer.met !== undefined ? { met: answer.met } : {}),
        ...(answer.rating !== undefined ? { rating: answer.rating } : {}),
      },
      now,
      `CheckInAnswered:${context.ref.cohortId}:${context.ref.round}:${pairKey(context.ref)}:${next.participantId}:${next.revision}`,
    ),
  ]);
  if (followUpsPending(next)) await runFollowUps(deps, next);
  return next;
}

function draft(context: CheckInContext, answer: CheckInAnswer, now: Date): Omit<StoredCheckIn, 'revision'> {
  return {
    ...context.ref,
    participantId: context.participant.participantId,
    side: context.asked.side,
    answer,
    answeredAt: now.toISOString(),
    closesAt: context.round.closesAt,
  };
}

function followUpsPending(checkIn: StoredCheckIn): boolean {
  return (
    (checkIn.helpRequestedAt !== undefined && checkIn.helpHandledAt === undefined) ||
    (checkIn.side === 'supporter' && Boolean(checkIn.answer.appreciation) && !checkIn.appreciationSentAt) ||
    wantsRematch(checkIn)
  );
}

const wantsRematch = (checkIn: StoredCheckIn) =>
  checkIn.side === 'seeker' &&
  checkIn.answer.rematch === true &&
  checkIn.answer.fit === 'not-a-fit' &&
  checkIn.rematchedAt === undefined;

async function cohortContext(
  deps: Pick<Deps, 'cohorts' | 'programs' | 'participants'>,
  checkIn: StoredCheckIn,
): Promise<CohortContext | undefined> {
  const cohort = await deps.cohorts.get(checkIn.cohortId);
  const program = cohort && (await deps.programs.get(cohort.programId));
  if (!cohort || !program) return undefined;
  const people = new Map<string, Participant>();
  for (const id of new Set([checkIn.seekerId, checkIn.supporterId, checkIn.participantId])) {
    const person = await deps.participants.get(checkIn.cohortId, id);
    if (person) people.set(id, person);
  }
  return { cohort, program, people };
}

/**
 * The follow-ups of one answer, each done once: the help request reaches the coordinator now
 * (its own email, `SupportRequested`, a line in the digest); the note of appreciation goes to the
 * seeker; "not a fit, find me someone else" re-matches through the re-match path. Each is
 * queued or published before it is recorded as done, and each has a send key or event id, so
 * repeating this after a crash repeats nothing anyone sees.
 */
export async function runFollowUps(
  deps: Pick<
    Deps,
    | 'clock'
    | 'cohorts'
    | 'programs'
    | 'participants'
    | 'checkIns'
    | 'matches'
    | 'sendQueue'
    | 'events'
    | 'signingKey'
    | 'publicBaseUrl'
  >,
  checkIn: StoredCheckIn,
): Promise<void> {
  const now = deps.clock.now();
  const context = await cohortContext(deps, checkIn);
  const done: Parameters<typeof deps.checkIns.followUpsDone>[1] = {};
  if (context && checkIn.helpRequestedAt && !checkIn.helpHandledAt) {
    await deps.sendQueue.enqueue(supportRequestJobs(context, checkIn));
    await deps.events.publish([
      SupportRequested.create(
        { ...refOf(checkIn), participantId: checkIn.participantId },
        now,
        `SupportRequested:${checkIn.cohortId}:${checkIn.round}:${pairKey(checkIn)}:${checkIn.participantId}`,
      ),
    ]);
    await deps.checkIns.addNotice({
      cohortId: checkIn.cohortId,
      kind: 'help-request',
      id: `${checkIn.round}#${pairKey(checkIn)}#${checkIn.participantId}`,
      at: checkIn.helpRequestedAt,
      round: checkIn.round,
      participantId: checkIn.participantId,
      pair: pairOf(checkIn),
    });
    done.helpHandledAt = now.toISOString();
  }
  if (context && checkIn.side === 'supporter' && checkIn.answer.appreciation && !checkIn.appreciationSentAt) {
    const job = await appreciationJob(deps, context, checkIn);
    if (job) await deps.sendQueue.enqueue([job]);
    done.appreciationSentAt = now.toISOString();
  }
  if (context && wantsRematch(checkIn)) {
    await rematch(deps, context, checkIn, now);
    done.rematchedAt = now.toISOString();
  }
  await deps.checkIns.followUpsDone(checkIn, done);
}

/**
 * Re-matches only if the pair is still the seeker's match for that role: a replay after the
 * re-match finds the new supporter there and does nothing. A cohort that can no longer re-match
 * (its program ended) leaves a note in the digest for the coordinator instead.
 */
async function rematch(
  deps: Parameters<typeof runFollowUps>[0],
  context: CohortContext,
  checkIn: StoredCheckIn,
  now: Date,
): Promise<void> {
  const runId = context.cohort.matchingRun?.runId;
  const current = runId
    ? (await deps.matches.matchesOf(checkIn.cohortId, runId)).find(
        (m) => m.seekerId === checkIn.seekerId && m.role === checkIn.role,
      )
    : undefined;
  let note: string | undefined;
  if (current?.status === 'matched' && current.supporterId === checkIn.supporterId) {
    try {
      const next = await rematchSeeker(deps, checkIn.cohortId, checkIn.seekerId, checkIn.role);
      if (next.status !== 'matched')
        note = 'no other supporter was free; the seeker is unmatched for this role';
    } catch (error) {
      if (!(error instanceof ConflictError) && !(error instanceof NotFoundError)) throw error;
      note = 'a re-match was not possible at this stage of the cohort';
    }
  }
  const pairs = await deps.checkIns.pairs(checkIn.cohortId, [pairKey(checkIn)]);
  const pair = pairs.get(pairKey(checkIn));
  if (pair) await deps.checkIns.closePair(pair, now);
  await deps.checkIns.addNotice({
    cohortId: checkIn.cohortId,
    kind: 'rematched',
    id: pairKey(checkIn),
    at: now.toISOString(),
    round: checkIn.round,
    participantId: checkIn.seekerId,
    pair: pairOf(checkIn),
    ...(note ? { note } : {}),
  });
}

const pairOf = (c: StoredCheckIn) => ({ seekerId: c.seekerId, role: c.role, supporterId: c.supporterId });
const refOf = (c: StoredCheckIn) => ({ cohortId: c.cohortId, round: c.round, ...pairOf(c) });

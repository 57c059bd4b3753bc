import type { Cohort } from '#shared/domain/cohort.ts';
import { normaliseEmail } from '#shared/domain/email-address.ts';
import { ConflictError, LinkError } from '#shared/domain/errors.ts';
import { newId } from '#shared/domain/ids.ts';
import { verifyLink } from '#shared/domain/link-token.ts';
import type { Participant } from '#shared/domain/participant.ts';
import type { Program } from '#shared/domain/program.ts';
import { ApplicationRequested } from '#shared/events/application-requested.ts';
import { type IntakeWindow, intakeWindow } from './apply.ts';
import type { Deps } from './deps.ts';
import { composeIntakeEmail } from './intake-emails.ts';

export interface JoinContext {
  program: Program;
  cohort: Cohort;
  window: IntakeWindow;
}

export async function openJoin(
  deps: Pick<Deps, 'signingKey' | 'clock' | 'cohorts' | 'programs'>,
  token: string,
): Promise<JoinContext> {
  const now = deps.clock.now();
  const claims = verifyLink(await deps.signingKey.get(), token, 'open-application', now);
  const cohort = await deps.cohorts.get(claims.item);
  const program = cohort && (await deps.programs.get(cohort.programId));
  if (!cohort || !program || !cohort.openApplication) throw new LinkError('tampered');
  return { program, cohort, window: intakeWindow(cohort, now) };
}

/**
 * Someone with the open link gives a name and an address; we email them their own application
 * link, which proves the address is theirs before anything else is asked.
 *
 * Primary course:
 * 1. New address: add them as invited (source `open-link`) and publish `ApplicationRequested`,
 *    so the intake job emails their link at once.
 * 2. Known address: email the link again, at most once a day (the send key carries the date),
 *    so the form can't be used to flood someone's inbox.
 * The page says the same thing in both cases, so it reveals nobody's membership.
 */
export async function requestToJoin(
  deps: Pick<Deps, 'clock' | 'participants' | 'events' | 'sendQueue' | 'signingKey' | 'publicBaseUrl'>,
  context: JoinContext,
  person: { name: string; email: string },
): Promise<void> {
  if (context.window !== 'open') throw new ConflictError('Intake is not open.');
  const now = deps.clock.now();
  const emailNormalised = normaliseEmail(person.email);
  const known = await deps.participants.findByEmail(context.cohort.cohortId, emailNormalised);
  if (known) {
    await deps.sendQueue.enqueue([
      await composeIntakeEmail(
        deps,
        'application-link',
        { program: context.program, cohort: context.cohort, participant: known },
        now.toISOString().slice(0, 10),
      ),
    ]);
    return;
  }
  const participant: Participant = {
    participantId: newId('ppl'),
    cohortId: context.cohort.cohortId,
    programId: context.program.programId,
    email: person.email.trim(),
    emailNormalised,
    name: person.name.trim(),
    status: 'invited',
    source: 'open-link',
    invitedAt: now.toISOString(),
    prefill: {},
    version: 1,
  };
  const { alreadyPresent } = await deps.participants.add([participant], now.toISOString());
  if (alreadyPresent.length > 0) return;
  await deps.events.publish([
    ApplicationRequested.create(
      { cohortId: participant.cohortId, participantId: participant.participantId },
      now,
    ),
  ]);
}

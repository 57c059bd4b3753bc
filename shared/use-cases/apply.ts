import type * as z from 'zod';
import type { Cohort } from '#shared/domain/cohort.ts';
import { ConflictError, LinkError, NotFoundError } from '#shared/domain/errors.ts';
import { verifyLink } from '#shared/domain/link-token.ts';
import type { Application, applicationSchema, Participant } from '#shared/domain/participant.ts';
import type { Program } from '#shared/domain/program.ts';
import type { Deps } from './deps.ts';

export type IntakeWindow = 'not-open-yet' | 'open' | 'closed';

export interface ApplicationContext {
  program: Program;
  cohort: Cohort;
  participant: Participant;
  window: IntakeWindow;
}

/** Intake is open from its opening date until the cohort leaves `intake_open`, whatever the job's pace. */
export function intakeWindow(cohort: Cohort, now: Date): IntakeWindow {
  if (cohort.state === 'draft' || cohort.state === 'intake_open') {
    if (now.getTime() < Date.parse(cohort.intakeOpensAt)) return 'not-open-yet';
    return now.getTime() <= Date.parse(cohort.intakeClosesAt) ? 'open' : 'closed';
  }
  return 'closed';
}

/**
 * The signed link is the whole credential: it names the participant and the cohort. A link for
 * someone who was erased or a cohort that no longer exists reads as an invalid link, so it
 * reveals nothing about what once was there.
 */
export async function openApplication(
  deps: Pick<Deps, 'signingKey' | 'clock' | 'cohorts' | 'programs' | 'participants'>,
  token: string,
): Promise<ApplicationContext> {
  const now = deps.clock.now();
  const claims = verifyLink(await deps.signingKey.get(), token, 'apply', now);
  const [cohort, participant] = await Promise.all([
    deps.cohorts.get(claims.item),
    deps.participants.get(claims.item, claims.subject),
  ]);
  const program = cohort && (await deps.programs.get(cohort.programId));
  if (!cohort || !participant || !program) throw new LinkError('tampered');
  return { program, cohort, participant, window: intakeWindow(cohort, now) };
}

/**
 * Primary course:
 * 1. The window must be open (a submit after close gets the "intake has closed" page).
 * 2. Store the answers against the version we read; a double submit stores the same answers
 *    again, and a submit that raced another one retries once on the fresh copy.
 */
export async function submitApplication(
  deps: Pick<Deps, 'clock' | 'participants'>,
  context: ApplicationContext,
  answers: z.output<typeof applicationSchema>,
): Promise<Participant> {
  if (context.window !== 'open') {
    throw new ConflictError(
      context.window === 'closed' ? 'Intake has closed.' : 'Intake has not opened yet.',
    );
  }
  const now = deps.clock.now().toISOString();
  const application: Application = {
    ...answers,
    submittedAt: context.participant.application?.submittedAt ?? now,
    updatedAt: now,
  };
  try {
    return await deps.participants.saveApplication(context.participant, application);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const fresh = await deps.participants.get(context.cohort.cohortId, context.participant.participantId);
    if (!fresh) throw new NotFoundError('This application no longer exists.');
    return deps.participants.saveApplication(fresh, application);
  }
}

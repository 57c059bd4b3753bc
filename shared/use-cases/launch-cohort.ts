import type * as z from 'zod';
import { type Cohort, type launchCohortInputSchema, resolveCohortDates } from '#shared/domain/cohort.ts';
import { ConflictError, NotFoundError } from '#shared/domain/errors.ts';
import { idFromKey, newId } from '#shared/domain/ids.ts';
import {
  type Milestone,
  planCheckInMilestones,
  planIntakeMilestones,
  planSurveyMilestones,
} from '#shared/domain/milestone.ts';
import { CohortLaunched } from '#shared/events/cohort-launched.ts';
import type { Actor, Deps } from './deps.ts';

/**
 * Primary course:
 * 1. Find the program (404 if unknown).
 * 2. Read the dates in the cohort's time zone and check them (order, not in the past).
 * 3. Store the cohort in `draft` with its intake and survey milestones, all or nothing.
 * 4. Publish `CohortLaunched`, so an intake that opens now opens at once.
 * A retry with the same Idempotency-Key finds the stored cohort and publishes again
 * (consumers are idempotent), so a failed publish is repaired by retrying the request.
 */
export async function launchCohort(
  deps: Pick<Deps, 'programs' | 'cohorts' | 'events' | 'clock'>,
  actor: Actor,
  programId: string,
  input: z.output<typeof launchCohortInputSchema>,
  idempotencyKey?: string,
): Promise<{ cohort: Cohort; milestones: Milestone[] }> {
  const program = await deps.programs.get(programId);
  if (!program) throw new NotFoundError(`There is no program ${programId}.`);
  const now = deps.clock.now();
  const dates = resolveCohortDates(input, now);
  const cohortId = idempotencyKey ? idFromKey('coh', actor.userId, programId, idempotencyKey) : newId('coh');
  const cohort: Cohort = {
    cohortId,
    programId,
    name: input.name,
    state: 'draft',
    timeZone: input.timeZone,
    ...dates,
    checkInEveryDays: input.checkInEveryDays,
    intakeReminderDaysBeforeClose: input.intakeReminderDaysBeforeClose,
    openApplication: input.openApplication,
    ...(input.surveys ? { surveys: input.surveys } : {}),
    ...(input.checkIns ? { checkIns: input.checkIns } : {}),
    createdAt: now.toISOString(),
    version: 1,
  };
  const milestones = [
    ...planIntakeMilestones(cohort),
    ...planSurveyMilestones(cohort),
    ...planCheckInMilestones(cohort),
  ];
  let stored = { cohort, milestones: milestones.sort((a, b) => a.dueAt.localeCompare(b.dueAt)) };
  try {
    await deps.cohorts.create(stored.cohort, stored.milestones);
  } catch (error) {
    const existing =
      error instanceof ConflictError && idempotencyKey ? await deps.cohorts.get(cohortId) : undefined;
    if (!existing) throw error;
    stored = { cohort: existing, milestones: await deps.cohorts.milestones(cohortId) };
  }
  await deps.events.publish([
    CohortLaunched.create(
      {
        programId,
        cohortId,
        intakeOpensAt: stored.cohort.intakeOpensAt,
        intakeClosesAt: stored.cohort.intakeClosesAt,
      },
      now,
      `CohortLaunched:${cohortId}`,
    ),
  ]);
  return stored;
}

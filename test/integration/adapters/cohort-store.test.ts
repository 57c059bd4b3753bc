import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DynamoCohortStore } from '#shared/adapters/dynamodb/cohort-store.ts';
import type { Cohort } from '#shared/domain/cohort.ts';
import { ConflictError } from '#shared/domain/errors.ts';
import { planIntakeMilestones } from '#shared/domain/milestone.ts';
import { cohortItems } from '../../fixtures/world.ts';
import { useTestTable } from '../../support/aws-env.ts';

useTestTable();
const cohorts = new DynamoCohortStore();

function aCohort(overrides: Partial<Cohort> = {}): Cohort {
  return {
    cohortId: `coh_${randomUUID()}`,
    programId: `prg_${randomUUID()}`,
    name: 'Spring cohort',
    state: 'draft',
    timeZone: 'Europe/London',
    intakeOpensAt: '2030-03-01T00:00:00.000Z',
    intakeClosesAt: '2030-03-14T23:59:59.000Z',
    programStartsAt: '2030-03-21T00:00:00.000Z',
    programEndsAt: '2030-06-30T22:59:59.000Z',
    checkInEveryDays: 14,
    intakeReminderDaysBeforeClose: 3,
    openApplication: false,
    createdAt: '2030-02-01T09:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

async function created(overrides: Partial<Cohort> = {}): Promise<Cohort> {
  const cohort = aCohort(overrides);
  await cohorts.create(cohort, planIntakeMilestones(cohort));
  return cohort;
}

describe('DynamoCohortStore', () => {
  it('stores a cohort with its milestones, oldest first', async () => {
    // Act
    const cohort = await created();

    // Assess
    expect(await cohorts.get(cohort.cohortId)).toEqual(cohort);
    expect(await cohorts.milestones(cohort.cohortId)).toEqual([
      { cohortId: cohort.cohortId, kind: 'intake-opens', dueAt: '2030-03-01T00:00:00.000Z' },
      { cohortId: cohort.cohortId, kind: 'intake-reminder', dueAt: '2030-03-11T23:59:59.000Z' },
      { cohortId: cohort.cohortId, kind: 'intake-closes', dueAt: '2030-03-14T23:59:59.000Z' },
    ]);
  });

  it('refuses a second cohort under the same id and writes none of its milestones', async () => {
    // Prepare
    const cohort = await created({ intakeReminderDaysBeforeClose: 0 });

    // Act: the same id again, now with a reminder milestone the first one did not have.
    const again = { ...cohort, name: 'Other', intakeReminderDaysBeforeClose: 3 };
    const attempt = cohorts.create(again, planIntakeMilestones(again));

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    expect((await cohorts.get(cohort.cohortId))?.name).toBe('Spring cohort');
    const stored = await cohortItems(cohort.cohortId);
    expect(stored.filter((item) => item.type === 'milestone').map((item) => item.kind)).toEqual([
      'intake-closes',
      'intake-opens',
    ]);
  });

  it('lists the cohorts of a program in the order their intake opens', async () => {
    // Prepare
    const programId = `prg_${randomUUID()}`;
    const later = await created({ programId, intakeOpensAt: '2030-09-01T00:00:00.000Z' });
    const sooner = await created({ programId, intakeOpensAt: '2030-03-01T00:00:00.000Z' });
    await created();

    // Act
    const listed = await cohorts.listByProgram(programId);

    // Assess
    expect(listed.map((c) => c.cohortId)).toEqual([sooner.cohortId, later.cohortId]);
  });

  it('moves a cohort to the next state, bumping its version', async () => {
    // Prepare
    const cohort = await created();

    // Act
    const moved = await cohorts.transition(cohort, 'intake_open');

    // Assess
    expect(moved).toEqual({ ...cohort, state: 'intake_open', version: 2 });
    expect(await cohorts.get(cohort.cohortId)).toEqual(moved);
  });

  it('lets only one of two racing transitions win; the loser gets a ConflictError', async () => {
    // Prepare: two runs read the same draft cohort.
    const cohort = await created();

    // Act
    const outcomes = await Promise.allSettled([
      cohorts.transition(cohort, 'intake_open'),
      cohorts.transition(cohort, 'intake_open'),
    ]);

    // Assess
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const [lost] = outcomes.filter((o) => o.status === 'rejected');
    expect((lost as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    expect(await cohorts.get(cohort.cohortId)).toMatchObject({ state: 'intake_open', version: 2 });
  });

  it('refuses a transition from a stale copy, even when the state still matches', async () => {
    // Prepare: a copy read before another run moved the cohort on.
    const cohort = await created();
    const stale = { ...cohort };
    await cohorts.transition(cohort, 'intake_open');

    // Act: the state the caller claims matches what is stored; only the version tells it is stale.
    const attempt = cohorts.transition({ ...stale, state: 'intake_open' }, 'intake_closed');

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    expect(await cohorts.get(cohort.cohortId)).toMatchObject({ state: 'intake_open', version: 2 });
  });

  it('marks a milestone done once, keeping the first time, and takes it off the due index', async () => {
    // Prepare
    const cohort = await created();
    const [opens] = planIntakeMilestones(cohort);

    // Act
    await cohorts.markMilestoneDone(opens!, new Date('2030-03-01T00:05:00Z'));
    await cohorts.markMilestoneDone(opens!, new Date('2030-03-01T00:10:00Z'));

    // Assess: read raw, so the due-index attributes show.
    const stored = await cohortItems(cohort.cohortId);
    const done = stored.find((item) => item.sk === 'MILESTONE#intake-opens');
    const pending = stored.find((item) => item.sk === 'MILESTONE#intake-closes');
    expect(done).toMatchObject({ doneAt: '2030-03-01T00:05:00.000Z' });
    expect(done).not.toHaveProperty('dueJob');
    expect(pending).toMatchObject({ dueJob: 'intake', dueAt: cohort.intakeClosesAt });
  });

  it('refuses to mark a milestone of a cohort that does not exist', async () => {
    const ghost = {
      cohortId: `coh_${randomUUID()}`,
      kind: 'intake-opens' as const,
      dueAt: '2030-03-01T00:00:00.000Z',
    };

    await expect(cohorts.markMilestoneDone(ghost, new Date())).rejects.toThrow();
    expect(await cohorts.milestones(ghost.cohortId)).toEqual([]);
  });
});

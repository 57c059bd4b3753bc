import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cohort } from '#shared/domain/cohort.ts';
import { planIntakeMilestones } from '#shared/domain/milestone.ts';

const DAY = 24 * 3600_000;

function aCohort(overrides: Partial<Cohort> = {}): Cohort {
  return {
    cohortId: 'coh_autumn',
    programId: 'prg_rise',
    name: 'Autumn 2026',
    state: 'draft',
    timeZone: 'Europe/London',
    intakeOpensAt: '2026-12-01T00:00:00.000Z',
    intakeClosesAt: '2026-12-12T23:59:59.000Z',
    programStartsAt: '2027-01-11T00:00:00.000Z',
    programEndsAt: '2027-06-30T22:59:59.000Z',
    checkInEveryDays: 14,
    intakeReminderDaysBeforeClose: 3,
    openApplication: false,
    createdAt: '2026-11-23T12:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

describe('planIntakeMilestones', () => {
  it('plans the opening, a reminder N days before the close, and the close, in date order', () => {
    // Prepare
    const cohort = aCohort({ intakeReminderDaysBeforeClose: 3 });

    // Act
    const milestones = planIntakeMilestones(cohort);

    // Assess
    expect(milestones).toEqual([
      { cohortId: 'coh_autumn', kind: 'intake-opens', dueAt: '2026-12-01T00:00:00.000Z' },
      { cohortId: 'coh_autumn', kind: 'intake-reminder', dueAt: '2026-12-09T23:59:59.000Z' },
      { cohortId: 'coh_autumn', kind: 'intake-closes', dueAt: '2026-12-12T23:59:59.000Z' },
    ]);
  });

  it('plans no reminder when the coordinator asked for none', () => {
    // Prepare
    const cohort = aCohort({ intakeReminderDaysBeforeClose: 0 });

    // Act
    const milestones = planIntakeMilestones(cohort);

    // Assess
    expect(milestones.map((m) => m.kind)).toEqual(['intake-opens', 'intake-closes']);
  });

  it('skips a reminder that would fall before intake opens', () => {
    // Prepare: a two-day intake with a reminder three days before it closes.
    const cohort = aCohort({
      intakeOpensAt: '2026-12-11T00:00:00.000Z',
      intakeClosesAt: '2026-12-12T23:59:59.000Z',
      intakeReminderDaysBeforeClose: 3,
    });

    // Act
    const milestones = planIntakeMilestones(cohort);

    // Assess
    expect(milestones.map((m) => m.kind)).toEqual(['intake-opens', 'intake-closes']);
  });

  it('skips a reminder that would go out the moment intake opens, alongside the invitations', () => {
    // Prepare
    const cohort = aCohort({
      intakeOpensAt: '2026-12-09T23:59:59.000Z',
      intakeClosesAt: '2026-12-12T23:59:59.000Z',
      intakeReminderDaysBeforeClose: 3,
    });

    // Act
    const milestones = planIntakeMilestones(cohort);

    // Assess
    expect(milestones.map((m) => m.kind)).toEqual(['intake-opens', 'intake-closes']);
  });

  it('keeps a reminder one second after intake opens', () => {
    // Prepare
    const cohort = aCohort({
      intakeOpensAt: '2026-12-09T23:59:58.000Z',
      intakeClosesAt: '2026-12-12T23:59:59.000Z',
      intakeReminderDaysBeforeClose: 3,
    });

    // Act
    const milestones = planIntakeMilestones(cohort);

    // Assess
    expect(milestones[1]).toEqual({
      cohortId: 'coh_autumn',
      kind: 'intake-reminder',
      dueAt: '2026-12-09T23:59:59.000Z',
    });
  });

  it('for any intake and reminder setting: dated milestones of that cohort, sorted, inside the intake', () => {
    // Prepare
    const start = Date.parse('2026-12-01T00:00:00.000Z');
    const intake = fc.record({
      opensAfterSeconds: fc.integer({ min: 0, max: 365 * 24 * 3600 }),
      lastsSeconds: fc.integer({ min: 1, max: 90 * 24 * 3600 }),
      reminderDays: fc.integer({ min: 0, max: 60 }),
    });

    fc.assert(
      fc.property(intake, ({ opensAfterSeconds, lastsSeconds, reminderDays }) => {
        const opens = start + opensAfterSeconds * 1000;
        const closes = opens + lastsSeconds * 1000;
        const cohort = aCohort({
          intakeOpensAt: new Date(opens).toISOString(),
          intakeClosesAt: new Date(closes).toISOString(),
          intakeReminderDaysBeforeClose: reminderDays,
        });

        // Act
        const milestones = planIntakeMilestones(cohort);

        // Assess
        const dues = milestones.map((m) => Date.parse(m.dueAt));
        expect(dues).toEqual([...dues].sort((a, b) => a - b));
        expect(milestones.every((m) => m.cohortId === cohort.cohortId && m.doneAt === undefined)).toBe(true);
        expect(milestones.find((m) => m.kind === 'intake-opens')?.dueAt).toBe(cohort.intakeOpensAt);
        expect(milestones.find((m) => m.kind === 'intake-closes')?.dueAt).toBe(cohort.intakeClosesAt);
        const reminderAt = closes - reminderDays * DAY;
        const expectReminder = reminderDays > 0 && reminderAt > opens;
        expect(milestones.filter((m) => m.kind === 'intake-reminder')).toEqual(
          expectReminder
            ? [
                {
                  cohortId: cohort.cohortId,
                  kind: 'intake-reminder',
                  dueAt: new Date(reminderAt).toISOString(),
                },
              ]
            : [],
        );
        expect(milestones).toHaveLength(expectReminder ? 3 : 2);
      }),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COHORT_STATES,
  type CohortState,
  canTransition,
  type LaunchCohortInput,
  launchCohortInputSchema,
  resolveCohortDates,
} from '#shared/domain/cohort.ts';
import { type FieldProblem, ValidationError } from '#shared/domain/errors.ts';
import { localToInstant } from '#shared/domain/zoned-time.ts';

const NOW = new Date('2026-11-23T12:00:00Z');

/** The lifecycle from DESIGN.md, plus the one step back: matching can reopen the review of intake. */
const LIFECYCLE: [CohortState, CohortState][] = [
  ['draft', 'intake_open'],
  ['intake_open', 'intake_closed'],
  ['intake_closed', 'matching'],
  ['matching', 'matched'],
  ['matched', 'running'],
  ['running', 'surveying'],
  ['surveying', 'closed'],
  ['matching', 'intake_closed'],
];

function launchInput(overrides: Partial<LaunchCohortInput> = {}) {
  return launchCohortInputSchema.parse({
    name: 'Spring 2027',
    timeZone: 'Europe/London',
    intakeOpensOn: '2026-12-01',
    intakeClosesOn: '2026-12-12',
    programStartsOn: '2027-01-11',
    programEndsOn: '2027-06-30',
    ...overrides,
  });
}

/** The problems of the ValidationError `act` throws; anything else fails the test. */
function problemsOf(act: () => unknown): FieldProblem[] {
  try {
    act();
  } catch (error) {
    if (error instanceof ValidationError) return error.problems;
    throw error;
  }
  return expect.fail('expected a ValidationError');
}

const fieldsOf = (problems: FieldProblem[]) => problems.map((p) => p.field).sort();

describe('canTransition', () => {
  it.each(LIFECYCLE)('allows %s → %s', (from, to) => {
    // Prepare: the pair comes from the documented lifecycle.

    // Act
    const allowed = canTransition(from, to);

    // Assess
    expect(allowed).toBe(true);
  });

  it('allows no move outside the documented lifecycle', () => {
    // Prepare
    const documented = new Set(LIFECYCLE.map(([from, to]) => `${from} → ${to}`));

    // Act
    const allowed = COHORT_STATES.flatMap((from) =>
      COHORT_STATES.filter((to) => canTransition(from, to)).map((to) => `${from} → ${to}`),
    );

    // Assess
    expect(new Set(allowed)).toEqual(documented);
  });

  it('never skips a stage: any walk from draft moves one stage on, or from matching back to intake_closed', () => {
    // Prepare: at each step, pick any state; the walk takes the step only when it is allowed.
    const picks = fc.array(fc.constantFrom(...COHORT_STATES), { maxLength: 60 });

    fc.assert(
      fc.property(picks, (targets) => {
        let state: CohortState = 'draft';
        for (const target of targets) {
          // Act
          if (!canTransition(state, target)) continue;

          // Assess
          const step = COHORT_STATES.indexOf(target) - COHORT_STATES.indexOf(state);
          const reopensIntake = state === 'matching' && target === 'intake_closed';
          expect(step === 1 || reopensIntake).toBe(true);
          state = target;
        }
      }),
    );
  });

  it('treats closed as final', () => {
    // Prepare
    const from: CohortState = 'closed';

    // Act
    const ways = COHORT_STATES.filter((to) => canTransition(from, to));

    // Assess
    expect(ways).toEqual([]);
  });
});

describe('launchCohortInputSchema', () => {
  it('fills in a fortnightly cadence, a 3-day reminder and invitation-only intake', () => {
    // Prepare
    const input = {
      name: '  Spring 2027 ',
      timeZone: 'Europe/London',
      intakeOpensOn: '2026-12-01',
      intakeClosesOn: '2026-12-12',
      programStartsOn: '2027-01-11',
      programEndsOn: '2027-06-30',
    };

    // Act
    const parsed = launchCohortInputSchema.parse(input);

    // Assess
    expect(parsed).toEqual({
      ...input,
      name: 'Spring 2027',
      checkInEveryDays: 14,
      intakeReminderDaysBeforeClose: 3,
      openApplication: false,
    });
  });

  it.each([
    ['name', { name: '   ' }],
    ['name', { name: 'x'.repeat(121) }],
    ['timeZone', { timeZone: 'Europe/Londn' }],
    ['checkInEveryDays', { checkInEveryDays: 10 }],
    ['checkInEveryDays', { checkInEveryDays: 7.5 }],
    ['intakeReminderDaysBeforeClose', { intakeReminderDaysBeforeClose: -1 }],
    ['intakeReminderDaysBeforeClose', { intakeReminderDaysBeforeClose: 61 }],
    ['intakeReminderDaysBeforeClose', { intakeReminderDaysBeforeClose: 2.5 }],
  ])('rejects a bad %s', (field, override) => {
    // Prepare
    const input = {
      name: 'Spring 2027',
      timeZone: 'Europe/London',
      intakeOpensOn: '2026-12-01',
      intakeClosesOn: '2026-12-12',
      programStartsOn: '2027-01-11',
      programEndsOn: '2027-06-30',
      ...override,
    };

    // Act
    const result = launchCohortInputSchema.safeParse(input);

    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual([field]);
  });

  it.each([[7], [14], [21], [28]])('accepts a check-in every %i days', (days) => {
    // Prepare
    const input = { ...launchInput(), checkInEveryDays: days };

    // Act
    const result = launchCohortInputSchema.safeParse(input);

    // Assess
    expect(result.success).toBe(true);
  });
});

describe('resolveCohortDates', () => {
  it('reads the dates in the cohort zone: opening and starting at the start of the day, closing and ending at its end', () => {
    // Prepare: London is on GMT in December and January, on BST at the end of June.
    const input = launchInput();

    // Act
    const dates = resolveCohortDates(input, NOW);

    // Assess
    expect(dates).toEqual({
      intakeOpensAt: '2026-12-01T00:00:00.000Z',
      intakeClosesAt: '2026-12-12T23:59:59.000Z',
      programStartsAt: '2027-01-11T00:00:00.000Z',
      programEndsAt: '2027-06-30T22:59:59.000Z',
    });
  });

  it('reads times when they are given', () => {
    // Prepare
    const input = launchInput({
      timeZone: 'America/New_York',
      intakeOpensOn: '2026-12-01T09:00',
      intakeClosesOn: '2026-12-12T17:00',
      programStartsOn: '2027-01-11T09:30',
      programEndsOn: '2027-06-30T17:00',
    });

    // Act
    const dates = resolveCohortDates(input, NOW);

    // Assess
    expect(dates).toEqual({
      intakeOpensAt: '2026-12-01T14:00:00.000Z',
      intakeClosesAt: '2026-12-12T22:00:00.000Z',
      programStartsAt: '2027-01-11T14:30:00.000Z',
      programEndsAt: '2027-06-30T21:00:00.000Z',
    });
  });

  it('lets an intake open today, although the day began hours ago', () => {
    // Prepare: now is 12:00 in London; the day began at midnight.
    const input = launchInput({ intakeOpensOn: '2026-11-23' });

    // Act
    const dates = resolveCohortDates(input, NOW);

    // Assess
    expect(dates.intakeOpensAt).toBe('2026-11-23T00:00:00.000Z');
  });

  it('lets an intake open at the current minute, whatever second it is', () => {
    // Prepare
    const input = launchInput({ intakeOpensOn: '2026-11-23T12:00' });
    const now = new Date('2026-11-23T12:00:45Z');

    // Act
    const dates = resolveCohortDates(input, now);

    // Assess
    expect(dates.intakeOpensAt).toBe('2026-11-23T12:00:00.000Z');
  });

  it('rejects an intake that opened yesterday, naming the field', () => {
    // Prepare
    const input = launchInput({ intakeOpensOn: '2026-11-22' });

    // Act
    const problems = problemsOf(() => resolveCohortDates(input, NOW));

    // Assess
    expect(problems).toEqual([{ field: 'intakeOpensOn', message: 'is in the past; choose a later date' }]);
  });

  it('rejects an intake that closed earlier today, naming the field', () => {
    // Prepare
    const input = launchInput({ intakeOpensOn: '2026-11-23', intakeClosesOn: '2026-11-23T11:59' });

    // Act
    const problems = problemsOf(() => resolveCohortDates(input, NOW));

    // Assess
    expect(problems).toEqual([{ field: 'intakeClosesOn', message: 'is in the past; choose a later date' }]);
  });

  it('names every date already past and every one out of order', () => {
    // Prepare
    const input = launchInput({
      intakeOpensOn: '2026-11-23T00:00',
      intakeClosesOn: '2026-11-23T00:01',
      programStartsOn: '2026-11-23T11:59',
      programEndsOn: '2026-11-23T11:59',
    });

    // Act
    const problems = problemsOf(() => resolveCohortDates(input, NOW));

    // Assess
    expect(fieldsOf(problems)).toEqual([
      'intakeClosesOn',
      'programEndsOn',
      'programEndsOn',
      'programStartsOn',
    ]);
    expect(problems).toContainEqual({ field: 'programEndsOn', message: 'must be after programStartsOn' });
  });

  it.each([
    [
      'intake closing before it opens',
      { intakeOpensOn: '2026-12-10', intakeClosesOn: '2026-12-09' },
      { field: 'intakeClosesOn', message: 'must be after intakeOpensOn' },
    ],
    [
      'intake closing the minute it opens',
      { intakeOpensOn: '2026-12-10T09:00', intakeClosesOn: '2026-12-10T09:00' },
      { field: 'intakeClosesOn', message: 'must be after intakeOpensOn' },
    ],
    [
      'program starting while intake is still open',
      { intakeClosesOn: '2026-12-12', programStartsOn: '2026-12-12' },
      { field: 'programStartsOn', message: 'must be on or after intakeClosesOn' },
    ],
    [
      'program ending before it starts',
      { programStartsOn: '2027-01-11', programEndsOn: '2027-01-10' },
      { field: 'programEndsOn', message: 'must be after programStartsOn' },
    ],
    [
      'program ending the minute it starts',
      { programStartsOn: '2027-01-11T09:00', programEndsOn: '2027-01-11T09:00' },
      { field: 'programEndsOn', message: 'must be after programStartsOn' },
    ],
  ])('rejects a %s, naming the later field', (_case, overrides, expected) => {
    // Prepare
    const input = launchInput(overrides);

    // Act
    const problems = problemsOf(() => resolveCohortDates(input, NOW));

    // Assess
    expect(problems).toEqual([expected]);
  });

  it('lets the program start the very moment intake closes', () => {
    // Prepare
    const input = launchInput({ intakeClosesOn: '2026-12-12T17:00', programStartsOn: '2026-12-12T17:00' });

    // Act
    const dates = resolveCohortDates(input, NOW);

    // Assess
    expect(dates.intakeClosesAt).toBe(dates.programStartsAt);
  });

  it('names every date it cannot read, with what was typed', () => {
    // Prepare
    const input = launchInput({ intakeClosesOn: '2026-02-30', programEndsOn: '30/06/2027' });

    // Act
    const problems = problemsOf(() => resolveCohortDates(input, NOW));

    // Assess
    expect(fieldsOf(problems)).toEqual(['intakeClosesOn', 'programEndsOn']);
    expect(problems.find((p) => p.field === 'intakeClosesOn')?.message).toContain('"2026-02-30"');
    expect(problems.find((p) => p.field === 'programEndsOn')?.message).toContain('"30/06/2027"');
  });

  it('accepts dates exactly when they come in order, and otherwise names the field out of order', () => {
    // Prepare: four dates from the same few half-days (so ties are common) around London's spring
    // change, each typed as a date alone or with a time.
    const base = Date.UTC(2027, 2, 26);
    const typed = fc
      .record({ halfDays: fc.integer({ min: 0, max: 7 }), withTime: fc.boolean() })
      .map(({ halfDays, withTime }) => {
        const iso = new Date(base + halfDays * 12 * 3600_000).toISOString();
        return withTime ? iso.slice(0, 16) : iso.slice(0, 10);
      });
    const zone = fc.constantFrom('Europe/London', 'America/New_York', 'Asia/Kolkata', 'Pacific/Auckland');

    fc.assert(
      fc.property(zone, fc.tuple(typed, typed, typed, typed), (timeZone, [opens, closes, starts, ends]) => {
        const input = launchInput({
          timeZone,
          intakeOpensOn: opens,
          intakeClosesOn: closes,
          programStartsOn: starts,
          programEndsOn: ends,
        });
        const o = localToInstant(opens, timeZone, 'start-of-day') as string;
        const c = localToInstant(closes, timeZone, 'end-of-day') as string;
        const s = localToInstant(starts, timeZone, 'start-of-day') as string;
        const e = localToInstant(ends, timeZone, 'end-of-day') as string;
        const outOfOrder: string[] = [
          ...(Date.parse(o) < Date.parse(c) ? [] : ['intakeClosesOn']),
          ...(Date.parse(c) <= Date.parse(s) ? [] : ['programStartsOn']),
          ...(Date.parse(s) < Date.parse(e) ? [] : ['programEndsOn']),
        ];

        // Act
        let outcome: { dates: ReturnType<typeof resolveCohortDates> } | { problems: FieldProblem[] };
        try {
          outcome = { dates: resolveCohortDates(input, NOW) };
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          outcome = { problems: error.problems };
        }

        // Assess
        const named = 'problems' in outcome ? fieldsOf(outcome.problems) : [];
        expect(named).toEqual(outOfOrder.sort());
        if ('dates' in outcome) {
          expect(outcome.dates).toEqual({
            intakeOpensAt: o,
            intakeClosesAt: c,
            programStartsAt: s,
            programEndsAt: e,
          });
        }
      }),
      { numRuns: 300 },
    );
  });

  // Known bug, see the report: the "opens today" allowance is 24 hours before now, not the start of
  // today in the cohort's zone, so yesterday afternoon passes. Remove `.fails` once it is fixed.
  it('rejects an opening time yesterday afternoon, 23 hours ago', () => {
    // Prepare
    const input = launchInput({ timeZone: 'UTC', intakeOpensOn: '2026-11-22T13:00' });

    // Act
    const problems = problemsOf(() => resolveCohortDates(input, NOW));

    // Assess
    expect(problems).toEqual([{ field: 'intakeOpensOn', message: 'is in the past; choose a later date' }]);
  });

  // Known bug, see the report: 25 October 2026 lasts 25 hours in London, so at 23:30 its start is
  // 24.5 hours ago and "opens today" is called the past. Remove `.fails` once it is fixed.
  it('lets an intake open today late on the day the clocks go back', () => {
    // Prepare
    const input = launchInput({ intakeOpensOn: '2026-10-25' });
    const now = new Date('2026-10-25T23:30:00Z');

    // Act
    const dates = resolveCohortDates(input, now);

    // Assess
    expect(dates.intakeOpensAt).toBe('2026-10-24T23:00:00.000Z');
  });
});

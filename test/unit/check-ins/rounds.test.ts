import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planRounds } from '#shared/domain/check-ins/rounds.ts';
import { addLocalDays, localDate, localToInstant } from '#shared/domain/zoned-time.ts';

const DAY = 24 * 3600_000;
const ZONES = ['UTC', 'Europe/London', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata'] as const;
const settings = { reminderAfterDays: 3 };

const localTime = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    new Date(iso),
  );

/**
 * The anchor's local time on the day `iso` falls on; on a day when clocks go forward past that
 * time, it does not exist and the first time after the gap stands in for it.
 */
function keptLocalTime(anchoredAt: string, iso: string, timeZone: string): string {
  const wanted = localTime(anchoredAt, timeZone);
  const thatDay = localToInstant(`${localDate(new Date(iso), timeZone)}T${wanted}`, timeZone) as string;
  return localTime(thatDay, timeZone);
}

describe('planRounds', () => {
  it('opens round k k cadences after the anchor at the same local time across a DST change', () => {
    // Prepare: London moves to summer time on 29 March 2026.
    const anchoredAt = '2026-03-02T09:00:00.000Z';

    // Act
    const rounds = planRounds({
      anchoredAt,
      programEndsAt: '2026-06-01T22:59:59.000Z',
      timeZone: 'Europe/London',
      checkInEveryDays: 14,
      settings,
    });

    // Assess
    expect(rounds.map((r) => r.opensAt)).toEqual([
      '2026-03-16T09:00:00.000Z',
      '2026-03-30T08:00:00.000Z',
      '2026-04-13T08:00:00.000Z',
      '2026-04-27T08:00:00.000Z',
      '2026-05-11T08:00:00.000Z',
      '2026-05-25T08:00:00.000Z',
    ]);
    expect(rounds[0]).toMatchObject({ round: 1, fitCheck: true, remindAt: '2026-03-19T09:00:00.000Z' });
    expect(rounds.slice(1).every((r) => !r.fitCheck)).toBe(true);
    expect(rounds.at(-1)?.closesAt).toBe('2026-06-01T22:59:59.000Z');
  });

  it('opens a round that falls in the hour clocks skip at the first time after it, and the next one on time again', () => {
    // Prepare: 02:30 in New York does not exist on 8 March 2026 (clocks go from 02:00 to 03:00).
    const anchoredAt = '2026-02-22T07:30:00.000Z';

    // Act
    const rounds = planRounds({
      anchoredAt,
      programEndsAt: '2026-04-01T00:00:00.000Z',
      timeZone: 'America/New_York',
      checkInEveryDays: 14,
      settings,
    });

    // Assess
    expect(rounds.map((r) => localTime(r.opensAt, 'America/New_York'))).toEqual(['03:30', '02:30']);
  });

  it('plans no reminder when the cohort sends none', () => {
    const rounds = planRounds({
      anchoredAt: '2026-01-05T09:00:00.000Z',
      programEndsAt: '2026-03-01T00:00:00.000Z',
      timeZone: 'UTC',
      checkInEveryDays: 7,
      settings: { reminderAfterDays: 0 },
    });
    expect(rounds.length).toBeGreaterThan(0);
    expect(rounds.every((r) => r.remindAt === undefined)).toBe(true);
  });

  it('holds for any zone, cadence and length: in order, local time kept, inside the program, none too late', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.constantFrom(7, 14, 21, 28),
        fc.integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2030-12-31T00:00:00Z') }),
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 0, max: 10 }),
        fc.option(fc.integer({ min: 2, max: 28 }), { nil: undefined }),
        (timeZone, cadence, anchorMs, lengthDays, reminderAfterDays, roundOpenDays) => {
          const anchoredAt = new Date(Math.floor(anchorMs / 60_000) * 60_000).toISOString();
          const programEndsAt = new Date(Date.parse(anchoredAt) + lengthDays * DAY).toISOString();
          const rounds = planRounds({
            anchoredAt,
            programEndsAt,
            timeZone,
            checkInEveryDays: cadence,
            settings: { reminderAfterDays, ...(roundOpenDays ? { roundOpenDays } : {}) },
          });
          rounds.forEach((round, i) => {
            expect(round.round).toBe(i + 1);
            expect(round.fitCheck).toBe(i === 0);
            expect(round.opensAt).toBe(addLocalDays(anchoredAt, (i + 1) * cadence, timeZone));
            expect(localTime(round.opensAt, timeZone)).toBe(
              keptLocalTime(anchoredAt, round.opensAt, timeZone),
            );
            expect(round.opensAt > anchoredAt).toBe(true);
            expect(round.opensAt < round.closesAt).toBe(true);
            expect(round.closesAt <= programEndsAt).toBe(true);
            expect(Date.parse(programEndsAt) - Date.parse(round.opensAt)).toBeGreaterThanOrEqual(2 * DAY);
            if (round.remindAt) {
              expect(round.opensAt < round.remindAt && round.remindAt < round.closesAt).toBe(true);
            }
            const next = rounds[i + 1];
            if (next) expect(round.closesAt <= next.opensAt || roundOpenDays !== undefined).toBe(true);
          });
          // No round is missing at the end: the next one would open too late.
          const nextOpens = addLocalDays(anchoredAt, (rounds.length + 1) * cadence, timeZone);
          expect(Date.parse(programEndsAt) - Date.parse(nextOpens)).toBeLessThan(2 * DAY);
          expect(new Set(rounds.map((r) => localDate(new Date(r.opensAt), timeZone))).size).toBe(
            rounds.length,
          );
        },
      ),
      { numRuns: 100 },
    );
  });
});

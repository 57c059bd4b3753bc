import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalTimeZone,
  formatInZone,
  isValidTimeZone,
  localToInstant,
} from '#shared/domain/zoned-time.ts';

const ZONES = Intl.supportedValuesOf('timeZone');
const MINUTE = 60_000;
const DAY = 24 * 3600_000;

const readers = new Map<string, Intl.DateTimeFormat>();

/**
 * The wall-clock reading of an instant in a zone as `YYYY-MM-DDTHH:mm:ss`, straight from Intl:
 * the oracle the tests compare with, independent of the offset arithmetic under test.
 */
function wallClock(instant: number | string, timeZone: string): string {
  let reader = readers.get(timeZone);
  if (!reader) {
    reader = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    readers.set(timeZone, reader);
  }
  const parts = Object.fromEntries(reader.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

/** Minutes the zone is ahead of UTC at an instant. */
function offsetAt(instant: number, timeZone: string): number {
  return (Date.parse(`${wallClock(instant, timeZone)}Z`) - Math.floor(instant / 1000) * 1000) / MINUTE;
}

/** The UTC instants that could mean `local` (`YYYY-MM-DDTHH:mm`): the offsets in force two days either side. */
function candidates(local: string, timeZone: string): number[] {
  const naive = Date.parse(`${local}:00Z`);
  return [offsetAt(naive - 2 * DAY, timeZone), offsetAt(naive + 2 * DAY, timeZone)].map(
    (offset) => naive - offset * MINUTE,
  );
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A local date (2001–2037, where every zone's rules are settled) and a time of day, as typed. */
const localDateTime = fc
  .record({
    day: fc.date({
      min: new Date('2001-01-01T00:00:00Z'),
      max: new Date('2037-12-31T00:00:00Z'),
      noInvalidDate: true,
    }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
  })
  .map(({ day, hour, minute }) => `${day.toISOString().slice(0, 10)}T${pad(hour)}:${pad(minute)}`);

describe('localToInstant', () => {
  it.each([
    ['2026-12-12', 'Europe/London', 'start-of-day', '2026-12-12T00:00:00.000Z'],
    ['2026-12-12', 'Europe/London', 'end-of-day', '2026-12-12T23:59:59.000Z'],
    ['2026-07-12T17:00', 'Europe/London', 'start-of-day', '2026-07-12T16:00:00.000Z'],
    ['2026-11-23', 'America/Los_Angeles', 'end-of-day', '2026-11-24T07:59:59.000Z'],
    ['2026-11-23', 'Pacific/Kiritimati', 'start-of-day', '2026-11-22T10:00:00.000Z'],
    ['2026-03-29T12:00', 'Asia/Kolkata', 'start-of-day', '2026-03-29T06:30:00.000Z'],
    ['2026-07-01T09:00', 'Australia/Adelaide', 'start-of-day', '2026-06-30T23:30:00.000Z'],
    ['2026-01-15T09:00', 'Pacific/Chatham', 'start-of-day', '2026-01-14T19:15:00.000Z'],
  ] as const)('reads %s in %s (%s) as %s', (text, timeZone, dateMeans, expected) => {
    // Prepare: the cases cover both hemispheres, half- and quarter-hour offsets and summer time.

    // Act
    const instant = localToInstant(text, timeZone, dateMeans);

    // Assess
    expect(instant).toBe(expected);
  });

  it('reads a date alone as the start of the day unless told otherwise', () => {
    // Prepare
    const text = '2026-12-12';

    // Act
    const instant = localToInstant(text, 'America/New_York');

    // Assess
    expect(instant).toBe('2026-12-12T05:00:00.000Z');
  });

  it('ignores dateMeans when a time is given', () => {
    // Prepare
    const text = '2026-12-12T17:00';

    // Act
    const asStart = localToInstant(text, 'Europe/Berlin', 'start-of-day');
    const asEnd = localToInstant(text, 'Europe/Berlin', 'end-of-day');

    // Assess
    expect(asStart).toBe('2026-12-12T16:00:00.000Z');
    expect(asEnd).toBe(asStart);
  });

  it.each([
    [
      'just before the spring change in London',
      'Europe/London',
      '2026-03-29T00:30',
      '2026-03-29T00:30:00.000Z',
    ],
    ['after the spring change in London', 'Europe/London', '2026-03-29T12:00', '2026-03-29T11:00:00.000Z'],
    ['after the autumn change in London', 'Europe/London', '2026-10-25T12:00', '2026-10-25T12:00:00.000Z'],
    [
      'just before the spring change in New York',
      'America/New_York',
      '2026-03-08T01:30',
      '2026-03-08T06:30:00.000Z',
    ],
    [
      'after the spring change in New York',
      'America/New_York',
      '2026-03-08T12:00',
      '2026-03-08T16:00:00.000Z',
    ],
    [
      'after the autumn change in New York',
      'America/New_York',
      '2026-11-01T12:00',
      '2026-11-01T17:00:00.000Z',
    ],
    ['after the autumn change in Sydney', 'Australia/Sydney', '2026-04-05T12:00', '2026-04-05T02:00:00.000Z'],
  ])('uses the offset in force on the day: %s', (_case, timeZone, text, expected) => {
    // Prepare: each text is on the very day the zone changes its clocks.

    // Act
    const instant = localToInstant(text, timeZone);

    // Assess
    expect(instant).toBe(expected);
  });

  it.each([
    ['Europe/London', '2026-03-29', '2026-03-30'],
    ['Europe/London', '2026-10-25', '2026-10-26'],
    ['America/New_York', '2026-03-08', '2026-03-09'],
    ['Australia/Lord_Howe', '2026-10-04', '2026-10-05'],
  ])(
    'in %s, the end of %s is one second before the start of %s, however long the day',
    (timeZone, day, next) => {
      // Prepare: each first day is 23, 23.5 or 25 hours long.

      // Act
      const end = localToInstant(day, timeZone, 'end-of-day');
      const nextStart = localToInstant(next, timeZone, 'start-of-day');

      // Assess
      expect(end).toBeDefined();
      expect(nextStart).toBeDefined();
      expect(Date.parse(nextStart as string) - Date.parse(end as string)).toBe(1000);
    },
  );

  it.each([
    ['2026-02-30'],
    ['2026-02-29'],
    ['2026-04-31'],
    ['2026-13-01'],
    ['2026-00-10'],
    ['2026-01-00'],
    ['2026-01-01T24:00'],
    ['2026-01-01T10:60'],
    ['2026-1-1'],
    [' 2026-01-01'],
    ['2026-01-01 '],
    ['2026-01-01T10:00:00'],
    ['2026-01-01T10:00Z'],
    ['2026-01-01T10'],
    ['12/12/2026'],
    ['tomorrow'],
    [''],
  ])('returns undefined for %j, which is not a local date or names a day that does not exist', (text) => {
    // Prepare
    const timeZone = 'Europe/London';

    // Act
    const instant = localToInstant(text, timeZone, 'end-of-day');

    // Assess
    expect(instant).toBeUndefined();
  });

  it('accepts 29 February in a leap year', () => {
    // Prepare
    const text = '2028-02-29';

    // Act
    const instant = localToInstant(text, 'UTC');

    // Assess
    expect(instant).toBe('2028-02-29T00:00:00.000Z');
  });

  it('gives back the same wall-clock time in the zone, for any zone and any local time that exists', () => {
    // Prepare
    const zone = fc.constantFrom(...ZONES);

    fc.assert(
      fc.property(zone, localDateTime, (timeZone, text) => {
        // Act
        const instant = localToInstant(text, timeZone);

        // Assess
        expect(instant).toBeDefined();
        const valid = candidates(text, timeZone).filter((t) => wallClock(t, timeZone) === `${text}:00`);
        if (valid.length > 0) {
          expect(valid).toContain(Date.parse(instant as string));
        } else {
          // In a gap (clocks jumped over it) any reading by either neighbouring offset will do.
          expect(candidates(text, timeZone)).toContain(Date.parse(instant as string));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reads a time that clocks skip with one of the offsets either side of the change', () => {
    // Prepare: London jumps from 01:00 GMT to 02:00 BST on 29 March 2026, so 01:30 never happens.
    const text = '2026-03-29T01:30';

    // Act
    const instant = localToInstant(text, 'Europe/London');

    // Assess
    expect(['2026-03-29T01:30:00.000Z', '2026-03-29T00:30:00.000Z']).toContain(instant);
  });

  it('reads a date alone as a span of about a day, in any zone', () => {
    // Prepare: 20 to 28 hours, because some zones moved their clocks by three hours in one go
    // (Antarctica/Casey, 2010).
    const zone = fc.constantFrom(...ZONES);
    const day = localDateTime.map((text) => text.slice(0, 10));

    fc.assert(
      fc.property(zone, day, (timeZone, text) => {
        // Act
        const start = Date.parse(localToInstant(text, timeZone, 'start-of-day') as string);
        const end = Date.parse(localToInstant(text, timeZone, 'end-of-day') as string);

        // Assess
        expect(end - start).toBeGreaterThanOrEqual(20 * 3600_000);
        expect(end - start).toBeLessThan(28 * 3600_000);
      }),
      { numRuns: 200 },
    );
  });

  // Known bug, see the report: in zones west of UTC whose clocks skip midnight (Chile, Cuba), the
  // start of that day is read with the old offset applied twice and lands at 23:00 the day before.
  // Remove `.fails` once localToInstant returns the first instant of the named day.
  it.each([
    ['America/Santiago', '2026-09-06', '2026-09-06T04:00:00.000Z'],
    ['America/Havana', '2026-03-08', '2026-03-08T05:00:00.000Z'],
  ])(
    'starts %s on %s at its first instant, 01:00 local, not the evening before',
    (timeZone, text, expected) => {
      // Prepare: on this day the zone's clocks go from 23:59:59 straight to 01:00.

      // Act
      const instant = localToInstant(text, timeZone, 'start-of-day');

      // Assess
      expect(wallClock(instant as string, timeZone).slice(0, 10)).toBe(text);
      expect(instant).toBe(expected);
    },
  );

  // Known bug, see the report: the last hour of 4 April 2026 happens twice in Santiago (00:00 -03
  // becomes 23:00 -04); the end of the day is the second 23:59:59, but the first one is returned.
  it('ends a day whose last hour repeats at the second 23:59:59', () => {
    // Prepare
    const text = '2026-04-04';

    // Act
    const instant = localToInstant(text, 'America/Santiago', 'end-of-day');

    // Assess
    expect(instant).toBe('2026-04-05T03:59:59.000Z');
  });
});

describe('isValidTimeZone', () => {
  it.each([['Europe/London'], ['America/New_York'], ['UTC'], ['Asia/Kolkata'], ['Pacific/Chatham']])(
    'accepts %s',
    (timeZone) => {
      // Prepare: nothing beyond the zone name.

      // Act
      const valid = isValidTimeZone(timeZone);

      // Assess
      expect(valid).toBe(true);
    },
  );

  it.each([[''], ['Europe/Londn'], ['Mars/Olympus'], ['not a zone'], ['Europe/London/Soho']])(
    'rejects %j',
    (timeZone) => {
      // Prepare: nothing beyond the text.

      // Act
      const valid = isValidTimeZone(timeZone);

      // Assess
      expect(valid).toBe(false);
    },
  );

  it('accepts every zone the runtime knows', () => {
    // Prepare
    const zone = fc.constantFrom(...ZONES);

    fc.assert(
      fc.property(zone, (timeZone) => {
        // Act
        const valid = isValidTimeZone(timeZone);

        // Assess
        expect(valid).toBe(true);
      }),
    );
  });
});

describe('formatInZone', () => {
  it('names the weekday, day, month, year, time and zone of the instant', () => {
    // Prepare
    const instant = '2026-12-12T23:59:59.000Z';

    // Act
    const text = formatInZone(instant, 'Europe/London');

    // Assess
    expect(text).toMatch(/^Saturday, 12 December 2026\b.*\b23:59\b.*\bGMT$/);
  });

  it('shows the calendar day in the zone, not in UTC', () => {
    // Prepare: 23:30 UTC on Saturday is already Sunday morning in Auckland.
    const instant = '2026-12-12T23:30:00.000Z';

    // Act
    const text = formatInZone(instant, 'Pacific/Auckland', false);

    // Assess
    expect(text).toBe('Sunday, 13 December 2026');
  });

  it('leaves the time out when asked to', () => {
    // Prepare
    const instant = '2026-07-12T16:00:00.000Z';

    // Act
    const withTime = formatInZone(instant, 'Europe/London');
    const withoutTime = formatInZone(instant, 'Europe/London', false);

    // Assess
    expect(withTime).toMatch(/\b17:00\b.*\bBST$/);
    expect(withoutTime).toBe('Sunday, 12 July 2026');
  });

  it('shows the day a date alone was read as, in any zone', () => {
    // Prepare
    const zone = fc.constantFrom('Europe/London', 'America/Los_Angeles', 'Asia/Tokyo', 'Pacific/Kiritimati');
    const day = localDateTime.map((text) => text.slice(0, 10));

    fc.assert(
      fc.property(zone, day, (timeZone, text) => {
        // Act
        const shown = formatInZone(localToInstant(text, timeZone, 'end-of-day') as string, timeZone, false);

        // Assess
        const expected = new Intl.DateTimeFormat('en-GB', {
          timeZone: 'UTC',
          weekday: 'long',
          day: 'numeric',
          month: 'long',
          year: 'numeric',
        }).format(new Date(`${text}T12:00:00Z`));
        expect(shown).toBe(expected);
      }),
    );
  });
});

describe('canonicalTimeZone', () => {
  it('keeps a current name that ICU knows by an older alias, as typed', () => {
    // Prepare / Act
    const names = ['Asia/Kolkata', 'Europe/Kyiv', 'Asia/Ho_Chi_Minh'].map(canonicalTimeZone);

    // Assess
    expect(names).toEqual(['Asia/Kolkata', 'Europe/Kyiv', 'Asia/Ho_Chi_Minh']);
  });

  it('fixes only the case of a name typed in lower case', () => {
    expect(canonicalTimeZone('europe/london')).toBe('Europe/London');
  });

  it('answers undefined for text that is not a time zone', () => {
    expect(canonicalTimeZone('Mars/Olympus_Mons')).toBeUndefined();
  });
});

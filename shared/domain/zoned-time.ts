/**
 * Cohort dates are typed by coordinators in the cohort's own time zone ("intake closes on
 * 12 December") and stored as UTC instants. Intl gives us the zone's offset; no date library.
 */

/**
 * Building a formatter is slow (about a millisecond) and a 5,000-row import asks about the same
 * few zones, so answers are kept: the zone's name as we store it, or null when it is not a zone.
 */
const zoneNames = new Map<string, string | null>();

function lookUpZone(timeZone: string): string | null {
  const known = zoneNames.get(timeZone);
  if (known !== undefined) return known;
  let name: string | null;
  try {
    const resolved = new Intl.DateTimeFormat('en-GB', { timeZone }).resolvedOptions().timeZone;
    // ICU may answer with an older alias (Asia/Calcutta for Asia/Kolkata): keep the name as
    // typed, fixing only its case (`europe/london` → `Europe/London`).
    name = resolved.toLowerCase() === timeZone.toLowerCase() ? resolved : timeZone;
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    name = null;
  }
  // Bounded, so hostile input can't grow it without limit.
  if (zoneNames.size < 1000) zoneNames.set(timeZone, name);
  return name;
}

export function isValidTimeZone(timeZone: string): boolean {
  return lookUpZone(timeZone) !== null;
}

/** The zone's name as stored, or undefined when it is not a time zone. */
export function canonicalTimeZone(timeZone: string): string | undefined {
  return lookUpZone(timeZone) ?? undefined;
}

function offsetMinutes(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

const DAY_MS = 24 * 3600_000;

/**
 * The instant whose wall-clock time in `timeZone` is `wall` (a wall-clock time written as if it
 * were UTC). Around a daylight-saving change a wall time can happen twice (pick `prefer`) or
 * not at all (clocks jumped over it: we take the moment of the jump, as Temporal's
 * "compatible" rule does), so the offsets on either side are both tried.
 */
function wallToInstant(wall: number, timeZone: string, prefer: 'earlier' | 'later'): number {
  const offsetBefore = offsetMinutes(wall - DAY_MS, timeZone) * 60_000;
  const offsetAfter = offsetMinutes(wall + DAY_MS, timeZone) * 60_000;
  const matches = [wall - offsetBefore, wall - offsetAfter]
    .filter((instant) => instant + offsetMinutes(instant, timeZone) * 60_000 === wall)
    .sort((a, b) => a - b);
  if (matches.length === 0) return wall - offsetBefore;
  return (prefer === 'earlier' ? matches[0] : matches.at(-1)) as number;
}

/** Today's date (`YYYY-MM-DD`) in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/;

/**
 * `2026-12-12` or `2026-12-12T17:00` read in `timeZone`, as an ISO instant in UTC. A date alone
 * means the start of that day, or its end when `dateMeans` is `end-of-day` (an intake that
 * "closes on the 12th" stays open all of the 12th). Returns undefined when the text is not such
 * a date or names a day that does not exist.
 */
export function localToInstant(
  text: string,
  timeZone: string,
  dateMeans: 'start-of-day' | 'end-of-day' = 'start-of-day',
): string | undefined {
  const match = LOCAL.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const hasTime = match[4] !== undefined;
  const wall = Date.UTC(y, mo - 1, d, hasTime ? h : 0, hasTime ? mi : 0);
  const check = new Date(wall);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d)
    return undefined;
  if (hasTime && (h > 23 || mi > 59)) return undefined;
  const end = !hasTime && dateMeans === 'end-of-day';
  const wallTime = end ? wall + DAY_MS - 1000 : wall;
  // The end of a day is its last moment, even when its last hour happens twice.
  const instant = wallToInstant(wallTime, timeZone, end ? 'later' : 'earlier');
  return new Date(instant).toISOString();
}

/** The calendar day of an instant in a time zone, e.g. for "intake closes on Friday 12 December". */
export function formatInZone(instantIso: string, timeZone: string, withTime = true): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' } : {}),
  }).format(new Date(instantIso));
}

/**
 * `days` calendar days after `instantIso` at the same wall-clock time in `timeZone`: a check-in
 * every two weeks at 09:00 stays at 09:00 across a daylight-saving change, so it is 14 days ± 1
 * hour of elapsed time, not 336 hours.
 */
export function addLocalDays(instantIso: string, days: number, timeZone: string): string {
  const instant = Date.parse(instantIso);
  const wall = instant + offsetMinutes(instant, timeZone) * 60_000 + days * DAY_MS;
  return new Date(wallToInstant(wall, timeZone, 'earlier')).toISOString();
}

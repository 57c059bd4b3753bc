import { addLocalDays } from '../zoned-time.ts';
import type { CheckInSettings } from './settings.ts';

export interface CheckInRound {
  round: number;
  /** Round 1 asks whether the pair is a good fit, on top of the usual questions. */
  fitCheck: boolean;
  opensAt: string;
  /** Absent when the cohort sends no reminder, or the round is too short for one. */
  remindAt?: string;
  closesAt: string;
}

interface CadenceInput {
  /** When check-ins count from: the program start, or the approval when that came later. */
  anchoredAt: string;
  programEndsAt: string;
  timeZone: string;
  checkInEveryDays: number;
  settings: Pick<CheckInSettings, 'reminderAfterDays' | 'roundOpenDays'>;
}

/** A round that opens later than this before the program ends would ask about nothing. */
const MIN_DAYS_BEFORE_END = 2;
const DAY = 24 * 3600_000;

/**
 * The rounds of a cohort: round k opens k cadences after the anchor, at the same local time
 * (pairs need a cadence to meet before the first question), and closes when the next one opens
 * (or after `roundOpenDays`), never after the program ends. The reminder goes out
 * `reminderAfterDays` into the round, if that is before it closes.
 */
export function planRounds(input: CadenceInput): CheckInRound[] {
  const rounds: CheckInRound[] = [];
  const ends = Date.parse(input.programEndsAt);
  const openDays = input.settings.roundOpenDays ?? input.checkInEveryDays;
  for (let k = 1; ; k += 1) {
    const opensAt = addLocalDays(input.anchoredAt, k * input.checkInEveryDays, input.timeZone);
    if (Date.parse(opensAt) > ends - MIN_DAYS_BEFORE_END * DAY) break;
    const closesAt = new Date(
      Math.min(Date.parse(addLocalDays(opensAt, openDays, input.timeZone)), ends),
    ).toISOString();
    const remindAt =
      input.settings.reminderAfterDays > 0
        ? addLocalDays(opensAt, input.settings.reminderAfterDays, input.timeZone)
        : undefined;
    rounds.push({
      round: k,
      fitCheck: k === 1,
      opensAt,
      ...(remindAt && remindAt < closesAt ? { remindAt } : {}),
      closesAt,
    });
  }
  return rounds;
}

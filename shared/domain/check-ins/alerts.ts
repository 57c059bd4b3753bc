import type { CheckInAnswer } from './answers.ts';

/** What a pair said in one closed round, kept on the pair for the next round's alert rules. */
export interface PairObservation {
  answered: boolean;
  /** Someone said they met. */
  met: boolean;
  /** Someone said they had not met, and nobody said they had. */
  notMet: boolean;
  minRating?: number;
}

export const RISK_REASONS = ['missed-two-rounds', 'not-met-twice', 'low-rating'] as const;
export type RiskReason = (typeof RISK_REASONS)[number];

/** A rating (or energy) of this or less is an early warning. */
const LOW_SCORE = 2;

/** Both people's answers of one round (none, one or two) as one observation of the pair. */
export function observePair(answers: readonly CheckInAnswer[]): PairObservation {
  const ratings = answers.flatMap((a) => (a.rating === undefined ? [] : [a.rating]));
  const met = answers.some((a) => a.met === true);
  return {
    answered: answers.length > 0,
    met,
    notMet: !met && answers.some((a) => a.met === false),
    ...(ratings.length > 0 ? { minRating: Math.min(...ratings) } : {}),
  };
}

/**
 * Why a pair is at risk when a round closes, given its observations in round order (the last is
 * the round just closed): neither person answered this round nor the one before; this is the
 * second (or later) round they said they had not met; or someone rated it 2 or less this round.
 * An empty list means no alert.
 */
export function pairRisk(history: readonly PairObservation[]): RiskReason[] {
  const current = history.at(-1);
  if (!current) return [];
  const previous = history.at(-2);
  const reasons: RiskReason[] = [];
  if (!current.answered && previous && !previous.answered) reasons.push('missed-two-rounds');
  if (current.notMet && history.filter((o) => o.notMet).length >= 2) reasons.push('not-met-twice');
  if (current.minRating !== undefined && current.minRating <= LOW_SCORE) reasons.push('low-rating');
  return reasons;
}

/** Low energy reported in this many rounds flags a supporter: no new matches until cleared. */
const LOW_ENERGY_ROUNDS_TO_FLAG = 2;

export function reportsLowEnergy(answer: CheckInAnswer): boolean {
  return answer.energy !== undefined && answer.energy <= LOW_SCORE;
}

export function shouldFlagSupporter(lowEnergyRounds: readonly number[]): boolean {
  return new Set(lowEnergyRounds).size >= LOW_ENERGY_ROUNDS_TO_FLAG;
}

/**
 * A pair is inactive when nobody has said "we met" for `afterDays`: counted from the close of the
 * last round in which someone said so, or from the pair's first check-in if nobody ever did.
 * Closing it frees the supporter and tells both.
 */
export function isInactive(
  lastMetAt: string | undefined,
  startedAt: string,
  now: Date,
  afterDays: number,
): boolean {
  const since = Date.parse(lastMetAt ?? startedAt);
  return now.getTime() - since >= afterDays * 24 * 3600_000;
}

import { reportsLowEnergy } from './alerts.ts';
import { FIT_ANSWERS, SPONSOR_ACTIONS } from './answers.ts';
import type { RoundState, RoundSummary, StoredCheckIn } from './check-in.ts';

export function summariseRound(checkIns: Iterable<StoredCheckIn>, atRiskPairs: number): RoundSummary {
  const summary: RoundSummary = {
    answered: 0,
    metYes: 0,
    metNo: 0,
    ratingSum: 0,
    ratings: 0,
    helpRequests: 0,
    lowEnergy: 0,
    atRiskPairs,
    fit: Object.fromEntries(FIT_ANSWERS.map((f) => [f, 0])),
    sponsorshipActions: Object.fromEntries(SPONSOR_ACTIONS.map((a) => [a, 0])),
  };
  for (const { answer } of checkIns) {
    summary.answered += 1;
    if (answer.met === true) summary.metYes += 1;
    if (answer.met === false) summary.metNo += 1;
    if (answer.rating !== undefined) {
      summary.ratingSum += answer.rating;
      summary.ratings += 1;
    }
    if (answer.help) summary.helpRequests += 1;
    if (reportsLowEnergy(answer)) summary.lowEnergy += 1;
    if (answer.fit) summary.fit[answer.fit] = (summary.fit[answer.fit] ?? 0) + 1;
    for (const action of answer.actions ?? [])
      summary.sponsorshipActions[action] = (summary.sponsorshipActions[action] ?? 0) + 1;
  }
  return summary;
}

const ratio = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null);

/** One round as cohort health shows it: counts and rates (null where there is nothing to divide). */
export function roundHealth(round: RoundState, summary: RoundSummary, now: Date) {
  const status =
    round.step === 'skipped'
      ? 'skipped'
      : round.step === 'done'
        ? 'closed'
        : Date.parse(round.opensAt) > now.getTime()
          ? 'planned'
          : 'open';
  return {
    round: round.round,
    fitCheck: round.fitCheck,
    status,
    opensAt: round.opensAt,
    ...(round.remindAt ? { remindAt: round.remindAt } : {}),
    closesAt: round.closesAt,
    asked: round.asked,
    answered: summary.answered,
    responseRate: ratio(summary.answered, round.asked),
    meetingRate: ratio(summary.metYes, summary.metYes + summary.metNo),
    meanRating: summary.ratings > 0 ? Math.round((summary.ratingSum / summary.ratings) * 100) / 100 : null,
    atRiskPairs: summary.atRiskPairs,
    helpRequests: summary.helpRequests,
    lowEnergy: summary.lowEnergy,
    fit: summary.fit,
    sponsorshipActions: summary.sponsorshipActions,
  };
}
export type RoundHealth = ReturnType<typeof roundHealth>;

import type { PairObservation, RiskReason } from './alerts.ts';
import type { CheckInAnswer, Side } from './answers.ts';
import type { CheckInRef, Pair } from './check-in-ref.ts';
import type { CheckInRound } from './rounds.ts';

/** When a cohort's check-ins began: planned once, never moved. */
export interface CheckInPlan {
  cohortId: string;
  anchoredAt: string;
  createdAt: string;
}

/**
 * One round of a cohort, and how far the job got with it. Each step (open: send the check-ins;
 * remind; close: alerts) walks the cohort's pairs in key order and saves `cursor` (the last pair
 * done) as it goes, so a run that dies half-way is continued, not restarted, by the next.
 */
export interface RoundState extends CheckInRound {
  cohortId: string;
  step: 'open' | 'remind' | 'close' | 'done' | 'skipped';
  cursor?: string;
  /** Check-ins sent (one per person of each pair asked). */
  asked: number;
  /** Counts kept at close, so cohort health does not read every answer of every closed round. */
  summary?: RoundSummary;
  version: number;
}

export interface RoundSummary {
  answered: number;
  metYes: number;
  metNo: number;
  ratingSum: number;
  ratings: number;
  helpRequests: number;
  lowEnergy: number;
  atRiskPairs: number;
  fit: Record<string, number>;
  sponsorshipActions: Record<string, number>;
}

/** One person's answer to one round's check-in of one pair. Written only when they answer. */
export interface StoredCheckIn extends CheckInRef {
  participantId: string;
  side: Side;
  answer: CheckInAnswer;
  answeredAt: string;
  /** Counts saved changes; a write names the revision it read, so two tabs can't both win. */
  revision: number;
  /** Copied from the round: the conditional write refuses answers from then on. */
  closesAt: string;
  /** Follow-ups of the answer, each done once: the help request, the note, the re-match. */
  helpRequestedAt?: string;
  helpHandledAt?: string;
  appreciationSentAt?: string;
  rematchedAt?: string;
}

/** A pair the check-ins have asked about, from the first round it was in. */
export interface PairState extends Pair {
  cohortId: string;
  firstRound: number;
  /** When its first check-in went out: inactivity counts from here until someone says they met. */
  startedAt: string;
  observations: Record<string, PairObservation>;
  closedAt?: string;
}

export type NoticeKind =
  | 'pair-at-risk'
  | 'help-request'
  | 'supporter-flagged'
  | 'pair-closed'
  | 'rematched'
  | 'unsubscribed';

/**
 * Something the coordinator should hear about: listed in the next daily digest, and kept as the
 * cohort's alert log for the health view. `id` makes a repeated step write the same notice.
 */
export interface Notice {
  cohortId: string;
  kind: NoticeKind;
  id: string;
  at: string;
  round?: number;
  participantId?: string;
  pair?: Pair;
  reasons?: RiskReason[];
  note?: string;
  /** The digest (local date) that listed it. */
  digestDate?: string;
  /** Supporter flags: when the coordinator cleared it. */
  clearedAt?: string;
}

/** The coordinator's daily digest of one cohort: when it is next due. */
export interface DigestState {
  cohortId: string;
  nextAt: string;
  version: number;
}

/** An answer after its round closed: shown as a friendly "this check-in has closed" page. */
export class CheckInClosedError extends Error {
  override readonly name = 'CheckInClosedError';
}

import type { PairObservation } from '#shared/domain/check-ins/alerts.ts';
import type {
  CheckInPlan,
  DigestState,
  Notice,
  NoticeKind,
  PairState,
  RoundState,
  StoredCheckIn,
} from '#shared/domain/check-ins/check-in.ts';
import type { CheckInRef } from '#shared/domain/check-ins/check-in-ref.ts';
import type { Milestone } from '#shared/domain/milestone.ts';

/** What the check-ins job finds due: its milestone, a round's next step, a digest, an answer's follow-ups. */
export type CheckInDueItem =
  | { type: 'milestone'; dueAt: string; milestone: Milestone }
  | { type: 'round'; dueAt: string; round: RoundState }
  | { type: 'digest'; dueAt: string; digest: DigestState }
  | { type: 'check-in'; dueAt: string; checkIn: StoredCheckIn };

export interface CheckInStore {
  /** Everything due for the check-ins job by `now`, oldest first. */
  due(now: Date): AsyncIterable<CheckInDueItem>;

  /**
   * Stores the plan, its rounds and the digest unless already there; returns the plan as stored
   * (the first anchor wins). Repeating it puts back whatever a crash left out.
   */
  ensurePlan(plan: CheckInPlan, rounds: RoundState[], digest: DigestState): Promise<CheckInPlan>;
  plan(cohortId: string): Promise<CheckInPlan | undefined>;
  rounds(cohortId: string): Promise<RoundState[]>;
  /**
   * Saves a round's progress if it is still at the version read (else ConflictError). The round
   * is due again at `dueAt`, or leaves the due index when it has none.
   */
  saveRound(round: RoundState, changes: Partial<RoundState>, dueAt: string | undefined): Promise<RoundState>;

  pairs(cohortId: string, pairKeys: readonly string[]): Promise<Map<string, PairState>>;
  /** Adds pairs not yet known; a known pair keeps its first round. */
  addPairs(pairs: readonly PairState[]): Promise<void>;
  /** Records what a pair said in a round (the same round twice writes the same thing). */
  observe(pair: PairState, round: number, observation: PairObservation): Promise<void>;
  closePair(pair: PairState, at: Date): Promise<void>;

  getCheckIn(ref: CheckInRef, participantId: string): Promise<StoredCheckIn | undefined>;
  /**
   * Writes an answer if the round is still open at `now` and nobody saved since `expectedRevision`
   * was read (0: no answer yet). Follow-ups pending on it put it in the due index. Throws
   * CheckInClosedError or ConflictError.
   */
  saveAnswer(
    checkIn: StoredCheckIn,
    expectedRevision: number,
    now: Date,
    followUpsDue: boolean,
  ): Promise<void>;
  /** Records that the follow-ups are done, and takes the check-in out of the due index. */
  followUpsDone(
    checkIn: StoredCheckIn,
    done: Partial<Pick<StoredCheckIn, 'helpHandledAt' | 'appreciationSentAt' | 'rematchedAt'>>,
  ): Promise<void>;
  /** Every answer of one round of a cohort. */
  checkInsOf(cohortId: string, round: number): AsyncIterable<StoredCheckIn>;

  /**
   * Adds the round to the supporter's low-energy rounds (once per round) and, when that makes
   * enough, flags them. True when this call flagged them.
   */
  recordLowEnergy(cohortId: string, participantId: string, round: number, flagAt: Date): Promise<boolean>;
  /** Clears the flag and the rounds that led to it. False when the supporter was not flagged. */
  clearFlag(cohortId: string, participantId: string, at: Date): Promise<boolean>;

  /** Adds a notice unless one with the same kind and id exists. */
  addNotice(notice: Notice): Promise<void>;
  notices(cohortId: string, kind?: NoticeKind): Promise<Notice[]>;
  /** Marks every notice no digest has listed yet as listed by `date`'s; returns all of that date's. */
  claimNotices(cohortId: string, date: string): Promise<Notice[]>;
  /** Marks a supporter's flag notices as cleared. */
  clearNotices(cohortId: string, kind: NoticeKind, participantId: string, at: Date): Promise<void>;
  /** Moves the digest to its next time (ConflictError if another run did). */
  saveDigest(digest: DigestState, nextAt: string | undefined): Promise<void>;
}

import type { Cohort } from '#shared/domain/cohort.ts';
import type { CohortAdjustments, History } from '#shared/domain/matching/cohort-input.ts';
import type { ScoreFactor, UnmatchedReason } from '#shared/domain/matching/types.ts';
import type { SupportRole } from '#shared/domain/support-roles.ts';

/**
 * One seeker's need for one role in one matching run: matched (proposed until the coordinator
 * approves the run, then in effect), unmatched with a reason, or ended early.
 */
export interface StoredMatch {
  cohortId: string;
  runId: string;
  seekerId: string;
  role: SupportRole;
  status: 'matched' | 'unmatched' | 'ended';
  supporterId?: string;
  score?: number;
  factors?: ScoreFactor[];
  pinned?: boolean;
  reason?: UnmatchedReason;
  /** The next best feasible supporters, best first. */
  alternatives: { supporterId: string; score: number }[];
  /** Supporters of earlier matches for this need that ended early, most recent last. */
  endedWith?: string[];
}

export interface MatchingRun {
  runId: string;
  proposedAt: string;
  totals: { matched: number; score: number; demand: number };
}

export interface MatchStore {
  /**
   * Stores a run's matches, then makes it the cohort's current run with a conditional write on
   * the cohort's version. Until that write, the previous run stays current: a failed run
   * changes no stored match.
   */
  saveRun(cohort: Cohort, run: MatchingRun, matches: StoredMatch[]): Promise<Cohort>;
  matchesOf(cohortId: string, runId: string): Promise<StoredMatch[]>;
  adjustments(cohortId: string): Promise<CohortAdjustments>;
  addPin(cohortId: string, pin: CohortAdjustments['pins'][number]): Promise<void>;
  addForbid(cohortId: string, forbid: CohortAdjustments['forbids'][number]): Promise<void>;
  /** Replaces one need's match in place (a re-match after a match ended early). */
  putMatch(match: StoredMatch): Promise<void>;
  /**
   * What each address carries from other cohorts (by normalised email): the people they support
   * in cohorts still running at `concurrentAt` (a cohort that has ended frees its supporters),
   * and whether they were ever left unmatched.
   */
  history(
    emailsNormalised: string[],
    exceptCohortId: string,
    concurrentAt: string,
  ): Promise<Map<string, History>>;
  /** Records on each participant what this cohort's approved matches ask of them, until the cohort ends. */
  recordOutcome(
    cohortId: string,
    supportingUntil: string,
    outcome: { participantId: string; supporting: number; unmatchedRoles: SupportRole[] }[],
  ): Promise<void>;
}

import type { Cohort, CohortState } from '#shared/domain/cohort.ts';
import type { Milestone } from '#shared/domain/milestone.ts';

export interface CohortStore {
  /** The cohort, its place in the program and its milestones, all or nothing. */
  create(cohort: Cohort, milestones: Milestone[]): Promise<void>;
  get(cohortId: string): Promise<Cohort | undefined>;
  listByProgram(programId: string): Promise<Cohort[]>;
  milestones(cohortId: string): Promise<Milestone[]>;
  /**
   * Moves the cohort to `to` if it is still at the version and state the caller read;
   * otherwise throws ConflictError. Returns the cohort as stored.
   */
  transition(cohort: Cohort, to: CohortState): Promise<Cohort>;
  markMilestoneDone(milestone: Milestone, doneAt: Date): Promise<void>;
}

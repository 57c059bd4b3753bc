import type { Milestone } from '#shared/domain/milestone.ts';
import type { Participant } from '#shared/domain/participant.ts';
import type { SurveyRequest } from '#shared/domain/survey-request.ts';

/** Work the sparse due index says is due: a milestone, or an invitation still to send. */
export type DueItem =
  | { type: 'milestone'; dueAt: string; milestone: Milestone }
  | { type: 'invitation'; dueAt: string; participant: Participant };

/** What the surveys job finds due: its milestones, and the next step of each survey request. */
export type SurveyDueItem =
  | { type: 'milestone'; dueAt: string; milestone: Milestone }
  | { type: 'survey-request'; dueAt: string; request: SurveyRequest };

export interface DueWork {
  /** Everything due for `job` by `now`, oldest first, across all pages. */
  due(job: 'intake', now: Date): AsyncIterable<DueItem>;
  /** The same for the surveys job. */
  dueForSurveys(now: Date): AsyncIterable<SurveyDueItem>;
}

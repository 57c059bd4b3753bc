import type { Milestone } from '#shared/domain/milestone.ts';
import type { Participant } from '#shared/domain/participant.ts';

/** Work the sparse due index says is due: a milestone, or an invitation still to send. */
export type DueItem =
  | { type: 'milestone'; dueAt: string; milestone: Milestone }
  | { type: 'invitation'; dueAt: string; participant: Participant };

export interface DueWork {
  /** Everything due for `job` by `now`, oldest first, across all pages. */
  due(job: 'intake', now: Date): AsyncIterable<DueItem>;
}

import type { Cohort } from './cohort.ts';

/**
 * A dated step of a cohort. Milestones are stored with the due index, so the job that owns a
 * milestone finds it when it is due, acts idempotently and marks it done.
 */
const MILESTONE_KINDS = ['intake-opens', 'intake-reminder', 'intake-closes'] as const;
type MilestoneKind = (typeof MILESTONE_KINDS)[number];

/** Which scheduled job acts on a milestone. */
export const milestoneJob: Record<MilestoneKind, 'intake'> = {
  'intake-opens': 'intake',
  'intake-reminder': 'intake',
  'intake-closes': 'intake',
};

export interface Milestone {
  cohortId: string;
  kind: MilestoneKind;
  dueAt: string;
  doneAt?: string;
}

const DAY = 24 * 3600_000;

export function planIntakeMilestones(cohort: Cohort): Milestone[] {
  const milestones: Milestone[] = [
    { cohortId: cohort.cohortId, kind: 'intake-opens', dueAt: cohort.intakeOpensAt },
    { cohortId: cohort.cohortId, kind: 'intake-closes', dueAt: cohort.intakeClosesAt },
  ];
  if (cohort.intakeReminderDaysBeforeClose > 0) {
    const reminderAt = Date.parse(cohort.intakeClosesAt) - cohort.intakeReminderDaysBeforeClose * DAY;
    // A reminder before intake has opened would remind nobody of anything: skip it.
    if (reminderAt > Date.parse(cohort.intakeOpensAt)) {
      milestones.push({
        cohortId: cohort.cohortId,
        kind: 'intake-reminder',
        dueAt: new Date(reminderAt).toISOString(),
      });
    }
  }
  return milestones.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

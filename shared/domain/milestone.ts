import type { Cohort } from './cohort.ts';

/**
 * A dated step of a cohort. Milestones are stored with the due index, so the job that owns a
 * milestone finds it when it is due, acts idempotently and marks it done.
 */
const MILESTONE_KINDS = [
  'intake-opens',
  'intake-reminder',
  'intake-closes',
  'baseline-survey',
  'midpoint-survey',
  'end-survey',
  'program-starts',
] as const;
type MilestoneKind = (typeof MILESTONE_KINDS)[number];

/** Which scheduled job acts on a milestone. */
export const milestoneJob: Record<MilestoneKind, 'intake' | 'surveys' | 'check-ins'> = {
  'intake-opens': 'intake',
  'intake-reminder': 'intake',
  'intake-closes': 'intake',
  'baseline-survey': 'surveys',
  'midpoint-survey': 'surveys',
  'end-survey': 'surveys',
  'program-starts': 'check-ins',
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

/**
 * The surveys of a cohort's program: the baseline when the program starts (at the latest: the
 * surveys job sends it as soon as matches are approved), the midpoint halfway between start and
 * end, and the end-of-program survey on the last day, which moves the cohort to `surveying`.
 */
export function planSurveyMilestones(cohort: Cohort): Milestone[] {
  const starts = Date.parse(cohort.programStartsAt);
  const ends = Date.parse(cohort.programEndsAt);
  return [
    { cohortId: cohort.cohortId, kind: 'baseline-survey', dueAt: cohort.programStartsAt },
    {
      cohortId: cohort.cohortId,
      kind: 'midpoint-survey',
      dueAt: new Date(starts + Math.round((ends - starts) / 2)).toISOString(),
    },
    { cohortId: cohort.cohortId, kind: 'end-survey', dueAt: cohort.programEndsAt },
  ];
}

/**
 * The program's start, when the check-ins job moves a matched cohort to `running` and plans its
 * check-in rounds (matches approved later start them at approval instead).
 */
export function planCheckInMilestones(cohort: Cohort): Milestone[] {
  return [{ cohortId: cohort.cohortId, kind: 'program-starts', dueAt: cohort.programStartsAt }];
}

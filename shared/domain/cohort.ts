import * as z from 'zod';
import { type CheckInSettings, checkInSettingsSchema } from './check-ins/settings.ts';
import { type FieldProblem, ValidationError } from './errors.ts';
import { type SurveySettings, surveySettingsSchema } from './survey-settings.ts';
import { isValidTimeZone, localDate, localToInstant } from './zoned-time.ts';

/** The lifecycle of a cohort. Every transition is a conditional write that checks `version`. */
export const COHORT_STATES = [
  'draft',
  'intake_open',
  'intake_closed',
  'matching',
  'matched',
  'running',
  'surveying',
  'closed',
] as const;
export type CohortState = (typeof COHORT_STATES)[number];

const NEXT: Record<CohortState, CohortState[]> = {
  draft: ['intake_open'],
  intake_open: ['intake_closed'],
  intake_closed: ['matching'],
  matching: ['matched', 'intake_closed'],
  matched: ['running'],
  running: ['surveying'],
  surveying: ['closed'],
  closed: [],
};

export function canTransition(from: CohortState, to: CohortState): boolean {
  return NEXT[from].includes(to);
}

const CHECK_IN_CADENCES_DAYS = [7, 14, 21, 28] as const;

/**
 * What a coordinator types to launch a cohort. Dates are local to `timeZone`: `YYYY-MM-DD`
 * or `YYYY-MM-DDTHH:mm`. A closing or ending date alone means the end of that day.
 */
export const launchCohortInputSchema = z.object({
  name: z.string().trim().min(1, 'is required').max(120),
  timeZone: z.string().refine(isValidTimeZone, 'must be an IANA time zone such as Europe/London'),
  intakeOpensOn: z.string(),
  intakeClosesOn: z.string(),
  programStartsOn: z.string(),
  programEndsOn: z.string(),
  checkInEveryDays: z
    .number()
    .int()
    .refine((d) => (CHECK_IN_CADENCES_DAYS as readonly number[]).includes(d), 'must be 7, 14, 21 or 28')
    .default(14),
  /** Days before intake closes when invitees who have not applied get one reminder; 0 sends none. */
  intakeReminderDaysBeforeClose: z.number().int().min(0).max(60).default(3),
  /** Whether anyone holding the cohort's open application link may apply (not only invitees). */
  openApplication: z.boolean().default(false),
  /** Survey reminders, how long surveys stay open, and data retention after close (docs/surveys.md). */
  surveys: surveySettingsSchema.optional(),
  /** Check-in reminders, how long rounds stay open, inactive pairs and the digest (docs/check-ins.md). */
  checkIns: checkInSettingsSchema.optional(),
});
export type LaunchCohortInput = z.input<typeof launchCohortInputSchema>;

interface CohortDates {
  intakeOpensAt: string;
  intakeClosesAt: string;
  programStartsAt: string;
  programEndsAt: string;
}

export interface Cohort extends CohortDates {
  cohortId: string;
  programId: string;
  name: string;
  state: CohortState;
  timeZone: string;
  checkInEveryDays: number;
  intakeReminderDaysBeforeClose: number;
  openApplication: boolean;
  /** Absent: `DEFAULT_SURVEY_SETTINGS`. */
  surveys?: SurveySettings;
  /** Absent: every check-in setting at its default. */
  checkIns?: CheckInSettings;
  createdAt: string;
  /** Optimistic-locking counter: every write says which version it read. */
  version: number;
  /** The matching run the coordinator is reviewing, or approved. */
  matchingRun?: {
    runId: string;
    proposedAt: string;
    totals: { matched: number; score: number; demand: number };
  };
}

/**
 * Reads the dates in the cohort's zone and checks them: each parses, none is in the past
 * (an intake may open now), and they come in order: opens < closes <= starts < ends.
 */
export function resolveCohortDates(input: z.output<typeof launchCohortInputSchema>, now: Date): CohortDates {
  const problems: FieldProblem[] = [];
  const read = (field: keyof typeof input & string, means: 'start-of-day' | 'end-of-day') => {
    const value = input[field] as string;
    const instant = localToInstant(value, input.timeZone, means);
    if (!instant)
      problems.push({
        field,
        message: `"${value}" is not a date; write it as YYYY-MM-DD or YYYY-MM-DDTHH:mm`,
      });
    return instant;
  };
  const opens = read('intakeOpensOn', 'start-of-day');
  const closes = read('intakeClosesOn', 'end-of-day');
  const starts = read('programStartsOn', 'start-of-day');
  const ends = read('programEndsOn', 'end-of-day');
  if (!opens || !closes || !starts || !ends)
    throw new ValidationError('Some cohort dates could not be read.', problems);

  // An intake may open earlier today (a coordinator launching today types today's date);
  // everything else must still be ahead of us.
  const startOfToday = localToInstant(
    localDate(now, input.timeZone),
    input.timeZone,
    'start-of-day',
  ) as string;
  const nowMinute = new Date(Math.floor(now.getTime() / 60_000) * 60_000).toISOString();
  const earliest: [keyof CohortDates, string, string][] = [
    ['intakeOpensAt', 'intakeOpensOn', startOfToday],
    ['intakeClosesAt', 'intakeClosesOn', nowMinute],
    ['programStartsAt', 'programStartsOn', nowMinute],
    ['programEndsAt', 'programEndsOn', nowMinute],
  ];
  const dates: CohortDates = {
    intakeOpensAt: opens,
    intakeClosesAt: closes,
    programStartsAt: starts,
    programEndsAt: ends,
  };
  for (const [date, field, notBefore] of earliest) {
    if (dates[date] < notBefore) problems.push({ field, message: 'is in the past; choose a later date' });
  }
  if (!(opens < closes)) problems.push({ field: 'intakeClosesOn', message: 'must be after intakeOpensOn' });
  if (!(closes <= starts))
    problems.push({ field: 'programStartsOn', message: 'must be on or after intakeClosesOn' });
  if (!(starts < ends)) problems.push({ field: 'programEndsOn', message: 'must be after programStartsOn' });
  if (problems.length > 0) throw new ValidationError('The cohort dates need fixing.', problems);
  return dates;
}

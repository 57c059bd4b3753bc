import * as z from 'zod';
import { defineEvent } from './domain-event.ts';

/** The end-of-program survey closed and the cohort with it; its report is final from now on. */
export const CohortClosed = defineEvent(
  'CohortClosed',
  1,
  z.object({
    programId: z.string(),
    cohortId: z.string(),
    closedAt: z.string(),
    /** When the cohort's personal data expires (its retention policy). */
    personalDataExpiresAt: z.string(),
  }),
);

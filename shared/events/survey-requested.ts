import * as z from 'zod';
import { defineEvent } from './domain-event.ts';

/**
 * A survey request was stored and is due now (an admin's trigger, or a milestone): the surveys
 * job runs at once instead of at its next tick. The request itself is in the table, so a lost
 * event only delays the emails until that tick.
 */
export const SurveyRequested = defineEvent(
  'SurveyRequested',
  1,
  z.object({
    cohortId: z.string(),
    requestId: z.string(),
    surveyId: z.string(),
    version: z.number().int().positive(),
    audience: z.enum(['everyone', 'seekers', 'supporters']),
    trigger: z.enum(['milestone', 'admin']),
  }),
);

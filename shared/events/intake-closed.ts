import * as z from 'zod';
import { defineEvent } from './domain-event.ts';

/** Matching (a later job) starts from this event; the counts let it size its work. */
export const IntakeClosed = defineEvent(
  'IntakeClosed',
  1,
  z.object({
    programId: z.string(),
    cohortId: z.string(),
    applications: z.number().int().nonnegative(),
    invitedWithoutApplication: z.number().int().nonnegative(),
  }),
);

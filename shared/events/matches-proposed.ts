import * as z from 'zod';
import { defineEvent } from './domain-event.ts';

/** A matching run is ready for the coordinator's review. */
export const MatchesProposed = defineEvent(
  'MatchesProposed',
  1,
  z.object({
    cohortId: z.string(),
    runId: z.string(),
    matched: z.number().int().nonnegative(),
    unmatched: z.number().int().nonnegative(),
  }),
);

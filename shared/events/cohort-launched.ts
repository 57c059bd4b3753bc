import * as z from 'zod';
import { defineEvent } from './domain-event.ts';

export const CohortLaunched = defineEvent(
  'CohortLaunched',
  1,
  z.object({
    programId: z.string(),
    cohortId: z.string(),
    intakeOpensAt: z.string(),
    intakeClosesAt: z.string(),
  }),
);

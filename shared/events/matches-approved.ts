import * as z from 'zod';
import { defineEvent } from './domain-event.ts';

/** The coordinator approved a run: introductions go out, and supporters' loads are recorded. */
export const MatchesApproved = defineEvent(
  'MatchesApproved',
  1,
  z.object({ cohortId: z.string(), runId: z.string() }),
);

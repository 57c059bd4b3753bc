import * as z from 'zod';
import { defineEvent } from './domain-event.ts';

/** Tells the intake job to send the new invitations now rather than at its next scheduled run. */
export const ApplicantsImported = defineEvent(
  'ApplicantsImported',
  1,
  z.object({ cohortId: z.string(), importId: z.string(), added: z.number().int().nonnegative() }),
);

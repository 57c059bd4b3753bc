import * as z from 'zod';
import { defineEvent } from './domain-event.ts';

/** Someone asked to apply through a cohort's open link; the intake job emails them their own link. */
export const ApplicationRequested = defineEvent(
  'ApplicationRequested',
  1,
  z.object({ cohortId: z.string(), participantId: z.string() }),
);

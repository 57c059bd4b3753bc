import * as z from 'zod';
import { defineEvent } from './domain-event.ts';

export const IntakeOpened = defineEvent(
  'IntakeOpened',
  1,
  z.object({ programId: z.string(), cohortId: z.string() }),
);

import * as z from 'zod';
import { defineEvent } from './domain-event.ts';

/** A supporter reported low energy twice: no new matches until a coordinator clears the flag. */
export const SupporterFlagged = defineEvent(
  'SupporterFlagged',
  1,
  z.object({ cohortId: z.string(), participantId: z.string(), round: z.number().int().positive() }),
);

import * as z from 'zod';
import { supportRoleSchema } from '#shared/domain/support-roles.ts';
import { defineEvent } from './domain-event.ts';

/** Someone pressed "I need help from the program": the coordinator hears at once, once. */
export const SupportRequested = defineEvent(
  'SupportRequested',
  1,
  z.object({
    cohortId: z.string(),
    round: z.number().int().positive(),
    participantId: z.string(),
    seekerId: z.string(),
    role: supportRoleSchema,
    supporterId: z.string(),
  }),
);

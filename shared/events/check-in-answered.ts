import * as z from 'zod';
import { supportRoleSchema } from '#shared/domain/support-roles.ts';
import { defineEvent } from './domain-event.ts';

/** A person recorded or changed their check-in answer (ids and the answer's gist only). */
export const CheckInAnswered = defineEvent(
  'CheckInAnswered',
  1,
  z.object({
    cohortId: z.string(),
    round: z.number().int().positive(),
    seekerId: z.string(),
    role: supportRoleSchema,
    supporterId: z.string(),
    participantId: z.string(),
    met: z.boolean().optional(),
    rating: z.number().int().min(1).max(5).optional(),
  }),
);

import * as z from 'zod';
import { supportRoleSchema } from '#shared/domain/support-roles.ts';
import { defineEvent } from './domain-event.ts';

/** A pair that stopped meeting was closed; both people were told. */
export const PairClosed = defineEvent(
  'PairClosed',
  1,
  z.object({
    cohortId: z.string(),
    seekerId: z.string(),
    role: supportRoleSchema,
    supporterId: z.string(),
    reason: z.literal('inactive'),
  }),
);

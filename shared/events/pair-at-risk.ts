import * as z from 'zod';
import { RISK_REASONS } from '#shared/domain/check-ins/alerts.ts';
import { supportRoleSchema } from '#shared/domain/support-roles.ts';
import { defineEvent } from './domain-event.ts';

/** A closed round showed a pair going quiet or going badly; once per pair and round. */
export const PairAtRisk = defineEvent(
  'PairAtRisk',
  1,
  z.object({
    cohortId: z.string(),
    round: z.number().int().positive(),
    seekerId: z.string(),
    role: supportRoleSchema,
    supporterId: z.string(),
    reasons: z.array(z.enum(RISK_REASONS)).min(1),
  }),
);

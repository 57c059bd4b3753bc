import * as z from 'zod';
import { IDENTITY_FIELDS, MATCH_PREFERENCES, SENIORITY_LEVELS } from '../participant.ts';
import { supportRoleSchema } from '../support-roles.ts';
import { isValidTimeZone } from '../zoned-time.ts';
import { matchingSettingsSchema } from './settings.ts';

/**
 * The matching input and output as zod schemas: the offline `mentorflow match solve` checks its
 * input file with `matchingInputSchema`, and docs/schemas/*.schema.json are generated from both
 * (cli/commands/match-schemas.ts), so the published formats cannot drift from the code.
 * Checks that need the whole input (duplicate people, pins against the rules) are
 * `matchCohort`'s, with the people named.
 */

const text = z.string().trim().min(1).max(200);
const whole = z.number().int().min(0);

const profile = {
  personId: text.describe('Participant id; one person may be both a seeker and a supporter.'),
  goals: z.array(text).default([]).describe('What the person wants to grow in.'),
  skills: z.array(text).default([]).describe('What the person knows and can share.'),
  seniority: z.enum(SENIORITY_LEVELS),
  jobFunction: text.optional(),
  industry: text.optional(),
  timeZone: z
    .string()
    .refine(isValidTimeZone, 'must be a time zone such as Europe/London')
    .describe('IANA time zone.'),
  identity: z
    .object({
      fields: z.partialRecord(z.enum(IDENTITY_FIELDS), text).default({}),
      preference: z.enum(MATCH_PREFERENCES).default('none'),
    })
    .optional()
    .describe('Only identity details the person consented to use for matching, and their preference.'),
};

const seekerSchema = z.object({
  ...profile,
  seeks: z.array(supportRoleSchema).min(1).describe('At most one supporter is matched per role sought.'),
  previouslyUnmatched: z
    .boolean()
    .default(false)
    .describe('Left unmatched in an earlier cohort: gets priority.'),
});

const supporterSchema = z.object({
  ...profile,
  offers: z
    .array(z.object({ role: supportRoleSchema, capacity: whole }))
    .describe('Places offered per role.'),
  totalLoadLimit: whole.describe(
    'How many people they agreed to support in total, across roles and cohorts.',
  ),
  currentLoadElsewhere: whole.default(0).describe('How many they already support in concurrent cohorts.'),
  paused: z.boolean().default(false).describe('Paused supporters take nobody new.'),
  hasInfluence: z.boolean().default(false).describe('Sits where decisions about people are made (sponsors).'),
});

export const matchingInputSchema = z
  .object({
    seekers: z.array(seekerSchema),
    supporters: z.array(supporterSchema),
    reportingLines: z
      .array(z.object({ personId: text, managerId: text }))
      .default([])
      .describe('personId reports to managerId: no match within two steps of a reporting chain.'),
    pins: z
      .array(z.object({ seekerId: text, supporterId: text, role: supportRoleSchema }))
      .default([])
      .describe('Pairs that must be matched.'),
    forbids: z
      .array(z.object({ seekerId: text, supporterId: text }))
      .default([])
      .describe('Pairs that must never be matched, in any role.'),
    ...matchingSettingsSchema.shape,
  })
  .describe('mentorflow matching input (mentorflow match solve --input).');

const factorSchema = z.object({
  factor: z.enum([
    'goalsAndSkills',
    'functionOrIndustry',
    'timeZoneOverlap',
    'identityPreference',
    'priorityForPreviouslyUnmatched',
    'seniorityGap',
  ]),
  points: z.number(),
  says: z.string().describe('Plain words for the introduction email.'),
});

const groupOutcome = {
  seekers: whole,
  sought: whole,
  matched: whole,
  matchRate: z.number().min(0).max(1),
  meanScore: z.number().nullable(),
};

export const matchingOutputSchema = z
  .object({
    matches: z.array(
      z.object({
        seekerId: z.string(),
        supporterId: z.string(),
        role: supportRoleSchema,
        score: z.number(),
        factors: z.array(factorSchema),
        pinned: z.boolean(),
      }),
    ),
    alternatives: z.array(
      z.object({
        seekerId: z.string(),
        role: supportRoleSchema,
        options: z.array(z.object({ supporterId: z.string(), score: z.number() })),
      }),
    ),
    unmatched: z.array(
      z.object({
        seekerId: z.string(),
        role: supportRoleSchema,
        reason: z.enum(['no-supporter-offers-role', 'all-at-capacity', 'all-excluded-by-constraints']),
      }),
    ),
    totals: z.object({ matched: whole, score: z.number(), demand: whole }),
    candidates: z
      .array(
        z.object({
          seekerId: z.string(),
          supporterId: z.string(),
          role: supportRoleSchema,
          score: z.number(),
        }),
      )
      .optional()
      .describe('With --include-candidates: every pair the solver optimised over.'),
    fairness: z.object({
      minimumGroupSize: whole,
      overall: z.object(groupOutcome),
      byRole: z.array(z.object({ role: supportRoleSchema, ...groupOutcome })),
      byIdentity: z.array(
        z.object({
          field: z.enum(IDENTITY_FIELDS),
          groups: z.array(
            z.union([
              z.object({ value: z.string(), suppressed: z.literal(false), ...groupOutcome }),
              z.object({
                value: z.string(),
                suppressed: z.literal(true),
                why: z.enum(['fewer-than-minimum', 'protects-a-smaller-group']),
              }),
            ]),
          ),
        }),
      ),
    }),
  })
  .describe('mentorflow matching output (mentorflow match solve --output).');

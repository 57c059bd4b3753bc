import * as z from 'zod';
import { SENIORITY_LEVELS } from '../participant.ts';
import { MAX_WEIGHT } from './scoring.ts';

/**
 * How a program weighs and limits its matches. A program sets these once (they are part of the
 * program, so every cohort of it is matched the same way); `mentorflow match solve` reads the
 * same fields from its input file. Anything left out keeps the default in docs/matching.md.
 */
const weight = z.number().min(0).max(MAX_WEIGHT);

export const matchingSettingsSchema = z.object({
  weights: z
    .object({
      goalsAndSkills: weight,
      functionOrIndustry: weight,
      timeZoneOverlap: weight,
      identityPreference: weight,
      priorityForPreviouslyUnmatched: weight,
    })
    .partial()
    .optional()
    .describe('Points per factor, 0–100; see docs/matching.md for the defaults.'),
  rules: z
    .object({
      sponsorMinSeniorityGap: z
        .number()
        .int()
        .min(0)
        .max(SENIORITY_LEVELS.length - 1),
      sponsorRequiresInfluence: z.boolean(),
      candidatesPerSeeker: z.number().int().min(1).max(1000),
    })
    .partial()
    .optional()
    .describe('Hard rules for sponsors, and how many candidates each seeker keeps per role.'),
});
export type MatchingSettings = z.infer<typeof matchingSettingsSchema>;

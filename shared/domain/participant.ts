import * as z from 'zod';
import { emailSchema } from './email-address.ts';
import { supportRoleSchema } from './support-roles.ts';
import { isValidTimeZone } from './zoned-time.ts';

export const SENIORITY_LEVELS = ['early_career', 'mid_career', 'senior', 'leader', 'executive'] as const;
const senioritySchema = z.enum(SENIORITY_LEVELS);
export type Seniority = z.infer<typeof senioritySchema>;

/** "A supporter who shares my background / differs from it / no preference." */
export const MATCH_PREFERENCES = ['shared', 'different', 'none'] as const;

/**
 * Identity fields are optional and asked with consent. They are stored only when
 * `consentToStore` is true, used for matching only when `useForMatching` is true, and appear in
 * reports only in groups of at least 5.
 */
export const IDENTITY_FIELDS = ['gender', 'ethnicity', 'disability', 'lgbtq', 'firstGeneration'] as const;
export const identitySchema = z
  .object({
    consentToStore: z.literal(true, { message: 'tick the consent box to share identity details' }),
    useForMatching: z.boolean().default(false),
    fields: z.partialRecord(z.enum(IDENTITY_FIELDS), z.string().trim().min(1).max(100)).default({}),
    matchPreference: z.enum(MATCH_PREFERENCES).default('none'),
  })
  .superRefine((identity, ctx) => {
    if (identity.matchPreference !== 'none' && !identity.useForMatching) {
      ctx.addIssue({
        code: 'custom',
        path: ['matchPreference'],
        message: 'a preference about background needs your permission to use identity details for matching',
      });
    }
  });
export type Identity = z.infer<typeof identitySchema>;

export const MAX_CAPACITY_PER_ROLE = 5;

const answerValueSchema = z.union([z.string().max(4000), z.array(z.string().max(200)).max(30), z.boolean()]);

export const applicationSchema = z
  .object({
    name: z.string().trim().min(1, 'is required').max(120),
    seeks: z.array(supportRoleSchema).default([]),
    offers: z
      .array(
        z.object({
          role: supportRoleSchema,
          capacity: z
            .number()
            .int('must be a whole number')
            .min(1, 'must be at least 1')
            .max(MAX_CAPACITY_PER_ROLE, `must be at most ${MAX_CAPACITY_PER_ROLE}`),
        }),
      )
      .default([]),
    goals: z.array(z.string().trim().min(1).max(100)).max(10, 'list at most 10 goals').default([]),
    skills: z.array(z.string().trim().min(1).max(100)).max(20, 'list at most 20 skills').default([]),
    seniority: senioritySchema,
    jobFunction: z.string().trim().max(100).optional(),
    industry: z.string().trim().max(100).optional(),
    /** Sponsors open doors: do they sit where decisions about people are made? */
    hasInfluence: z.boolean().default(false),
    managerEmail: emailSchema.optional(),
    timeZone: z.string().refine(isValidTimeZone, 'must be a time zone such as Europe/London'),
    answers: z.record(z.string(), answerValueSchema).default({}),
    identity: identitySchema.optional(),
    agreedToProgramConsent: z.literal(true, { message: 'please read and accept how your answers are used' }),
  })
  .superRefine((app, ctx) => {
    if (app.seeks.length === 0 && app.offers.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['seeks'],
        message: 'choose at least one kind of support to seek or offer',
      });
    }
    const offered = app.offers.map((o) => o.role);
    if (new Set(offered).size !== offered.length) {
      ctx.addIssue({ code: 'custom', path: ['offers'], message: 'offer each role once, with one capacity' });
    }
    if (new Set(app.seeks).size !== app.seeks.length) {
      ctx.addIssue({ code: 'custom', path: ['seeks'], message: 'lists a role twice' });
    }
  });
export type ApplicationInput = z.input<typeof applicationSchema>;
export type Application = z.infer<typeof applicationSchema> & { submittedAt: string; updatedAt: string };

export const PARTICIPANT_STATUSES = ['invited', 'applied', 'approved', 'declined'] as const;
export type ParticipantStatus = (typeof PARTICIPANT_STATUSES)[number];

export interface Participant {
  participantId: string;
  cohortId: string;
  programId: string;
  email: string;
  /** Trimmed and lower-cased; unique per cohort. */
  emailNormalised: string;
  name: string;
  status: ParticipantStatus;
  source: 'import' | 'open-link';
  invitedAt: string;
  /** What an import knew about the person, shown pre-filled on the application page. */
  prefill: Partial<Pick<Application, 'seniority' | 'jobFunction' | 'industry' | 'managerEmail' | 'timeZone'>>;
  importId?: string;
  application?: Application;
  decidedAt?: string;
  /** Check-in rounds in which this supporter reported low energy (since the last flag was cleared). */
  lowEnergyRounds?: number[];
  /** Low energy twice: no new matches until a coordinator clears it (see docs/check-ins.md). */
  energyFlaggedAt?: string;
  version: number;
}

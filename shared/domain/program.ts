import * as z from 'zod';
import { emailSchema } from './email-address.ts';
import { matchingSettingsSchema } from './matching/settings.ts';
import { supportRoleSchema } from './support-roles.ts';

/** Custom questions a program adds to its application form. */
export const INTAKE_QUESTION_TYPES = [
  'short_text',
  'long_text',
  'single_choice',
  'multiple_choice',
  'yes_no',
] as const;

const intakeQuestionSchema = z
  .object({
    id: z
      .string()
      .regex(
        /^[a-z][a-z0-9_]{0,39}$/,
        'must be 1–40 lower-case letters, digits or _, starting with a letter',
      ),
    label: z.string().trim().min(1, 'is required').max(300),
    type: z.enum(INTAKE_QUESTION_TYPES),
    required: z.boolean().default(false),
    options: z.array(z.string().trim().min(1).max(100)).max(30).optional(),
  })
  .superRefine((question, ctx) => {
    const needsOptions = question.type === 'single_choice' || question.type === 'multiple_choice';
    if (needsOptions && (question.options?.length ?? 0) < 2) {
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: 'a choice question needs at least 2 options',
      });
    }
    if (!needsOptions && question.options) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: `only choice questions have options` });
    }
  });
export type IntakeQuestion = z.infer<typeof intakeQuestionSchema>;

export const createProgramInputSchema = z.object({
  name: z.string().trim().min(1, 'is required').max(120),
  description: z.string().trim().max(2000).default(''),
  supportRoles: z
    .array(supportRoleSchema)
    .min(1, 'choose at least one of mentor, sponsor, coach, advocate, challenger')
    .refine((roles) => new Set(roles).size === roles.length, 'lists a role twice'),
  intakeQuestions: z
    .array(intakeQuestionSchema)
    .max(30)
    .default([])
    .refine((qs) => new Set(qs.map((q) => q.id)).size === qs.length, 'two questions share an id'),
  consentText: z.string().trim().min(20, 'explain in at least 20 characters how answers are used').max(4000),
  /** Where intake summaries go; defaults to the email in the coordinator's sign-in token. */
  coordinatorEmail: emailSchema.optional(),
  /** How this program weighs and limits matches; left out, the defaults in docs/matching.md apply. */
  matching: matchingSettingsSchema.optional(),
});
export type CreateProgramInput = z.input<typeof createProgramInputSchema>;

const programSchema = createProgramInputSchema.omit({ coordinatorEmail: true }).extend({
  programId: z.string(),
  /** Where intake summaries go: the coordinator who created the program. */
  coordinatorEmails: z.array(z.string()).min(1),
  createdAt: z.string(),
});
export type Program = z.infer<typeof programSchema>;

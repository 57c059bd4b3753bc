import * as z from 'zod';
import { type FieldProblem, ValidationError } from '../errors.ts';
import type { SupportRole } from '../support-roles.ts';

export const FIT_ANSWERS = ['good', 'deciding', 'not-a-fit'] as const;

/** What sponsors did for the person since the last check-in: the sponsorship action log. */
export const SPONSOR_ACTIONS = ['spoke-up', 'nominated', 'introduced', 'stretch'] as const;

const scale = z.coerce.number().int().min(1, 'choose 1 to 5').max(5, 'choose 1 to 5');

/** One person's answer to one check-in. Every field is optional: a one-click answer is partial. */
const answerSchema = z.object({
  met: z.boolean().optional(),
  rating: scale.optional(),
  /** Supporters: how is your energy for this? Low twice flags the supporter (allyship fatigue). */
  energy: scale.optional(),
  fit: z.enum(FIT_ANSWERS).optional(),
  actions: z.array(z.enum(SPONSOR_ACTIONS)).max(SPONSOR_ACTIONS.length).optional(),
  help: z.boolean().optional(),
  helpNote: z.string().trim().max(1000, 'keep it under 1000 characters').optional(),
  /** Supporters: a short note of appreciation, emailed to the seeker once. */
  appreciation: z.string().trim().max(500, 'keep it under 500 characters').optional(),
  /** Seekers in the fit check who said "not a fit": find me someone else. */
  rematch: z.boolean().optional(),
});
export type CheckInAnswer = z.output<typeof answerSchema>;
type AnswerField = keyof CheckInAnswer;

export type Side = 'seeker' | 'supporter';

/** Who answers, about which pair and round: this decides the questions. */
export interface Asked {
  side: Side;
  role: SupportRole;
  fitCheck: boolean;
}

/** The questions one person is asked, in the order the page and the email show them. */
export function questionsFor(asked: Asked): AnswerField[] {
  return [
    ...(asked.fitCheck ? (['fit'] as const) : []),
    'met',
    'rating',
    ...(asked.side === 'supporter' ? (['energy'] as const) : []),
    ...(asked.side === 'supporter' && asked.role === 'sponsor' ? (['actions'] as const) : []),
    'help',
    'helpNote',
    ...(asked.side === 'supporter' ? (['appreciation'] as const) : []),
    ...(asked.side === 'seeker' && asked.fitCheck ? (['rematch'] as const) : []),
  ];
}

/**
 * Checks an answer for this person: values in range, and only questions they were asked (a
 * seeker cannot log sponsorship actions). Empty text counts as not answered. A re-match needs
 * "not a fit" with it, so nobody is re-matched by a stray box.
 */
export function checkAnswer(asked: Asked, input: unknown): CheckInAnswer {
  const parsed = answerSchema.safeParse(input);
  const problems: FieldProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({
        field: String(issue.path[0] ?? 'answer'),
        message: issue.message,
      }));
  if (!parsed.success) throw new ValidationError('Some answers need another look.', problems);
  const allowed = new Set<string>(questionsFor(asked));
  const answer: CheckInAnswer = {};
  for (const [field, value] of Object.entries(parsed.data) as [AnswerField, unknown][]) {
    if (value === undefined || value === '') continue;
    if (!allowed.has(field)) problems.push({ field, message: 'is not asked of you in this check-in' });
    else Object.assign(answer, { [field]: value });
  }
  if (answer.rematch && answer.fit !== 'not-a-fit')
    problems.push({ field: 'rematch', message: 'choose “not a fit” to ask for someone else' });
  if (answer.actions) answer.actions = SPONSOR_ACTIONS.filter((a) => answer.actions?.includes(a));
  if (problems.length > 0) throw new ValidationError('Some answers need another look.', problems);
  return answer;
}

/**
 * True when the answer says anything at all (an empty form records nothing). "We have not met"
 * says something, and is what the not-met alert counts; an unticked box does not.
 */
export function isAnswered(answer: CheckInAnswer): boolean {
  return Object.entries(answer).some(([field, v]) =>
    field === 'met'
      ? v !== undefined
      : v !== undefined && v !== false && !(Array.isArray(v) && v.length === 0),
  );
}

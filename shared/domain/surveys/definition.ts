import * as z from 'zod';
import { type FieldProblem, ValidationError } from '../errors.ts';
import { SUPPORT_ROLES, type SupportRole, supportRoleSchema } from '../support-roles.ts';

/**
 * A survey is versioned content: a program's edit makes a new version, and every response keeps
 * the version it answered, so a report never reads an answer against a question it was not
 * asked.
 */
export const QUESTION_TYPES = ['likert', 'nps', 'single-choice', 'multiple-choice', 'free-text'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** What a question measures, so reports can pair before/after answers and group outcomes. */
const MEASURES = [
  'confidence',
  'belonging',
  'advancement',
  'role-value',
  'supporter-learning',
  'supporter-load',
  'nps',
] as const;
export type Measure = (typeof MEASURES)[number];

/** Likert is 1 (strongly disagree) to 5 (strongly agree); NPS is the standard 0–10. */
export const SCALES = {
  likert: { min: 1, max: 5, low: 'Strongly disagree', high: 'Strongly agree' },
  nps: { min: 0, max: 10, low: 'Not at all likely', high: 'Extremely likely' },
} as const;

/**
 * Whether someone may quote a person's free text (anonymously) is asked in the survey itself,
 * with this id and these two options, so the consent is stored with the answers it covers.
 */
export const SHARE_FREE_TEXT_QUESTION_ID = 'share_free_text';
export const SHARE_FREE_TEXT_OPTIONS = [
  'Yes, you may quote me without my name',
  'No, keep my words private',
] as const;

const QUESTION_ID = /^[a-z][a-z0-9_]{0,39}$/;
const MAX_FREE_TEXT = 4000;

const audienceSchema = z.union(
  [
    z.enum(['everyone', 'seekers', 'supporters']),
    z.strictObject({ received: supportRoleSchema }),
    z.strictObject({ gave: supportRoleSchema }),
  ],
  {
    error: `must be "everyone", "seekers", "supporters", { "received": role } or { "gave": role }, where role is one of ${SUPPORT_ROLES.join(', ')}`,
  },
);
export type QuestionAudience = z.infer<typeof audienceSchema>;

const questionSchema = z
  .object({
    id: z.string().regex(QUESTION_ID, 'must be 1–40 lower-case letters, digits or _, starting with a letter'),
    type: z.enum(QUESTION_TYPES, { error: `must be one of ${QUESTION_TYPES.join(', ')}` }),
    text: z.string().trim().min(1, 'is required').max(500, 'must be at most 500 characters'),
    audience: audienceSchema,
    options: z
      .array(z.string().trim().min(1, 'an option cannot be empty').max(200))
      .max(30, 'offer at most 30 options')
      .optional(),
    /** A multiple-choice option that cannot be combined with others ("None of these"). */
    exclusiveOption: z.string().optional(),
    required: z.boolean().default(false),
    measures: z.enum(MEASURES, { error: `must be one of ${MEASURES.join(', ')}` }).optional(),
  })
  .superRefine((question, ctx) => {
    const isChoice = question.type === 'single-choice' || question.type === 'multiple-choice';
    const options = question.options ?? [];
    if (isChoice && options.length < 2) {
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: 'a choice question needs at least 2 options',
      });
    }
    if (!isChoice && question.options) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'only choice questions have options' });
    }
    if (new Set(options).size !== options.length) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'lists an option twice' });
    }
    if (question.exclusiveOption !== undefined) {
      if (question.type !== 'multiple-choice' || !options.includes(question.exclusiveOption)) {
        ctx.addIssue({
          code: 'custom',
          path: ['exclusiveOption'],
          message: 'must be one of the options of a multiple-choice question',
        });
      }
    }
    const numericMeasure =
      question.measures !== undefined && question.measures !== 'advancement' && question.measures !== 'nps';
    if (numericMeasure && question.type !== 'likert') {
      ctx.addIssue({
        code: 'custom',
        path: ['measures'],
        message: `${question.measures} is measured on a likert question`,
      });
    }
    if (question.measures === 'nps' && question.type !== 'nps') {
      ctx.addIssue({ code: 'custom', path: ['measures'], message: 'nps is measured on an nps question' });
    }
    if (question.measures === 'advancement' && !isChoice) {
      ctx.addIssue({
        code: 'custom',
        path: ['measures'],
        message: 'advancement is measured on a choice question',
      });
    }
    if (
      question.measures === 'role-value' &&
      (typeof question.audience !== 'object' || !('received' in question.audience))
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['audience'],
        message: 'a role-value question is asked of people who received the role: use { "received": role }',
      });
    }
    if (question.id === SHARE_FREE_TEXT_QUESTION_ID) {
      const same =
        question.type === 'single-choice' &&
        options.length === SHARE_FREE_TEXT_OPTIONS.length &&
        SHARE_FREE_TEXT_OPTIONS.every((option, i) => options[i] === option);
      if (!same) {
        ctx.addIssue({
          code: 'custom',
          path: ['options'],
          message: `${SHARE_FREE_TEXT_QUESTION_ID} records consent, so it is single-choice with exactly the options ${SHARE_FREE_TEXT_OPTIONS.map((o) => `"${o}"`).join(' and ')}`,
        });
      }
    }
  });
export type SurveyQuestion = z.infer<typeof questionSchema>;

export const surveyDefinitionSchema = z
  .object({
    surveyId: z
      .string()
      .regex(
        /^[a-z][a-z0-9-]{0,59}$/,
        'must be 1–60 lower-case letters, digits or -, starting with a letter',
      ),
    version: z.number().int('must be a whole number').min(1, 'must be at least 1'),
    title: z.string().trim().min(1, 'is required').max(200),
    intro: z.string().trim().max(2000).default(''),
    questions: z
      .array(questionSchema)
      .min(1, 'a survey needs at least one question')
      .max(60, 'ask at most 60 questions'),
  })
  .superRefine((definition, ctx) => {
    const seen = new Set<string>();
    definition.questions.forEach((question, index) => {
      if (seen.has(question.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['questions', index, 'id'],
          message: `duplicate id "${question.id}"; each question needs its own id`,
        });
      }
      seen.add(question.id);
    });
    const hasFreeText = definition.questions.some((q) => q.type === 'free-text');
    const consentIndex = definition.questions.findIndex((q) => q.id === SHARE_FREE_TEXT_QUESTION_ID);
    if (consentIndex >= 0 && !hasFreeText) {
      ctx.addIssue({
        code: 'custom',
        path: ['questions', consentIndex, 'id'],
        message: `${SHARE_FREE_TEXT_QUESTION_ID} asks to quote free text, but this survey has no free-text question`,
      });
    }
  });
export type SurveyDefinition = z.infer<typeof surveyDefinitionSchema>;

/** `questions[2].id`: the path as a person editing the JSON reads it. */
function pathOf(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    out += typeof part === 'number' ? `[${part}]` : `${out === '' ? '' : '.'}${String(part)}`;
  }
  return out || 'survey';
}

interface ParseOptions {
  /**
   * The roles the program offers. A question for people who received or gave a role the
   * program does not offer would be asked of nobody (an empty audience), so it is refused.
   */
  programRoles?: readonly SupportRole[];
}

/** Throws ValidationError naming each problem's path, e.g. `questions[3].id`. */
export function parseSurveyDefinition(json: unknown, options: ParseOptions = {}): SurveyDefinition {
  const parsed = surveyDefinitionSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({
      field: pathOf(issue.path),
      message: issue.message,
    }));
    throw new ValidationError(
      `The survey definition needs fixing: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
      problems,
    );
  }
  const definition = parsed.data;
  if (options.programRoles) {
    const problems = emptyAudiences(definition, options.programRoles);
    if (problems.length > 0) {
      throw new ValidationError(
        `The survey definition needs fixing: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
        problems,
      );
    }
  }
  return definition;
}

/** Questions that target a role the program does not offer, so nobody would ever be asked them. */
export function emptyAudiences(
  definition: SurveyDefinition,
  programRoles: readonly SupportRole[],
): FieldProblem[] {
  const offered = new Set(programRoles);
  const problems: FieldProblem[] = [];
  definition.questions.forEach((question, index) => {
    const audience = question.audience;
    if (typeof audience === 'string') return;
    const role = 'received' in audience ? audience.received : audience.gave;
    if (!offered.has(role)) {
      problems.push({
        field: `questions[${index}].audience`,
        message: `nobody can be asked "${question.id}": the program does not offer the ${role} role; target a role it offers (${programRoles.join(', ') || 'none'}) or "everyone"`,
      });
    }
  });
  return problems;
}

export interface Respondent {
  seeks: boolean;
  supports: boolean;
  rolesReceived: SupportRole[];
  rolesGiven: SupportRole[];
}

function inAudience(audience: QuestionAudience, respondent: Respondent): boolean {
  if (audience === 'everyone') return true;
  if (audience === 'seekers') return respondent.seeks;
  if (audience === 'supporters') return respondent.supports;
  if ('received' in audience) return respondent.rolesReceived.includes(audience.received);
  return respondent.rolesGiven.includes(audience.gave);
}

/** The questions this respondent is asked, in order; [] means they are not in the audience. */
export function questionsFor(definition: SurveyDefinition, respondent: Respondent): SurveyQuestion[] {
  const asked = definition.questions.filter((q) => inAudience(q.audience, respondent));
  // Consent to quote free text only makes sense to someone who is asked a free-text question.
  const writes = asked.some((q) => q.type === 'free-text');
  return writes ? asked : asked.filter((q) => q.id !== SHARE_FREE_TEXT_QUESTION_ID);
}

export type AnswerValue = number | string | string[];

/**
 * Validates a whole (possibly partial) set of answers for this respondent and returns them
 * cleaned: numbers sent as form text ("4") become numbers, free text is trimmed, multiple-choice
 * selections are de-duplicated in the order the options are offered, and empty answers (blank
 * text, no boxes ticked) are left out because they mean "not answered". Every problem is reported
 * at once, naming the question id and what would be accepted.
 */
export function checkAnswers(
  definition: SurveyDefinition,
  respondent: Respondent,
  answers: Record<string, AnswerValue>,
): Record<string, AnswerValue> {
  const asked = new Map(questionsFor(definition, respondent).map((q) => [q.id, q]));
  const known = new Set(definition.questions.map((q) => q.id));
  const problems: FieldProblem[] = [];
  const cleaned: Record<string, AnswerValue> = {};
  for (const [id, value] of Object.entries(answers)) {
    const question = asked.get(id);
    if (!question) {
      problems.push({
        field: `answers.${id}`,
        message: known.has(id)
          ? `question "${id}" is not asked of you in this survey; leave it out`
          : `there is no question "${id}" in ${definition.surveyId} version ${definition.version}; answer only its questions`,
      });
      continue;
    }
    const result = checkAnswer(question, value);
    if ('problem' in result) problems.push({ field: `answers.${id}`, message: result.problem });
    else if (result.value !== undefined) cleaned[id] = result.value;
  }
  if (problems.length > 0) {
    throw new ValidationError(
      `Some answers need fixing: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
      problems,
    );
  }
  return cleaned;
}

function checkAnswer(
  question: SurveyQuestion,
  value: unknown,
): { value: AnswerValue | undefined } | { problem: string } {
  const id = question.id;
  switch (question.type) {
    case 'likert':
    case 'nps': {
      const { min, max } = SCALES[question.type];
      const number = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
      if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
        return { problem: `"${id}" takes a whole number from ${min} to ${max}; got ${describe(value)}` };
      }
      return { value: number };
    }
    case 'single-choice': {
      const options = question.options ?? [];
      if (typeof value !== 'string' || !options.includes(value)) {
        return { problem: `"${id}" takes one of ${quoteList(options)}; got ${describe(value)}` };
      }
      return { value };
    }
    case 'multiple-choice': {
      const options = question.options ?? [];
      const chosen = typeof value === 'string' ? [value] : value;
      if (!Array.isArray(chosen) || chosen.some((c) => typeof c !== 'string' || !options.includes(c))) {
        return { problem: `"${id}" takes any of ${quoteList(options)}; got ${describe(value)}` };
      }
      const picked = options.filter((option) => chosen.includes(option));
      const exclusive = question.exclusiveOption;
      if (exclusive !== undefined && picked.includes(exclusive) && picked.length > 1) {
        return { problem: `"${id}": "${exclusive}" cannot be chosen together with other options` };
      }
      return { value: picked.length > 0 ? picked : undefined };
    }
    case 'free-text': {
      if (typeof value !== 'string') return { problem: `"${id}" takes text; got ${describe(value)}` };
      const text = value.trim();
      if (text.length > MAX_FREE_TEXT) {
        return {
          problem: `"${id}" takes at most ${MAX_FREE_TEXT} characters; shorten it by ${text.length - MAX_FREE_TEXT}`,
        };
      }
      return { value: text === '' ? undefined : text };
    }
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `a list (${value.length} items)`;
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return String(value);
}

function quoteList(options: readonly string[]): string {
  return options.map((o) => `"${o}"`).join(', ');
}

/** Required questions this respondent has not answered yet, for the survey page's final submit. */
export function missingRequired(
  definition: SurveyDefinition,
  respondent: Respondent,
  answers: Record<string, AnswerValue>,
): string[] {
  return questionsFor(definition, respondent)
    .filter((q) => q.required && answers[q.id] === undefined)
    .map((q) => q.id);
}

/** The respondent's answer to the share question: only an explicit yes allows quoting. */
export function sharesFreeText(answers: Record<string, AnswerValue>): boolean {
  return answers[SHARE_FREE_TEXT_QUESTION_ID] === SHARE_FREE_TEXT_OPTIONS[0];
}

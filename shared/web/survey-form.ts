import type { AnswerValue, SurveyQuestion } from '#shared/domain/surveys/definition.ts';
import type { FormValues } from './application-form.ts';

/** The name of a question's field; also the key of its error (`checkAnswers` names `answers.<id>`). */
export const answerField = (questionId: string) => `answers.${questionId}`;
const PREFIX = 'answers.';

interface SurveyForm {
  answers: Record<string, AnswerValue>;
  intent: 'save' | 'submit';
  /** What was posted, to show the form again with every answer kept. */
  values: FormValues;
}

/**
 * Reads the survey form as a browser posts it. Every `answers.*` field is passed on, including
 * ids the page never drew, so `checkAnswers` refuses them by name; empty fields mean "not
 * answered". Which button was pressed says whether to save a draft or submit.
 */
export function parseSurveyForm(body: string, questions: readonly SurveyQuestion[]): SurveyForm {
  const params = new URLSearchParams(body);
  const answers: Record<string, AnswerValue> = {};
  const values: Record<string, string[]> = {};
  for (const name of new Set(params.keys())) {
    if (!name.startsWith(PREFIX)) continue;
    const id = name.slice(PREFIX.length);
    const given = params.getAll(name).filter((value) => value.trim() !== '');
    values[name] = given;
    if (given.length === 0) continue;
    const multiple = questions.find((q) => q.id === id)?.type === 'multiple-choice';
    answers[id] = multiple || given.length > 1 ? given : given[0]!;
  }
  return { answers, intent: params.get('intent') === 'submit' ? 'submit' : 'save', values };
}

/** Saved answers as form values, to prefill the form. */
export function answersToFormValues(answers: Record<string, AnswerValue>): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(answers).map(([id, value]) => [
      answerField(id),
      Array.isArray(value) ? [...value] : [String(value)],
    ]),
  );
}

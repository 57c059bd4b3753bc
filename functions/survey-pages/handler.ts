import * as z from 'zod';
import { awsDeps } from '#shared/adapters/aws-deps.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import { SurveyClosedError } from '#shared/domain/survey-request.ts';
import { SCALES } from '#shared/domain/surveys/definition.ts';
import { formatInZone } from '#shared/domain/zoned-time.ts';
import { htmlPage, httpFunction } from '#shared/http/http-function.ts';
import { errorPageReply, fieldErrors } from '#shared/http/page-replies.ts';
import { openSurvey, type SurveyContext, saveSurveyAnswers } from '#shared/use-cases/answer-survey.ts';
import { renderSurveyMessagePage, renderSurveyPage } from '#shared/web/pages/survey-page.ts';
import { answerField, answersToFormValues, parseSurveyForm } from '#shared/web/survey-form.ts';

const answerQuery = z.coerce.number().int();

const closedPage = (context: SurveyContext) =>
  htmlPage(410, renderSurveyMessagePage(context.program.name, { kind: 'closed' }));

function page(
  context: SurveyContext,
  actionUrl: string,
  form: Pick<Parameters<typeof renderSurveyPage>[0], 'values' | 'errors' | 'fromEmail'>,
) {
  const { program, cohort, definition, request, response } = context;
  return renderSurveyPage({
    programName: program.name,
    cohortName: cohort.name,
    title: definition.title,
    intro: definition.intro,
    questions: context.questions,
    actionUrl,
    closesAtText: formatInZone(request.closesAt, cohort.timeZone),
    ...(response?.submittedAt
      ? { submittedAtText: formatInZone(response.submittedAt, cohort.timeZone) }
      : {}),
    ...form,
  });
}

/** The one-click answer from the email, if it fits the first question's scale; anything else is ignored. */
function answerFromEmail(
  context: SurveyContext,
  raw: string | undefined,
): { id: string; value: number } | undefined {
  const first = context.questions[0];
  const parsed = answerQuery.safeParse(raw);
  if (!first || raw === undefined || !parsed.success || (first.type !== 'likert' && first.type !== 'nps'))
    return undefined;
  const { min, max } = SCALES[first.type];
  return parsed.data >= min && parsed.data <= max ? { id: first.id, value: parsed.data } : undefined;
}

export const handler = httpFunction(
  'survey-pages',
  {
    // Shows the form; records nothing, so a mail scanner opening every one-click link changes nothing.
    'GET /survey/{token}': async ({ params, query, event }) => {
      const context = await openSurvey(awsDeps, params.token!);
      if (!context.open) return closedPage(context);
      const values = answersToFormValues(context.response?.answers ?? {});
      const chosen = answerFromEmail(context, query.answer);
      if (chosen) values[answerField(chosen.id)] = [String(chosen.value)];
      return htmlPage(200, page(context, event.rawPath, { values, fromEmail: chosen !== undefined }));
    },
    'POST /survey/{token}': async ({ params, event, text }) => {
      const context = await openSurvey(awsDeps, params.token!);
      if (!context.open) return closedPage(context);
      const form = parseSurveyForm(text(), context.questions);
      try {
        const saved = await saveSurveyAnswers(awsDeps, context, form.answers, form.intent);
        return htmlPage(
          200,
          renderSurveyMessagePage(context.program.name, {
            kind: 'saved',
            submitted: saved.submittedAt !== undefined && form.intent === 'submit',
            closesAtText: formatInZone(context.request.closesAt, context.cohort.timeZone),
            actionUrl: event.rawPath,
          }),
        );
      } catch (error) {
        if (error instanceof SurveyClosedError) return closedPage(context);
        if (!(error instanceof ValidationError)) throw error;
        return htmlPage(
          400,
          page(context, event.rawPath, {
            values: form.values,
            errors: fieldErrors(error.problems),
            fromEmail: false,
          }),
        );
      }
    },
  },
  errorPageReply,
);

import { awsDeps } from '#shared/adapters/aws-deps.ts';
import { CheckInClosedError } from '#shared/domain/check-ins/check-in.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import { formatInZone } from '#shared/domain/zoned-time.ts';
import { htmlPage, httpFunction } from '#shared/http/http-function.ts';
import { errorPageReply, fieldErrors } from '#shared/http/page-replies.ts';
import { type CheckInContext, openCheckIn, saveCheckInAnswer } from '#shared/use-cases/answer-check-in.ts';
import { answerToFormValues, parseCheckInForm, withEmailChoice } from '#shared/web/check-in-form.ts';
import { renderCheckInMessagePage, renderCheckInPage } from '#shared/web/pages/check-in-page.ts';

/** Every refusal is a page that says what to do next. */
const closedPage = (context: CheckInContext) =>
  htmlPage(410, renderCheckInMessagePage(context.program.name, { kind: 'closed' }));

function page(
  context: CheckInContext,
  actionUrl: string,
  form: Pick<Parameters<typeof renderCheckInPage>[0], 'values' | 'errors' | 'fromEmail'>,
) {
  const { program, cohort, round, stored } = context;
  return renderCheckInPage({
    programName: program.name,
    cohortName: cohort.name,
    round: round.round,
    asked: context.asked,
    otherName: context.other?.name ?? 'your match',
    actionUrl,
    closesAtText: formatInZone(round.closesAt, cohort.timeZone),
    ...(stored ? { answeredAtText: formatInZone(stored.answeredAt, cohort.timeZone) } : {}),
    ...form,
  });
}

export const handler = httpFunction(
  'check-in-pages',
  {
    // Shows the answer chosen in the email; records nothing, so a scanner opening every link changes nothing.
    'GET /check-in/{token}': async ({ params, query, event }) => {
      const context = await openCheckIn(awsDeps, params.token!);
      if (!context.open) return closedPage(context);
      const values = answerToFormValues(context.stored?.answer ?? {});
      const fromEmail = withEmailChoice(values, query);
      return htmlPage(200, page(context, event.rawPath, { values, fromEmail }));
    },
    'POST /check-in/{token}': async ({ params, event, text }) => {
      const context = await openCheckIn(awsDeps, params.token!);
      const form = parseCheckInForm(text());
      try {
        const saved = await saveCheckInAnswer(awsDeps, context, form.input);
        return htmlPage(
          200,
          renderCheckInMessagePage(context.program.name, {
            kind: 'saved',
            closesAtText: formatInZone(context.round.closesAt, context.cohort.timeZone),
            actionUrl: event.rawPath,
            helpRequested: saved.helpRequestedAt !== undefined,
            rematched: saved.answer.rematch === true,
          }),
        );
      } catch (error) {
        if (error instanceof CheckInClosedError) return closedPage(context);
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

import { awsDeps } from '#shared/adapters/aws-deps.ts';
import { formatInZone } from '#shared/domain/zoned-time.ts';
import { htmlPage, httpFunction, type Reply } from '#shared/http/http-function.ts';
import { errorPageReply } from '#shared/http/page-replies.ts';
import { type ApplicationContext, openApplication, submitApplication } from '#shared/use-cases/apply.ts';
import { type JoinContext, openJoin, requestToJoin } from '#shared/use-cases/join-cohort.ts';
import { checkUnsubscribeLink, unsubscribe } from '#shared/use-cases/unsubscribe.ts';
import { parseApplicationForm } from '#shared/web/application-form.ts';
import { parseOpenApplicationForm } from '#shared/web/open-application-form.ts';
import { renderApplicationPage } from '#shared/web/pages/application-page.ts';
import { renderMessagePage } from '#shared/web/pages/message-page.ts';
import { renderOpenApplicationPage } from '#shared/web/pages/open-application-page.ts';

/** The intake window decides what the link shows before any form is. */
function windowPage(context: ApplicationContext | JoinContext): Reply | undefined {
  const { program, cohort } = context;
  if (context.window === 'not-open-yet') {
    return htmlPage(
      200,
      renderMessagePage({
        kind: 'intake-not-open',
        programName: program.name,
        cohortName: cohort.name,
        opensAtText: formatInZone(cohort.intakeOpensAt, cohort.timeZone),
      }),
    );
  }
  if (context.window === 'closed') {
    return htmlPage(
      410,
      renderMessagePage({
        kind: 'intake-closed',
        programName: program.name,
        cohortName: cohort.name,
        coordinatorEmail: program.coordinatorEmails[0],
      }),
    );
  }
  return undefined;
}

const closesAt = ({ cohort }: ApplicationContext | JoinContext) =>
  formatInZone(cohort.intakeClosesAt, cohort.timeZone);

export const handler = httpFunction(
  'application-pages',
  {
    'GET /apply/{token}': async ({ params, event }) => {
      const context = await openApplication(awsDeps, params.token!);
      return (
        windowPage(context) ??
        htmlPage(
          200,
          renderApplicationPage({ ...context, actionUrl: event.rawPath, closesAtText: closesAt(context) }),
        )
      );
    },
    'POST /apply/{token}': async ({ params, event, text }) => {
      const context = await openApplication(awsDeps, params.token!);
      const closed = windowPage(context);
      if (closed) return closed;
      const form = parseApplicationForm(text(), context.program);
      if (!form.ok) {
        return htmlPage(
          400,
          renderApplicationPage({
            ...context,
            values: form.values,
            errors: form.errors,
            actionUrl: event.rawPath,
            closesAtText: closesAt(context),
          }),
        );
      }
      const saved = await submitApplication(awsDeps, context, form.value);
      return htmlPage(
        200,
        renderMessagePage({
          kind: 'application-saved',
          programName: context.program.name,
          cohortName: context.cohort.name,
          name: saved.name,
          closesAtText: closesAt(context),
          changed: context.participant.application !== undefined,
        }),
      );
    },
    'GET /join/{token}': async ({ params, event }) => {
      const context = await openJoin(awsDeps, params.token!);
      return (
        windowPage(context) ??
        htmlPage(
          200,
          renderOpenApplicationPage({
            ...context,
            actionUrl: event.rawPath,
            closesAtText: closesAt(context),
          }),
        )
      );
    },
    'POST /join/{token}': async ({ params, event, text }) => {
      const context = await openJoin(awsDeps, params.token!);
      const closed = windowPage(context);
      if (closed) return closed;
      const form = parseOpenApplicationForm(text());
      if (!form.ok) {
        return htmlPage(
          400,
          renderOpenApplicationPage({
            ...context,
            values: form.values,
            errors: form.errors,
            actionUrl: event.rawPath,
            closesAtText: closesAt(context),
          }),
        );
      }
      await requestToJoin(awsDeps, context, form.value);
      return htmlPage(
        200,
        renderMessagePage({
          kind: 'check-your-email',
          programName: context.program.name,
          cohortName: context.cohort.name,
          email: form.value.email,
        }),
      );
    },
    'GET /unsubscribe/{token}': async ({ params, event }) => {
      await checkUnsubscribeLink(awsDeps, params.token!);
      return htmlPage(200, renderMessagePage({ kind: 'unsubscribe-confirm', actionUrl: event.rawPath }));
    },
    'POST /unsubscribe/{token}': async ({ params }) => {
      await unsubscribe(awsDeps, params.token!);
      return htmlPage(200, renderMessagePage({ kind: 'unsubscribed' }));
    },
  },
  errorPageReply,
);

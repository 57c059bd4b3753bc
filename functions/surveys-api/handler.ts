import * as z from 'zod';
import { awsDeps } from '#shared/adapters/aws-deps.ts';
import { ForbiddenError } from '#shared/domain/errors.ts';
import { surveyAudienceSchema } from '#shared/domain/survey-request.ts';
import { httpFunction, json, type Reply } from '#shared/http/http-function.ts';
import { renderReportCsv } from '#shared/reports/report-csv.ts';
import { REPORT_CONTENT_SECURITY_POLICY, renderReportHtml } from '#shared/reports/report-html.ts';
import { reportJson } from '#shared/reports/report-json.ts';
import { cohortReport } from '#shared/use-cases/cohort-report.ts';
import { defineProgramSurvey, listSurveys } from '#shared/use-cases/program-surveys.ts';
import { triggerSurvey } from '#shared/use-cases/request-survey.ts';

const triggerSchema = z.object({
  surveyId: z.string().min(1).max(60),
  audience: surveyAudienceSchema.default('everyone'),
});
const reportQuery = z.object({ format: z.enum(['html', 'csv', 'json']).default('json') });

const document = (contentType: string, body: string, headers: Record<string, string> = {}): Reply => ({
  statusCode: 200,
  headers: {
    'content-type': contentType,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  },
  body,
});

export const handler = httpFunction('surveys-api', {
  'POST /cohorts/{cohortId}/surveys': async (request) => {
    if (!request.actor) throw new ForbiddenError('Sign in to trigger a survey.');
    const input = triggerSchema.parse(request.json());
    const triggered = await triggerSurvey(
      awsDeps,
      request.actor,
      request.params.cohortId!,
      input,
      request.idempotencyKey,
    );
    return json(202, triggered);
  },
  'GET /cohorts/{cohortId}/surveys': async ({ params }) =>
    json(200, await listSurveys(awsDeps, params.cohortId!)),
  'GET /cohorts/{cohortId}/report': async ({ params, query }) => {
    const { format } = reportQuery.parse(query);
    const report = await cohortReport(awsDeps, params.cohortId!);
    if (format === 'html') {
      return document('text/html; charset=utf-8', renderReportHtml(report), {
        'content-security-policy': REPORT_CONTENT_SECURITY_POLICY,
      });
    }
    if (format === 'csv') return document('text/csv; charset=utf-8', renderReportCsv(report));
    return document('application/json; charset=utf-8', reportJson(report));
  },
  'POST /programs/{programId}/surveys': async (request) =>
    json(201, await defineProgramSurvey(awsDeps, request.params.programId!, request.json())),
});

import { awsDeps } from '#shared/adapters/aws-deps.ts';
import { httpFunction, json } from '#shared/http/http-function.ts';
import { clearSupporterFlag, viewCheckInHealth } from '#shared/use-cases/check-in-health.ts';

export const handler = httpFunction('check-ins-api', {
  'GET /cohorts/{cohortId}/check-ins': async ({ params }) =>
    json(200, await viewCheckInHealth(awsDeps, params.cohortId!)),
  'POST /cohorts/{cohortId}/supporters/{participantId}/clear-flag': async ({ params }) =>
    json(200, await clearSupporterFlag(awsDeps, params.cohortId!, params.participantId!)),
});

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import { awsDeps } from '#shared/adapters/aws-deps.ts';
import { logger } from '#shared/adapters/logger.ts';
import { MatchesApproved } from '#shared/events/matches-approved.ts';
import { SurveyRequested } from '#shared/events/survey-requested.ts';
import { runSurveysJob } from '#shared/use-cases/run-surveys-job.ts';

/**
 * Runs on its schedule and on the events that mean "a survey is due now". Either way it does
 * everything the due index says is due; an event only adds the request it names (read from the
 * table, so it goes out in this run). `MatchesApproved` first creates the cohort's baseline
 * survey. Repeated or missed triggers are harmless: steps are conditional, emails have send keys.
 */
export const handler = middy(async (event: EventBridgeEvent<string, unknown>) => {
  const options =
    event['detail-type'] === SurveyRequested.name
      ? { requestIds: [SurveyRequested.parse(event.detail).data.requestId] }
      : event['detail-type'] === MatchesApproved.name
        ? { matchesApprovedIn: MatchesApproved.parse(event.detail).data.cohortId }
        : {};
  const report = await runSurveysJob(awsDeps, options);
  logger.info('surveys job', { trigger: event['detail-type'], eventId: event.id, ...options, ...report });
  return report;
}).use(injectLambdaContext(logger, { resetKeys: true }));

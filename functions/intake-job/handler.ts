import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import { awsDeps } from '#shared/adapters/aws-deps.ts';
import { logger } from '#shared/adapters/logger.ts';
import { runIntakeJob } from '#shared/use-cases/run-intake-job.ts';

/**
 * Runs on its schedule and whenever an event says intake work is due now. Either way it does
 * the same thing: everything the due index says is due, so duplicate or missed triggers are
 * harmless. The event's content is not needed, only the nudge.
 */
export const handler = middy(async (event: EventBridgeEvent<string, unknown>) => {
  const report = await runIntakeJob(awsDeps);
  logger.info('intake job', { trigger: event['detail-type'], eventId: event.id, ...report });
  return report;
}).use(injectLambdaContext(logger, { resetKeys: true }));

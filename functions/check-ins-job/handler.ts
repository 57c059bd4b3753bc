import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { awsDeps } from '#shared/adapters/aws-deps.ts';
import { logger } from '#shared/adapters/logger.ts';
import { MatchesApproved } from '#shared/events/matches-approved.ts';
import { runCheckInsJob } from '#shared/use-cases/run-check-ins-job.ts';

/**
 * Kept back from the Lambda timeout: the run stops at a page boundary this long before it, so
 * the page in hand finishes and its cursor is saved; the next scheduled run carries on.
 */
const SAFETY_MS = 2 * 60_000;

/**
 * Runs on its schedule and on `MatchesApproved` (approval after the program start begins the
 * check-ins now). Either way it does everything the due index says is due; repeats are harmless.
 */
export const handler = middy(async (event: EventBridgeEvent<string, unknown>, context: Context) => {
  const approved =
    event['detail-type'] === MatchesApproved.name
      ? (() => {
          const parsed = MatchesApproved.parse(event.detail);
          return [{ cohortId: parsed.data.cohortId, at: new Date(parsed.metadata.occurredAt) }];
        })()
      : [];
  const budgetMs = Math.max(0, context.getRemainingTimeInMillis() - SAFETY_MS);
  const report = await runCheckInsJob(awsDeps, { approved, budgetMs });
  logger.info('check-ins job', { trigger: event['detail-type'], eventId: event.id, ...report });
  return report;
}).use(injectLambdaContext(logger, { resetKeys: true }));

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import { awsDeps } from '#shared/adapters/aws-deps.ts';
import { logger } from '#shared/adapters/logger.ts';
import { IntakeClosed } from '#shared/events/intake-closed.ts';
import { MatchesApproved } from '#shared/events/matches-approved.ts';
import { sendIntroductions } from '#shared/use-cases/introductions.ts';
import { proposeMatches } from '#shared/use-cases/propose-matches.ts';

/**
 * `IntakeClosed` → propose matches, once: a repeated event finds the run already there.
 * `MatchesApproved` → introduce every pair; send keys make a repeat send nothing new.
 */
export const handler = middy(async (event: EventBridgeEvent<string, unknown>) => {
  if (event['detail-type'] === IntakeClosed.name) {
    const { data } = IntakeClosed.parse(event.detail);
    const cohort = await awsDeps.cohorts.get(data.cohortId);
    if (!cohort || cohort.matchingRun) {
      logger.info('matching already proposed', { cohortId: data.cohortId });
      return;
    }
    const { matches } = await proposeMatches(awsDeps, data.cohortId);
    logger.info('matches proposed', { cohortId: data.cohortId, needs: matches.length });
    return;
  }
  const { data } = MatchesApproved.parse(event.detail);
  const introductions = await sendIntroductions(awsDeps, data.cohortId, data.runId);
  logger.info('introductions queued', { cohortId: data.cohortId, runId: data.runId, introductions });
}).use(injectLambdaContext(logger, { resetKeys: true }));

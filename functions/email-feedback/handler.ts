import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import * as z from 'zod';
import { awsDeps } from '#shared/adapters/aws-deps.ts';
import { logger } from '#shared/adapters/logger.ts';
import { recordEmailFeedback } from '#shared/use-cases/record-email-feedback.ts';

/** The parts of SES's event detail we use (SES v2 configuration-set events via EventBridge). */
const sesEventSchema = z.union([
  z.object({
    eventType: z.literal('Bounce'),
    bounce: z.object({
      bounceType: z.string(),
      bouncedRecipients: z.array(z.object({ emailAddress: z.string() })),
    }),
  }),
  z.object({
    eventType: z.literal('Complaint'),
    complaint: z.object({ complainedRecipients: z.array(z.object({ emailAddress: z.string() })) }),
  }),
]);

export const handler = middy(async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
  const detail = sesEventSchema.parse(event.detail);
  const suppressed = await recordEmailFeedback(
    awsDeps,
    detail.eventType === 'Bounce'
      ? {
          kind: 'bounce',
          permanent: detail.bounce.bounceType === 'Permanent',
          recipients: detail.bounce.bouncedRecipients.map((r) => r.emailAddress),
        }
      : {
          kind: 'complaint',
          permanent: true,
          recipients: detail.complaint.complainedRecipients.map((r) => r.emailAddress),
        },
  );
  logger.info('email feedback', { eventId: event.id, eventType: detail.eventType, suppressed });
}).use(injectLambdaContext(logger, { resetKeys: true }));

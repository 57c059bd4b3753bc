import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod';
import { awsDeps } from '#shared/adapters/aws-deps.ts';
import { logger } from '#shared/adapters/logger.ts';
import { sendEmail } from '#shared/use-cases/send-email.ts';

const sendJobSchema = z.object({
  sendKey: z.string().min(1),
  kind: z.string().min(1),
  recipientId: z.string().min(1),
  to: z.string().min(3),
  subject: z.string().min(1),
  html: z.string(),
  text: z.string(),
  unsubscribeUrl: z.url().optional(),
});

/**
 * Each message is one email. Failures are reported per message (partial batch response), so a
 * throttled or failing send is retried alone and the others are not sent again. A message that
 * can never be parsed fails every time and so ends in the dead-letter queue, whose alarm tells us.
 */
function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (error) {
    return { unreadable: (error as Error).name };
  }
}

export const handler = middy(async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    const parsed = sendJobSchema.safeParse(parseJson(record.body));
    if (!parsed.success) {
      logger.error('unreadable send job', {
        messageId: record.messageId,
        issues: parsed.error.issues.length,
      });
      batchItemFailures.push({ itemIdentifier: record.messageId });
      continue;
    }
    try {
      const outcome = await sendEmail(awsDeps, parsed.data);
      logger.info('send job', { sendKey: parsed.data.sendKey, outcome });
    } catch (error) {
      logger.warn('send failed; will retry', { sendKey: parsed.data.sendKey, error: (error as Error).name });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}).use(injectLambdaContext(logger, { resetKeys: true }));

import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { queueUrlEnv } from '#infra/manifest.ts';
import type { SendJob, SendQueue } from '#shared/ports/send-queue.ts';
import { config } from './config.ts';
import { chunk } from './dynamodb/conditional.ts';
import { clientPerEndpoint } from './sdk-client.ts';

const client = clientPerEndpoint('AWS_ENDPOINT_URL_SQS', () => new SQSClient({}));

/** SQS; its endpoint comes from AWS_ENDPOINT_URL_SQS when set (the local runtime). */
export class SqsSendQueue implements SendQueue {
  async enqueue(jobs: SendJob[]): Promise<void> {
    const QueueUrl = config.queueUrl(queueUrlEnv('send'));
    for (const batch of chunk(jobs, 10)) {
      let entries = batch.map((job, index) => ({ Id: String(index), MessageBody: JSON.stringify(job) }));
      // SendMessageBatch can accept some entries and refuse others: resend only the refused.
      for (let attempt = 1; entries.length > 0; attempt += 1) {
        const result = await client().send(new SendMessageBatchCommand({ QueueUrl, Entries: entries }));
        const failed = new Set((result.Failed ?? []).map((f) => f.Id));
        entries = entries.filter((entry) => failed.has(entry.Id));
        if (entries.length > 0 && attempt >= 5) {
          throw new Error(`SQS refused ${entries.length} send jobs after ${attempt} attempts.`);
        }
      }
    }
  }
}

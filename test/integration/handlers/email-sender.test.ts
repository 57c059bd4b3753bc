import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { handler } from '#functions/email-sender/handler.ts';
import { config } from '#shared/adapters/config.ts';
import { documentClient } from '#shared/adapters/dynamodb/client.ts';
import { keys } from '#shared/adapters/dynamodb/keys.ts';
import { DynamoSuppressionList } from '#shared/adapters/dynamodb/suppression-list.ts';
import { SqsSendQueue } from '#shared/adapters/sqs-send-queue.ts';
import type { SendJob } from '#shared/ports/send-queue.ts';
import { useLocalRuntime } from '../../fixtures/runtime.ts';
import { listSentEmails } from '../../support/aws-env.ts';
import { lambdaContext, sqsEvent, sqsRecord } from '../../support/handler-events.ts';

// The runtime's queue feeds this handler in one test; the others call it with SQS events.
const local = useLocalRuntime();
const suppressions = new DynamoSuppressionList();

function aJob(overrides: Partial<SendJob> = {}): SendJob {
  const recipientId = `ppl_${randomUUID()}`;
  return {
    sendKey: `invitation#${recipientId}#coh_test`,
    kind: 'invitation',
    recipientId,
    to: `${randomUUID()}@example.org`,
    subject: 'You are invited to apply to Rising Together',
    html: '<p>Hello Ana, <a href="https://api.example.org/apply/x">apply</a></p>',
    text: 'Hello Ana, apply: https://api.example.org/apply/x',
    unsubscribeUrl: 'https://api.example.org/unsubscribe/x',
    ...overrides,
  };
}

const send = (bodies: string[]) => {
  const records = bodies.map((body) => sqsRecord(body));
  return {
    records,
    result: handler(sqsEvent(records), lambdaContext('mentorflow-email-sender')),
  };
};

async function ledgerEntry(sendKey: string) {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: config.tableName(), Key: keys.send(sendKey), ConsistentRead: true }),
  );
  return Item;
}

describe('email-sender', () => {
  it('sends each job in a batch once, with its unsubscribe headers', async () => {
    // Prepare
    const jobs = [aJob(), aJob()];

    // Act
    const { result } = send(jobs.map((job) => JSON.stringify(job)));

    // Assess
    expect(await result).toEqual({ batchItemFailures: [] });
    for (const job of jobs) {
      const mail = await listSentEmails({ to: job.to });
      expect(mail).toHaveLength(1);
      expect(mail[0]).toMatchObject({ subject: job.subject, body: { html: job.html, text: job.text } });
      expect(mail[0]?.headers).toContainEqual({ name: 'List-Unsubscribe', value: `<${job.unsubscribeUrl}>` });
      expect(await ledgerEntry(job.sendKey)).toMatchObject({ status: 'sent', messageId: mail[0]?.messageId });
    }
  });

  it('reports only the message SES refused, and releases its claim so the retry sends it', async () => {
    // Prepare: SES refuses an email with neither an HTML nor a text body.
    const good = aJob();
    const refused = aJob({ html: '', text: '' });

    // Act
    const { records, result } = send([JSON.stringify(good), JSON.stringify(refused)]);

    // Assess
    expect(await result).toEqual({ batchItemFailures: [{ itemIdentifier: records[1]!.messageId }] });
    expect(await listSentEmails({ to: good.to })).toHaveLength(1);
    expect(await listSentEmails({ to: refused.to })).toEqual([]);
    expect(await ledgerEntry(refused.sendKey)).toBeUndefined();

    // Act + Assess: the retry (here with the body SES accepts) is sent.
    const retry = send([JSON.stringify({ ...refused, text: 'Hello Ana' })]);
    expect(await retry.result).toEqual({ batchItemFailures: [] });
    expect(await listSentEmails({ to: refused.to })).toHaveLength(1);
  });

  it('reports a message it cannot read as a batch item failure, and sends the rest', async () => {
    // Prepare
    const good = aJob();
    const { subject: _missing, ...withoutSubject } = aJob();

    // Act
    const { records, result } = send([
      '{"sendKey": "broken',
      JSON.stringify(withoutSubject),
      JSON.stringify(good),
    ]);

    // Assess
    expect(await result).toEqual({
      batchItemFailures: [
        { itemIdentifier: records[0]!.messageId },
        { itemIdentifier: records[1]!.messageId },
      ],
    });
    expect(await listSentEmails({ to: good.to })).toHaveLength(1);
  });

  it('does not send to a suppressed address, and records why', async () => {
    // Prepare
    const job = aJob();
    await suppressions.add(job.to.toUpperCase(), 'complaint', new Date());

    // Act
    const { result } = send([JSON.stringify(job)]);

    // Assess
    expect(await result).toEqual({ batchItemFailures: [] });
    expect(await listSentEmails({ to: job.to })).toEqual([]);
    expect(await ledgerEntry(job.sendKey)).toMatchObject({ status: 'suppressed' });
  });

  it('sends the same send job once, in one batch or across batches', async () => {
    // Prepare
    const job = aJob();
    const body = JSON.stringify(job);

    // Act
    const first = send([body, body]);
    expect(await first.result).toEqual({ batchItemFailures: [] });
    const later = send([body]);

    // Assess
    expect(await later.result).toEqual({ batchItemFailures: [] });
    expect(await listSentEmails({ to: job.to })).toHaveLength(1);
  });

  it('through the runtime’s queue: sends the good, skips the suppressed, dead-letters the unreadable', async () => {
    // Prepare
    const queue = local.runtime.queues.get('send')!;
    const good = aJob();
    const suppressed = aJob();
    await suppressions.add(suppressed.to, 'unsubscribe', new Date());
    const deadBefore = queue.deadLetters.length;

    // Act: the real SQS adapter enqueues (twice for the good job: at-least-once), plus one poison message.
    await new SqsSendQueue().enqueue([good, suppressed, good]);
    queue.send({ body: 'this is not a send job' });
    await local.runtime.drain();

    // Assess
    expect(await listSentEmails({ to: good.to })).toHaveLength(1);
    expect(await listSentEmails({ to: suppressed.to })).toEqual([]);
    expect(queue.deadLetters.slice(deadBefore)).toEqual([
      expect.objectContaining({ body: 'this is not a send job', receiveCount: 5 }),
    ]);
  });

  it('through the runtime: a bounce from the mailbox simulator suppresses the address for the next email', async () => {
    // Prepare
    const address = `bounce+${randomUUID()}@simulator.amazonses.com`;
    const first = aJob({ to: address });
    const second = aJob({
      to: address,
      sendKey: `intake-reminder#${first.recipientId}#coh_test`,
      kind: 'intake-reminder',
    });

    // Act
    await new SqsSendQueue().enqueue([first]);
    await local.runtime.drain();
    await new SqsSendQueue().enqueue([second]);
    await local.runtime.drain();

    // Assess
    expect(await suppressions.isSuppressed(address)).toBe(true);
    expect(await listSentEmails({ to: address })).toHaveLength(1);
    expect(await ledgerEntry(second.sendKey)).toMatchObject({ status: 'suppressed' });
    expect(local.runtime.failedInvocations).toEqual([]);
  });
});

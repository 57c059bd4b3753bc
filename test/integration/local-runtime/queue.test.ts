import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInvoker } from '#infra/local/lambda.ts';
import { silentLog } from '#infra/local/log.ts';
import { LocalQueue } from '#infra/local/queue.ts';
import { fixtureManifest, senderConsumer } from './fixtures/manifest.ts';
import type { ConsumerCall, TestMessage } from './fixtures/queue-consumer.ts';
import { callsOf, resetCalls } from './fixtures/recorder.ts';

const [spec] = fixtureManifest.queues;
const consumer = senderConsumer;
let queue: LocalQueue;

beforeEach(() => {
  resetCalls();
  queue = new LocalQueue({
    spec: spec!,
    consumer,
    invoke: createInvoker(),
    visibilityTimeoutMs: 50,
    log: silentLog,
  });
});

afterEach(() => queue.stop());

function sendAll(messages: TestMessage[]): string[] {
  return messages.map((message) => queue.send({ body: JSON.stringify(message) }).messageId);
}

/** Every delivery of one message id, in order, with its receive count. */
function receivesOf(messageId: string): number[] {
  return callsOf<ConsumerCall>('test-sender').flatMap((call) =>
    call.records.filter((r) => r.messageId === messageId).map((r) => r.receiveCount),
  );
}

describe('LocalQueue', () => {
  it('delivers a real SQSEvent to the consumer and deletes what succeeded', async () => {
    // Act
    const [id] = sendAll([{ id: 'one' }]);
    await queue.drain();

    // Assess
    const [call] = callsOf<ConsumerCall>('test-sender');
    expect(call?.raw.Records).toEqual([
      {
        messageId: id,
        receiptHandle: expect.any(String),
        body: '{"id":"one"}',
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: expect.stringMatching(/^\d+$/),
          SenderId: expect.any(String),
          ApproximateFirstReceiveTimestamp: expect.stringMatching(/^\d+$/),
        },
        messageAttributes: {},
        md5OfBody: '5d8ec3baadeb075cbe168006d15c11ea',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:send',
        awsRegion: 'us-east-1',
      },
    ]);
    expect(queue.depth).toBe(0);
  });

  it('delivers in batches of at most batchSize to at most maxConcurrency consumers at once', async () => {
    // Prepare
    const messages = Array.from({ length: 10 }, (_, i) => ({ id: `m${i}`, sleepMs: 40 }));

    // Act
    const ids = sendAll(messages);
    await queue.drain();

    // Assess
    const calls = callsOf<ConsumerCall>('test-sender');
    expect(Math.max(...calls.map((call) => call.records.length))).toBe(3);
    expect(Math.max(...calls.map((call) => call.concurrent))).toBe(2);
    expect(new Set(calls.flatMap((call) => call.records.map((r) => r.messageId)))).toEqual(new Set(ids));
  });

  it('retries only the messages named in batchItemFailures, after the visibility timeout', async () => {
    // Act
    const [ok, flaky, other] = sendAll([{ id: 'ok' }, { id: 'flaky', failUntilReceive: 1 }, { id: 'other' }]);
    await queue.drain();

    // Assess
    expect(receivesOf(ok!)).toEqual([1]);
    expect(receivesOf(other!)).toEqual([1]);
    expect(receivesOf(flaky!)).toEqual([1, 2]);
    const calls = callsOf<ConsumerCall>('test-sender');
    expect(calls.at(-1)!.records.map((r) => r.messageId)).toEqual([flaky]);
    expect(queue.deadLetters).toEqual([]);
  });

  it('retries the whole batch when the handler throws', async () => {
    const ids = sendAll([{ id: 'a', throwOnFirst: true }, { id: 'b' }, { id: 'c' }]);
    await queue.drain();

    for (const id of ids) expect(receivesOf(id)).toEqual([1, 2]);
  });

  it('moves a message to the dead-letter list after maxReceiveCount receives', async () => {
    // Act
    const [poison, fine] = sendAll([{ id: 'poison', poison: true }, { id: 'fine' }]);
    await queue.drain();

    // Assess
    expect(receivesOf(poison!)).toEqual([1, 2, 3]);
    expect(receivesOf(fine!)).toEqual([1]);
    expect(queue.deadLetters).toEqual([
      {
        messageId: poison,
        body: JSON.stringify({ id: 'poison', poison: true }),
        receiveCount: 3,
        lastError: 'reported in batchItemFailures',
      },
    ]);
    expect(queue.depth).toBe(0);
  });

  it('treats an unknown itemIdentifier as a failure of the whole batch, as Lambda does', async () => {
    // Prepare: a consumer that reports an id that was not in its batch, once.
    let reported = false;
    const wrongIds = new LocalQueue({
      spec: spec!,
      consumer,
      visibilityTimeoutMs: 20,
      log: silentLog,
      invoke: async () => {
        if (reported) return {};
        reported = true;
        return { batchItemFailures: [{ itemIdentifier: 'not-in-this-batch' }] };
      },
    });

    // Act
    wrongIds.send({ body: 'x' });
    wrongIds.send({ body: 'y' });
    await wrongIds.drain();
    wrongIds.stop();

    // Assess
    expect(reported).toBe(true);
    expect(wrongIds.depth).toBe(0);
    expect(wrongIds.deadLetters).toEqual([]);
  });

  it('does not redeliver a message while its handler still runs, however short the visibility timeout', async () => {
    const [slow] = sendAll([{ id: 'slow', sleepMs: 200 }]);
    await queue.drain();

    expect(receivesOf(slow!)).toEqual([1]);
  });

  it('holds a delayed message back', async () => {
    const started = Date.now();
    queue.send({ body: JSON.stringify({ id: 'later' }), delaySeconds: 1 });
    await queue.drain();

    const [call] = callsOf<ConsumerCall>('test-sender');
    expect(call?.records[0]?.message.id).toBe('later');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('passes message attributes in the Lambda event format', async () => {
    queue.send({
      body: JSON.stringify({ id: 'attrs' }),
      messageAttributes: { kind: { DataType: 'String', StringValue: 'invite' } },
    });
    await queue.drain();

    const [call] = callsOf<ConsumerCall>('test-sender');
    expect(call?.raw.Records[0]?.messageAttributes).toEqual({
      kind: { dataType: 'String', stringValue: 'invite', stringListValues: [], binaryListValues: [] },
    });
  });
});

import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import {
  GetQueueUrlCommand,
  QueueDoesNotExist,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
  TooManyEntriesInBatchRequest,
} from '@aws-sdk/client-sqs';
import type { EventBridgeEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AsyncInvoker } from '#infra/local/async-invoker.ts';
import { type AwsEndpoint, startAwsEndpoint } from '#infra/local/aws-endpoint.ts';
import { LocalBus } from '#infra/local/bus.ts';
import { applyEnv } from '#infra/local/env.ts';
import { createInvoker } from '#infra/local/lambda.ts';
import { silentLog } from '#infra/local/log.ts';
import { LocalQueue } from '#infra/local/queue.ts';
import { SentMailLog } from '#infra/local/ses-feedback.ts';
import { listSentEmails, testEndpoints } from '../../support/aws-env.ts';
import { fixtureManifest, senderConsumer } from './fixtures/manifest.ts';
import type { ConsumerCall } from './fixtures/queue-consumer.ts';
import { callsOf, resetCalls } from './fixtures/recorder.ts';

const invoke = createInvoker();
const delivery = new AsyncInvoker({ invoke, log: silentLog });
const bus = new LocalBus({
  functions: fixtureManifest.functions,
  delivery,
  busName: 'test-bus',
  log: silentLog,
});
const queue = new LocalQueue({
  spec: fixtureManifest.queues[0]!,
  consumer: senderConsumer,
  invoke,
  visibilityTimeoutMs: 50,
  log: silentLog,
});
const sent = new SentMailLog();
let endpoint: AwsEndpoint;
let restoreEnv: () => void;
// Plain clients: the endpoint comes from AWS_ENDPOINT_URL_*, exactly as in the handlers.
let sqs: SQSClient;
let events: EventBridgeClient;

beforeAll(async () => {
  endpoint = await startAwsEndpoint({
    queues: [queue],
    bus,
    ses: { upstreamUrl: testEndpoints().sesUrl, sent },
  });
  restoreEnv = applyEnv({
    AWS_ENDPOINT_URL_SQS: endpoint.url,
    AWS_ENDPOINT_URL_EVENTBRIDGE: endpoint.url,
    AWS_ENDPOINT_URL_SESV2: endpoint.url,
  });
  sqs = new SQSClient({});
  events = new EventBridgeClient({});
});

afterAll(async () => {
  sqs.destroy();
  events.destroy();
  queue.stop();
  delivery.stop();
  restoreEnv();
  await endpoint.stop();
});

beforeEach(() => resetCalls());

describe('SQS through the real SDK client', () => {
  it('finds the queue URL by name', async () => {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'send' }));

    expect(QueueUrl).toBe(`${endpoint.url}/000000000000/send`);
  });

  it('sends a message (the SDK checks MD5OfMessageBody) and the consumer receives it', async () => {
    // Act
    const output = await sqs.send(
      new SendMessageCommand({
        QueueUrl: endpoint.queueUrl('send'),
        MessageBody: JSON.stringify({ id: 'sdk-1' }),
      }),
    );
    await queue.drain();

    // Assess
    expect(output.MessageId).toEqual(expect.any(String));
    const [call] = callsOf<ConsumerCall>('test-sender');
    expect(call?.records).toEqual([
      { messageId: output.MessageId, message: { id: 'sdk-1' }, receiveCount: 1 },
    ]);
  });

  it('sends a batch and reports each entry as Successful or Failed', async () => {
    // Act
    const output = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: endpoint.queueUrl('send'),
        Entries: [
          { Id: 'a', MessageBody: JSON.stringify({ id: 'batch-a' }) },
          { Id: 'b', MessageBody: '\u0000 is not allowed' },
          { Id: 'c', MessageBody: JSON.stringify({ id: 'batch-c' }) },
        ],
      }),
    );
    await queue.drain();

    // Assess
    expect(output.Successful?.map((entry) => entry.Id)).toEqual(['a', 'c']);
    expect(output.Failed).toEqual([
      { Id: 'b', SenderFault: true, Code: 'InvalidMessageContents', Message: expect.any(String) },
    ]);
    const received = callsOf<ConsumerCall>('test-sender').flatMap((call) =>
      call.records.map((r) => r.message.id),
    );
    expect(received.sort()).toEqual(['batch-a', 'batch-c']);
  });

  it('answers an unknown queue with the error class the SDK knows', async () => {
    const sending = sqs.send(
      new SendMessageCommand({ QueueUrl: `${endpoint.url}/000000000000/nope`, MessageBody: 'x' }),
    );

    await expect(sending).rejects.toBeInstanceOf(QueueDoesNotExist);
    await expect(sqs.send(new GetQueueUrlCommand({ QueueName: 'nope' }))).rejects.toMatchObject({
      name: 'QueueDoesNotExist',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('refuses more than ten entries in a batch', async () => {
    const entries = Array.from({ length: 11 }, (_, i) => ({ Id: `e${i}`, MessageBody: 'x' }));

    const sending = sqs.send(
      new SendMessageBatchCommand({ QueueUrl: endpoint.queueUrl('send'), Entries: entries }),
    );

    await expect(sending).rejects.toBeInstanceOf(TooManyEntriesInBatchRequest);
  });
});

describe('EventBridge through the real SDK client', () => {
  it('puts events and answers with EventIds and FailedEntryCount', async () => {
    // Act
    const output = await events.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: 'test-bus',
            Source: 'mentorflow.test',
            DetailType: 'Thing Happened',
            Detail: '{"n":7}',
          },
          {
            EventBusName: 'test-bus',
            Source: 'mentorflow.test',
            DetailType: 'Thing Happened',
            Detail: 'oops',
          },
        ],
      }),
    );
    await bus.drain();

    // Assess
    expect(output.FailedEntryCount).toBe(1);
    expect(output.Entries).toEqual([
      { EventId: expect.any(String) },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
    ]);
    const [event] = callsOf<EventBridgeEvent<string, unknown>>('test-listener');
    expect(event).toMatchObject({ id: output.Entries?.[0]?.EventId, detail: { n: 7 } });
  });

  it('refuses an empty or oversized PutEvents call with a ValidationException', async () => {
    const tooMany = Array.from({ length: 11 }, () => ({
      Source: 'mentorflow.test',
      DetailType: 'x',
      Detail: '{}',
    }));

    await expect(events.send(new PutEventsCommand({ Entries: tooMany }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });
});

describe('SES v2 passed through to the emulator', () => {
  it('delivers the mail to the emulator and remembers the tags it drops', async () => {
    // Prepare
    const ses = new SESv2Client({});
    // The mailbox simulator's address: only mail that can bounce or complain is remembered.
    const to = `bounce+tagged-${Date.now()}@simulator.amazonses.com`;

    // Act
    const { MessageId } = await ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'mentorflow@example.org',
        Destination: { ToAddresses: [to] },
        ConfigurationSetName: 'mentorflow-local',
        EmailTags: [{ Name: 'kind', Value: 'invitation' }],
        Content: { Simple: { Subject: { Data: 'Hi' }, Body: { Text: { Data: 'Hello' } } } },
      }),
    );
    ses.destroy();

    // Assess
    const [stored] = await listSentEmails({ to });
    expect(stored?.messageId).toBe(MessageId);
    expect(sent.take(MessageId!)).toMatchObject({
      tags: [{ Name: 'kind', Value: 'invitation' }],
      configurationSet: 'mentorflow-local',
    });
  });

  it('does not remember mail to ordinary addresses, which never produce feedback', async () => {
    // Prepare
    const ses = new SESv2Client({});
    const to = `plain-${Date.now()}@example.org`;

    // Act
    const { MessageId } = await ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'mentorflow@example.org',
        Destination: { ToAddresses: [to] },
        EmailTags: [{ Name: 'kind', Value: 'invitation' }],
        Content: { Simple: { Subject: { Data: 'Hi' }, Body: { Text: { Data: 'Hello' } } } },
      }),
    );
    ses.destroy();

    // Assess
    const [stored] = await listSentEmails({ to });
    expect(stored?.messageId).toBe(MessageId);
    expect(sent.take(MessageId!)).toBeUndefined();
  });
});

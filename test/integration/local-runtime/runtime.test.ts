import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, QueryCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLog } from '#infra/local/log.ts';
import { type LocalRuntime, startLocalRuntime } from '#infra/local/runtime.ts';
import { localDynamoClient } from '#infra/local/table.ts';
import { listSentEmails, testEndpoints } from '../../support/aws-env.ts';
import { fixtureManifest } from './fixtures/manifest.ts';
import type { ConsumerCall } from './fixtures/queue-consumer.ts';
import { callsOf, resetCalls } from './fixtures/recorder.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'mentorflow-runtime-'));
const jobMailTo = `bounce+job-${Date.now()}@simulator.amazonses.com`;
const dynamo = localDynamoClient(testEndpoints().dynamoUrl);
const envBefore = { ...process.env };
let runtime: LocalRuntime;

beforeAll(async () => {
  runtime = await startLocalRuntime({
    manifest: fixtureManifest,
    dataDir,
    realTimeSchedules: false,
    speed: 0,
    clockStart: new Date('2030-05-01T08:00:00Z'),
    visibilityTimeoutMs: 50,
    retryBackoffMs: 10,
    log: silentLog,
    env: { JOB_MAIL_TO: jobMailTo },
  });
});

afterAll(async () => {
  await runtime.stop();
  dynamo.destroy();
});

beforeEach(() => resetCalls());

describe('startLocalRuntime', () => {
  it('sets what the handlers read, before any handler runs', () => {
    expect(process.env).toMatchObject({
      TABLE_NAME: runtime.tableName,
      EVENT_BUS_NAME: 'mentorflow-local',
      SEND_QUEUE_URL: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/000000000000\/send$/),
      SIGNING_SECRET: readFileSync(join(dataDir, 'signing-secret'), 'utf8'),
      MAIL_FROM: 'mentorflow@example.org',
      SES_CONFIGURATION_SET: 'mentorflow-local',
      PUBLIC_BASE_URL: runtime.apiUrl,
      AWS_ENDPOINT_URL_DYNAMODB: runtime.dynamoUrl,
      AWS_REGION: 'us-east-1',
      JOB_MAIL_TO: jobMailTo,
    });
    expect(process.env.AWS_ENDPOINT_URL_SQS).toBe(process.env.AWS_ENDPOINT_URL_EVENTBRIDGE);
    expect(process.env.SIGNING_SECRET?.length).toBeGreaterThanOrEqual(40);
    expect(existsSync(join(dataDir, 'local-jwt-key.pem'))).toBe(true);
    expect(runtime.inboxUrl).toBe(`${runtime.sesUrl}/`);
  });

  it('serves the routes behind the JWT authorizer with the tokens it issues', async () => {
    const token = runtime.issueToken({ sub: 'coord-1', email: 'c@example.org', groups: ['coordinators'] });

    const allowed = await fetch(`${runtime.apiUrl}/programs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: '{}',
    });
    const refused = await fetch(`${runtime.apiUrl}/programs`, { method: 'POST', body: '{}' });

    expect(allowed.status).toBe(200);
    expect(refused.status).toBe(401);
  });

  it('tick() runs the schedules and waits for everything they set off', async () => {
    // Act: the job writes the table, enqueues a send, publishes an event; the sender mails a
    // simulator address that bounces; the bounce comes back over the bus.
    const result = await runtime.tick();

    // Assess
    expect(result).toEqual({
      now: '2030-05-01T08:00:00.000Z',
      fired: ['test-job'],
      deadLetters: 0,
      failedInvocations: 0,
    });
    const [scheduled] = callsOf<EventBridgeEvent<'Scheduled Event', object>>('test-job');
    expect(scheduled?.time).toBe('2030-05-01T08:00:00Z');

    const items = await dynamo.send(
      new QueryCommand({
        TableName: runtime.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: 'JOB' } },
      }),
    );
    expect(items.Items?.map((item) => item.sk?.S)).toEqual([scheduled?.id]);

    const [send] = callsOf<ConsumerCall>('test-sender');
    expect(send?.records[0]?.message).toEqual({ id: `job-${scheduled?.id}`, mailTo: jobMailTo });
    expect(await listSentEmails({ to: jobMailTo })).toHaveLength(1);

    expect(callsOf<EventBridgeEvent<string, unknown>>('test-listener')).toEqual([
      expect.objectContaining({
        'detail-type': 'Thing Happened',
        detail: { by: 'test-job', scheduledAt: scheduled?.time },
      }),
    ]);
    const [bounce] =
      callsOf<EventBridgeEvent<string, { mail: { tags: Record<string, string[]> } }>>('test-feedback');
    expect(bounce?.['detail-type']).toBe('Email Bounced');
    expect(bounce?.detail.mail.tags.messageKind).toEqual([`job-${scheduled?.id}`]);
  });

  it('serves the clock and tick control routes', async () => {
    const jumped = await fetch(`${runtime.apiUrl}/_local/clock`, {
      method: 'POST',
      body: JSON.stringify({ jumpTo: '2030-06-01T09:00:00Z' }),
    });
    const afterJump = callsOf('test-job').length;
    const ticked = await fetch(`${runtime.apiUrl}/_local/tick`, { method: 'POST' });

    expect(await jumped.json()).toMatchObject({ now: '2030-06-01T09:00:00.000Z', speed: 0 });
    // realTimeSchedules: false — only tick() fires schedules.
    expect(afterJump).toBe(0);
    expect(await ticked.json()).toMatchObject({ now: '2030-06-01T09:00:00.000Z', fired: ['test-job'] });
    expect(callsOf('test-job')).toHaveLength(1);
  });

  it('stop() ends its servers, deletes its throw-away table and restores the environment', async () => {
    // Act
    await runtime.stop();

    // Assess
    await expect(fetch(`${runtime.apiUrl}/things`)).rejects.toThrow();
    await expect(
      dynamo.send(new DescribeTableCommand({ TableName: runtime.tableName })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    for (const name of [
      'TABLE_NAME',
      'SEND_QUEUE_URL',
      'AWS_ENDPOINT_URL_SQS',
      'AWS_ENDPOINT_URL_SESV2',
      'JOB_MAIL_TO',
    ]) {
      expect(process.env[name]).toBe(envBefore[name]);
    }
  });
});

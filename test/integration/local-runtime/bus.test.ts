import type { EventBridgeEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AsyncInvoker } from '#infra/local/async-invoker.ts';
import { LocalBus } from '#infra/local/bus.ts';
import { createInvoker } from '#infra/local/lambda.ts';
import { silentLog } from '#infra/local/log.ts';
import { fixtureManifest } from './fixtures/manifest.ts';
import { callsOf, resetCalls } from './fixtures/recorder.ts';

type TestEvent = EventBridgeEvent<string, { failTimes?: number; n?: number }>;

let delivery: AsyncInvoker;
let bus: LocalBus;

beforeEach(() => {
  resetCalls();
  delivery = new AsyncInvoker({ invoke: createInvoker(), attempts: 3, backoffMs: 10, log: silentLog });
  bus = new LocalBus({
    functions: fixtureManifest.functions,
    delivery,
    busName: 'test-bus',
    now: () => Date.parse('2030-02-01T08:00:00.250Z'),
    log: silentLog,
  });
});

afterEach(() => delivery.stop());

describe('LocalBus', () => {
  it('delivers a matching event asynchronously as a real EventBridge event', async () => {
    // Act
    const [result] = bus.put([
      {
        EventBusName: 'test-bus',
        Source: 'mentorflow.test',
        DetailType: 'Thing Happened',
        Detail: JSON.stringify({ n: 1 }),
        Resources: ['arn:thing'],
      },
    ]);
    const deliveredBeforeReturn = callsOf('test-listener').length;
    await bus.drain();

    // Assess
    expect(deliveredBeforeReturn).toBe(0);
    expect(callsOf<TestEvent>('test-listener')).toEqual([
      {
        version: '0',
        id: result && 'EventId' in result ? result.EventId : 'missing',
        'detail-type': 'Thing Happened',
        source: 'mentorflow.test',
        account: '000000000000',
        time: '2030-02-01T08:00:00Z',
        region: 'us-east-1',
        resources: ['arn:thing'],
        detail: { n: 1 },
      },
    ]);
  });

  it('matches on source and detail-type: other events reach no function', async () => {
    bus.put([
      { Source: 'mentorflow.test', DetailType: 'Thing Ignored', Detail: '{}' },
      { Source: 'mentorflow.other', DetailType: 'Thing Happened', Detail: '{}' },
      { Source: 'mentorflow.test', DetailType: 'Thing Failed', Detail: '{"n":2}' },
    ]);
    await bus.drain();

    expect(callsOf<TestEvent>('test-listener').map((e) => e['detail-type'])).toEqual(['Thing Failed']);
    expect(callsOf('test-feedback')).toEqual([]);
    expect(bus.events).toHaveLength(3);
  });

  it('retries a failing delivery with the same event, and succeeds', async () => {
    bus.put([{ Source: 'mentorflow.test', DetailType: 'Thing Happened', Detail: '{"failTimes":2}' }]);
    await bus.drain();

    const attempts = callsOf<TestEvent>('test-listener');
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map((e) => e.id)).size).toBe(1);
    expect(delivery.failed).toEqual([]);
  });

  it('records a delivery that fails every attempt', async () => {
    bus.put([{ Source: 'mentorflow.test', DetailType: 'Thing Happened', Detail: '{"failTimes":5}' }]);
    await bus.drain();

    expect(callsOf('test-listener')).toHaveLength(3);
    expect(delivery.failed).toEqual([
      expect.objectContaining({
        function: 'test-listener',
        attempts: 3,
        error: expect.stringContaining('on purpose'),
      }),
    ]);
  });

  it('answers per entry, refusing what EventBridge refuses', () => {
    const results = bus.put([
      { Source: 'mentorflow.test', DetailType: 'Thing Happened', Detail: '{}' },
      { Source: 'mentorflow.test', DetailType: 'Thing Happened', Detail: '[1,2]' },
      { Source: 'mentorflow.test', DetailType: 'Thing Happened' },
      { Source: 'aws.ses', DetailType: 'Email Bounced', Detail: '{}' },
      { Source: 'mentorflow.test', DetailType: 'Thing Happened', Detail: '{}', EventBusName: 'nope' },
    ]);

    expect(results.map((r) => ('ErrorCode' in r ? r.ErrorCode : 'ok'))).toEqual([
      'ok',
      'MalformedDetail',
      'InvalidArgument',
      'NotAuthorizedForSourceException',
      'ResourceNotFoundException',
    ]);
  });

  it('lets AWS itself emit aws.* events', async () => {
    bus.emit({ source: 'aws.ses', detailType: 'Email Bounced', detail: { eventType: 'Bounce' } });
    await bus.drain();

    expect(callsOf<TestEvent>('test-feedback')).toEqual([
      expect.objectContaining({
        source: 'aws.ses',
        'detail-type': 'Email Bounced',
        detail: { eventType: 'Bounce' },
      }),
    ]);
  });
});

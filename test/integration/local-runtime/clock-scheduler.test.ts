import { setTimeout as sleep } from 'node:timers/promises';
import type { ScheduledEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { AsyncInvoker } from '#infra/local/async-invoker.ts';
import { LocalClock, parseDuration } from '#infra/local/clock.ts';
import { silentLog } from '#infra/local/log.ts';
import { LocalScheduler } from '#infra/local/scheduler.ts';
import { systemClock } from '#shared/adapters/system-clock.ts';
import { fixtureManifest } from './fixtures/manifest.ts';

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

function clockAt(start: string, speed: number): LocalClock {
  const clock = new LocalClock({ start: new Date(start), speed });
  stops.push(() => clock.stop());
  return clock;
}

/** A scheduler whose deliveries are only recorded: the job fixture itself needs a table. */
function schedulerOn(clock: LocalClock) {
  const fired: { fn: string; event: ScheduledEvent }[] = [];
  const delivery = new AsyncInvoker({
    invoke: async (fn, event) => {
      fired.push({ fn: fn.name, event: event as ScheduledEvent });
    },
    log: silentLog,
  });
  const scheduler = new LocalScheduler({ functions: fixtureManifest.functions, clock, delivery });
  stops.push(
    () => scheduler.stop(),
    () => delivery.stop(),
  );
  return { scheduler, delivery, fired };
}

/** What a handler in this process reads as now. */
const handlerNow = () => systemClock.now().getTime();

describe('LocalClock', () => {
  it('stands still at speed 0, for itself and for the handlers', async () => {
    const clock = clockAt('2030-03-01T12:00:00Z', 0);

    await sleep(30);

    expect(clock.now().toISOString()).toBe('2030-03-01T12:00:00.000Z');
    expect(handlerNow()).toBe(Date.parse('2030-03-01T12:00:00Z'));
  });

  it('jumps and advances', () => {
    const clock = clockAt('2030-03-01T12:00:00Z', 0);

    clock.advanceBy(parseDuration('3d'));
    const advanced = clock.now().toISOString();
    clock.jumpTo(new Date('2031-01-01T00:00:00Z'));

    expect(advanced).toBe('2030-03-04T12:00:00.000Z');
    expect(clock.now().toISOString()).toBe('2031-01-01T00:00:00.000Z');
    expect(handlerNow()).toBe(Date.parse('2031-01-01T00:00:00Z'));
  });

  it('runs at a speed factor, and the variable follows', async () => {
    const clock = clockAt('2030-03-01T12:00:00Z', 1000);

    await sleep(200);

    const elapsed = clock.nowMs() - Date.parse('2030-03-01T12:00:00Z');
    expect(elapsed).toBeGreaterThanOrEqual(180_000);
    expect(elapsed).toBeLessThan(2_000_000);
    // Derived from the same anchor: a few milliseconds of wall time apart at most.
    expect(Math.abs(clock.nowMs() - handlerNow())).toBeLessThan(50_000);
  });

  it('reads durations', () => {
    expect(parseDuration('3d')).toBe(259_200_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('30m')).toBe(1_800_000);
    expect(parseDuration(250)).toBe(250);
    expect(() => parseDuration('soon')).toThrow(RangeError);
  });
});

describe('LocalScheduler', () => {
  it('fires a schedule on its rate grid in clock time, as a Scheduled Event', async () => {
    // Prepare: 150 ms of real time before the next five-minute mark.
    const clock = clockAt('2030-01-01T00:04:59.850Z', 1);
    const { scheduler, delivery, fired } = schedulerOn(clock);

    // Act
    scheduler.start();
    await sleep(400);
    await delivery.drain();

    // Assess
    expect(fired).toEqual([
      {
        fn: 'test-job',
        event: {
          version: '0',
          id: expect.any(String),
          'detail-type': 'Scheduled Event',
          source: 'aws.events',
          account: '000000000000',
          time: '2030-01-01T00:05:00Z',
          region: 'us-east-1',
          resources: ['arn:aws:events:us-east-1:000000000000:rule/mentorflow-test-job-schedule'],
          detail: {},
        },
      },
    ]);
  });

  it('fires every five minutes of clock time at speed 3000 (every 100 ms)', async () => {
    const clock = clockAt('2030-01-01T00:00:00.000Z', 3000);
    const { scheduler, delivery, fired } = schedulerOn(clock);

    scheduler.start();
    await sleep(750);
    scheduler.stop();
    await delivery.drain();

    expect(fired.length).toBeGreaterThanOrEqual(4);
    const times = fired.map(({ event }) => event.time);
    for (const time of times) expect(time).toMatch(/^2030-01-01T0[01]:[0-5][05]:00Z$/);
    expect(new Set(times).size).toBe(times.length);
  });

  it('fires each schedule once on a jump, and not again until the next mark', async () => {
    const clock = clockAt('2030-01-01T00:01:00Z', 0);
    const { scheduler, delivery, fired } = schedulerOn(clock);
    scheduler.start();

    clock.jumpTo(new Date('2030-02-01T10:02:00Z'));
    await sleep(50);
    await delivery.drain();

    expect(fired.map(({ fn, event }) => [fn, event.time])).toEqual([['test-job', '2030-02-01T10:02:00Z']]);
  });

  it('does nothing by itself until started; fireAll runs every schedule now', async () => {
    const clock = clockAt('2030-01-01T00:04:59.990Z', 1);
    const { scheduler, delivery, fired } = schedulerOn(clock);

    await sleep(60);
    const beforeFireAll = fired.length;
    const names = scheduler.fireAll();
    await delivery.drain();

    expect(beforeFireAll).toBe(0);
    expect(names).toEqual(['test-job']);
    expect(fired).toHaveLength(1);
  });
});

import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import type { FunctionSpec } from '#infra/manifest.ts';
import type { AsyncInvoker } from './async-invoker.ts';
import { toIsoSeconds } from './bus.ts';
import type { LocalClock } from './clock.ts';
import { LOCAL_ACCOUNT_ID, localArn, localRegion } from './env.ts';
import { triggersOf } from './local-manifest.ts';

interface LocalSchedulerOptions {
  functions: readonly FunctionSpec[];
  clock: LocalClock;
  delivery: AsyncInvoker;
}

/** Re-check at least this often (wall clock): bounds drift and setTimeout's 24.8-day limit. */
const MAX_SLEEP_MS = 60_000;

interface Schedule {
  fn: FunctionSpec;
  periodMs: number;
  /** Clock time of the next firing, on the rate's grid. */
  nextAt: number;
}

/**
 * Fires each manifest `schedule` trigger every `everyMinutes` of *clock* time (so at speed 60 a
 * five-minute job runs every five seconds), as an EventBridge Scheduled Event delivered
 * asynchronously. Runs that fall between two wake-ups are not replayed one by one: the jobs
 * reconcile from the due index, so one run after a gap does all the work. For the same reason
 * a jump fires every schedule once.
 */
export class LocalScheduler {
  private readonly schedules: Schedule[];
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: LocalSchedulerOptions) {
    this.schedules = triggersOf(options.functions, 'schedule').map(({ fn, trigger }) => ({
      fn,
      periodMs: trigger.everyMinutes * 60_000,
      nextAt: 0,
    }));
  }

  /** Starts firing on the clock; without it, schedules run only through `fireAll()`. */
  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.options.clock.onChange((change) => {
      if (change.kind === 'jump') this.fireAll();
      this.plan();
    });
    this.plan();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    clearTimeout(this.timer);
  }

  /** Fires every schedule once, now; returns the names of the functions invoked. */
  fireAll(): string[] {
    const now = this.options.clock.now();
    for (const schedule of this.schedules) this.fire(schedule, now);
    return this.schedules.map((schedule) => schedule.fn.name);
  }

  /** Puts each schedule's next firing on its grid after "now", then sleeps until the first. */
  private plan(): void {
    clearTimeout(this.timer);
    const now = this.options.clock.nowMs();
    for (const schedule of this.schedules) schedule.nextAt = nextOnGrid(now, schedule.periodMs);
    this.sleep();
  }

  private sleep(): void {
    clearTimeout(this.timer);
    const speed = this.options.clock.speed;
    if (this.schedules.length === 0 || speed === 0) return;
    const firstAt = Math.min(...this.schedules.map((schedule) => schedule.nextAt));
    const wallDelay = Math.min(MAX_SLEEP_MS, Math.max(0, (firstAt - this.options.clock.nowMs()) / speed));
    this.timer = setTimeout(() => this.wake(), wallDelay);
    this.timer.unref();
  }

  private wake(): void {
    const now = this.options.clock.nowMs();
    for (const schedule of this.schedules) {
      if (schedule.nextAt > now) continue;
      // Stamped with the mark that fell due (the latest one if the clock ran past several).
      const mark = nextOnGrid(now, schedule.periodMs) - schedule.periodMs;
      this.fire(schedule, new Date(mark));
      schedule.nextAt = mark + schedule.periodMs;
    }
    this.sleep();
  }

  private fire(schedule: Schedule, at: Date): void {
    this.options.delivery.deliver(schedule.fn, scheduledEvent(schedule.fn, at));
  }
}

/** Rates are aligned to the epoch, so a five-minute job runs at :00, :05, ... of clock time. */
function nextOnGrid(now: number, periodMs: number): number {
  return Math.floor(now / periodMs) * periodMs + periodMs;
}

function scheduledEvent(fn: FunctionSpec, time: Date): ScheduledEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: LOCAL_ACCOUNT_ID,
    time: toIsoSeconds(time),
    region: localRegion(),
    resources: [localArn('events', `rule/mentorflow-${fn.name}-schedule`)],
    detail: {},
  };
}

import { ENV } from '#infra/manifest.ts';
import { encodeClockAnchor } from '#shared/adapters/system-clock.ts';

export interface ClockState {
  now: string;
  offsetMs: number;
  speed: number;
}

type ClockChange = { kind: 'jump'; from: Date; to: Date } | { kind: 'speed'; speed: number };

/**
 * The local runtime's "now": wall-clock time plus an offset, running at `speed` (1 = real time,
 * 0 = frozen, 60 = an hour a minute), and able to jump. Handlers in this process read it through
 * `MENTORFLOW_LOCAL_CLOCK` (see `shared/adapters/system-clock.ts`): the anchor and speed, from
 * which they derive exactly the same "now", so the variable changes only when the clock does.
 */
export class LocalClock {
  /** Wall-clock and simulated time at the last change; the clock runs linearly from there. */
  private anchorWall: number;
  private anchorSim: number;
  private currentSpeed: number;
  private readonly listeners = new Set<(change: ClockChange) => void>();

  constructor(options: { start?: Date; speed?: number } = {}) {
    this.anchorWall = Date.now();
    this.anchorSim = options.start?.getTime() ?? this.anchorWall;
    this.currentSpeed = checkedSpeed(options.speed ?? 1);
    this.afterChange();
  }

  nowMs(): number {
    return this.anchorSim + (Date.now() - this.anchorWall) * this.currentSpeed;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  get speed(): number {
    return this.currentSpeed;
  }

  get offsetMs(): number {
    return Math.round(this.nowMs() - Date.now());
  }

  state(): ClockState {
    return { now: this.now().toISOString(), offsetMs: this.offsetMs, speed: this.currentSpeed };
  }

  jumpTo(date: Date): void {
    if (Number.isNaN(date.getTime())) throw new RangeError('jumpTo needs a valid date');
    const from = this.now();
    this.anchorWall = Date.now();
    this.anchorSim = date.getTime();
    this.afterChange();
    this.emit({ kind: 'jump', from, to: date });
  }

  advanceBy(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError('advanceBy needs a finite number of milliseconds');
    this.jumpTo(new Date(this.nowMs() + ms));
  }

  setSpeed(speed: number): void {
    const checked = checkedSpeed(speed);
    this.anchorSim = this.nowMs();
    this.anchorWall = Date.now();
    this.currentSpeed = checked;
    this.afterChange();
    this.emit({ kind: 'speed', speed: checked });
  }

  /** Calls `listener` after every jump and speed change; returns the unsubscribe. */
  onChange(listener: (change: ClockChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Writes the anchor to the variable the in-process handlers read. Called at every change, and
   * before each invocation in case a second runtime in this process wrote its own.
   */
  publish(): void {
    process.env[ENV.localClock] = encodeClockAnchor({
      simulatedMs: this.anchorSim,
      wallMs: this.anchorWall,
      speed: this.currentSpeed,
    });
  }

  /** Forgets the listeners; the variable keeps its last value until the runtime restores it. */
  stop(): void {
    this.listeners.clear();
  }

  private afterChange(): void {
    this.publish();
  }

  private emit(change: ClockChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

function checkedSpeed(speed: number): number {
  if (!Number.isFinite(speed) || speed < 0) throw new RangeError('speed must be a finite number >= 0');
  return speed;
}

const DURATION_UNITS_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** `"3d"`, `"90m"`, `"1.5h"`, or a number of milliseconds. */
export function parseDuration(value: string | number): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError('duration must be finite');
    return value;
  }
  const match = /^\s*(-?\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)\s*$/.exec(value);
  if (!match)
    throw new RangeError(`cannot read duration ${JSON.stringify(value)}: use e.g. "3d", "12h", "30m"`);
  return Number(match[1]) * DURATION_UNITS_MS[match[2]!]!;
}

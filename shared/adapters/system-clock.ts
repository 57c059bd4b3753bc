import { ENV } from '#infra/manifest.ts';
import type { Clock } from '#shared/ports/clock.ts';

/**
 * Where the local runtime's clock stood at its last change: simulated time, wall time then,
 * and its speed. Handlers in the same process derive "now" from it exactly, frozen or fast,
 * without the runtime having to refresh anything. On AWS the variable is unset.
 */
interface ClockAnchor {
  simulatedMs: number;
  wallMs: number;
  speed: number;
}

export function encodeClockAnchor(anchor: ClockAnchor): string {
  return `${anchor.simulatedMs}/${anchor.wallMs}/${anchor.speed}`;
}

function decodeClockAnchor(value: string): ClockAnchor {
  const [simulatedMs, wallMs, speed] = value.split('/').map(Number);
  if (![simulatedMs, wallMs, speed].every(Number.isFinite)) {
    throw new Error(`${ENV.localClock} must be "<simulatedMs>/<wallMs>/<speed>", not "${value}"`);
  }
  return { simulatedMs: simulatedMs!, wallMs: wallMs!, speed: speed! };
}

export const systemClock: Clock = {
  now: () => {
    const anchor = process.env[ENV.localClock];
    if (!anchor) return new Date();
    const { simulatedMs, wallMs, speed } = decodeClockAnchor(anchor);
    return new Date(simulatedMs + (Date.now() - wallMs) * speed);
  },
};

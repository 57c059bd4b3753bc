import { ENV } from '#infra/manifest.ts';
import type { Clock } from '#shared/ports/clock.ts';

/**
 * Wall-clock time, plus the offset the local runtime sets when it runs ahead or jumps to a
 * date. On AWS the variable is unset, so this is plain `new Date()`.
 */
export const systemClock: Clock = {
  now: () => new Date(Date.now() + Number(process.env[ENV.clockOffsetMs] ?? 0)),
};

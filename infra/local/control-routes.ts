import { type LocalClock, parseDuration } from './clock.ts';

/** What the `/_local/` routes drive: the clock, and a tick of every schedule. */
export interface LocalControl {
  clock: LocalClock;
  tick(): Promise<unknown>;
}

interface ControlResponse {
  status: number;
  body: unknown;
}

export const CONTROL_PREFIX = '/_local/';

/**
 * Local-only routes next to the manifest's, for the CLI, the e2e tests and a curious developer:
 *
 * - `GET /_local/clock` → `{ now, offsetMs, speed }`
 * - `POST /_local/clock` with `{ "jumpTo": "2025-03-01T09:00:00Z" }`, `{ "advanceBy": "3d" }`
 *   (or milliseconds) or `{ "speed": 60 }` → the new clock state
 * - `POST /_local/tick` → runs every schedule now and waits until bus and queues are quiet
 */
export async function handleControl(
  control: LocalControl,
  method: string,
  path: string,
  body: string,
): Promise<ControlResponse> {
  const route = `${method} ${path.slice(CONTROL_PREFIX.length - 1)}`;
  if (route === 'GET /clock') return { status: 200, body: control.clock.state() };
  if (route === 'POST /clock') return changeClock(control.clock, body);
  if (route === 'POST /tick') return { status: 200, body: await control.tick() };
  return { status: 404, body: { message: 'Not Found' } };
}

function changeClock(clock: LocalClock, body: string): ControlResponse {
  let request: { jumpTo?: unknown; advanceBy?: unknown; speed?: unknown };
  try {
    request = JSON.parse(body || '{}') as typeof request;
  } catch {
    return badRequest('body must be JSON');
  }
  const given = ['jumpTo', 'advanceBy', 'speed'].filter(
    (key) => request[key as keyof typeof request] !== undefined,
  );
  if (given.length !== 1) return badRequest('give exactly one of jumpTo, advanceBy, speed');
  try {
    if (typeof request.jumpTo === 'string') clock.jumpTo(new Date(request.jumpTo));
    else if (typeof request.advanceBy === 'string' || typeof request.advanceBy === 'number') {
      clock.advanceBy(parseDuration(request.advanceBy));
    } else if (typeof request.speed === 'number') clock.setSpeed(request.speed);
    else return badRequest('jumpTo is an ISO date, advanceBy "3d" or milliseconds, speed a number');
  } catch (error) {
    if (error instanceof RangeError) return badRequest(error.message);
    throw error;
  }
  return { status: 200, body: clock.state() };
}

function badRequest(message: string): ControlResponse {
  return { status: 400, body: { message } };
}

import type { Command } from 'commander';
import type { ClockState } from '#infra/local/clock.ts';
import type { TickResult } from '#infra/local/runtime.ts';
import { type ApiClient, clientFromFlags } from '../api-client.ts';
import type { Io } from '../io.ts';
import { printJson, printLines, withJsonOption } from '../output.ts';

const CLOCK = '/_local/clock';
/** A tick waits until every email it queued is sent; a jump over intake can queue thousands. */
const TICK_TIMEOUT_MS = 10 * 60_000;

/**
 * The local runtime's clock, so a cohort's weeks pass in seconds. These routes exist only under
 * `mentorflow dev`; on AWS time is real and the schedules fire by themselves. `tick` sits at the
 * top level, next to `clock`, because it is typed after every step of a walk-through.
 */
export function registerClockCommands(cli: Command, io: Io): void {
  const clock = cli.command('clock').description('Local runtime only: read, jump or advance its clock.');

  withJsonOption(clock.command('show').description('Print the clock’s time and speed.')).action(
    (_: unknown, command: Command) => showClock(command, io, (client) => client.get<ClockState>(CLOCK)),
  );
  withJsonOption(
    clock
      .command('jump')
      .description('Set the clock to a date; schedules that fall due fire at once.')
      .argument('<date>', 'ISO date, e.g. 2026-12-16T09:00:00Z'),
  ).action((jumpTo: string, _: unknown, command: Command) =>
    showClock(command, io, (client) => client.post<ClockState>(CLOCK, { jumpTo })),
  );
  withJsonOption(
    clock
      .command('advance')
      .description('Move the clock forward; schedules that fall due fire at once.')
      .argument('<duration>', 'how far: 3d, 12h, 30m (also w, s, ms)'),
  ).action((advanceBy: string, _: unknown, command: Command) =>
    showClock(command, io, (client) => client.post<ClockState>(CLOCK, { advanceBy })),
  );
  withJsonOption(
    cli
      .command('tick')
      .description(
        'Local runtime only: run every schedule now and wait until the queues and the bus are quiet.',
      ),
  ).action(async (options: { json?: boolean }, command: Command) => {
    const client = await clientFromFlags(command.optsWithGlobals(), io);
    const result = await client.post<TickResult>('/_local/tick', {}, { timeoutMs: TICK_TIMEOUT_MS });
    if (options.json) {
      printJson(io, result);
      return;
    }
    printLines(
      io.stdout,
      `ticked at   ${result.now}`,
      `fired       ${result.fired.join(', ') || 'nothing'}`,
      `failures    ${result.failedInvocations} invocations, ${result.deadLetters} dead letters (so far)`,
    );
  });
}

/** Every clock command answers with the clock's new state; the local runtime checks the input. */
async function showClock(
  command: Command,
  io: Io,
  call: (client: ApiClient) => Promise<ClockState>,
): Promise<void> {
  const state = await call(await clientFromFlags(command.optsWithGlobals(), io));
  if (command.opts().json) {
    printJson(io, state);
    return;
  }
  printLines(
    io.stdout,
    `now     ${state.now}`,
    `speed   ${state.speed}×`,
    `offset  ${formatOffset(state.offsetMs)}`,
  );
}

/** `+3d 4h 0m` ahead of the wall clock: easier to read than milliseconds. */
function formatOffset(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  return `${ms < 0 ? '-' : '+'}${days}d ${hours}h ${minutes % 60}m`;
}

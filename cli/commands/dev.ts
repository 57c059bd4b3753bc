import type { Command } from 'commander';
import { nonNegativeNumber, wholeNumber } from '../arguments.ts';

export interface DevOptions {
  port?: number;
  speed?: number;
  fresh: boolean;
  demo: boolean;
}

/** `mentorflow dev`: the options only; the local runtime behind it lives in `infra/local/dev.ts`. */
export function registerDevCommand(cli: Command): void {
  cli
    .command('dev')
    .description(
      'Run mentorflow on this machine: emulators, the HTTP API, schedules and a clock you can move.',
    )
    .option('--port <n>', 'port for the HTTP API', wholeNumber)
    .option('--speed <x>', 'clock speed: 1 real time, 60 an hour a minute, 0 frozen', nonNegativeNumber)
    .option('--fresh', 'start from an empty table instead of the last run’s data', false)
    // `--demo` is the default; it is also accepted so `npm start` (`dev --demo`) reads as it means.
    .option('--demo', 'load a demo program and cohort', true)
    .option('--no-demo', 'start without the demo program')
    .action(async (options: DevOptions) => {
      // Loaded on demand: the emulators and the runtime are heavy, and only `dev` needs them.
      const { runDev } = await import('#infra/local/dev.ts');
      await runDev(options);
    });
}

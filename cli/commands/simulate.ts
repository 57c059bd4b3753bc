import type { Command } from 'commander';
import { wholeNumber } from '../arguments.ts';

export interface SimulateOptions {
  participants?: number;
  seed?: string;
  weeks?: number;
  json?: boolean;
}

/** `mentorflow simulate`: the options only; the simulation lives in `cli/simulate/run-simulation.ts`. */
export function registerSimulateCommand(cli: Command): void {
  cli
    .command('simulate')
    .description('Run a whole simulated cohort on the local runtime and report what happened.')
    .option('--participants <n>', 'how many simulated participants', wholeNumber)
    .option('--seed <s>', 'seed for the random choices, so a run can be repeated')
    .option('--weeks <w>', 'how many weeks of the program to simulate', wholeNumber)
    .option('--json', 'print the report as JSON instead of text')
    .action(async (options: SimulateOptions) => {
      // Loaded on demand, like `dev`: only this command starts a runtime.
      const { runSimulation } = await import('#cli/simulate/run-simulation.ts');
      await runSimulation(options);
    });
}

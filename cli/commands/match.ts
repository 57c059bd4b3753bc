import type { Command } from 'commander';
import type { Io } from '../io.ts';
import { registerMatchReview } from './match-review.ts';
import { registerMatchSolve } from './match-solve.ts';

/** `mentorflow match …`: review a cohort's proposed matches through the API, or solve offline. */
export function registerMatchCommands(cli: Command, io: Io): void {
  const match = cli
    .command('match')
    .description('Propose, explain, adjust and approve matches, or solve a matching file offline.');
  registerMatchReview(match, io);
  registerMatchSolve(match, io);
}

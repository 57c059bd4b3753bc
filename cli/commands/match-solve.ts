import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type * as z from 'zod';
import { ValidationError } from '#shared/domain/errors.ts';
import { fairnessReport } from '#shared/domain/matching/fairness.ts';
import { matchCohort } from '#shared/domain/matching/match-cohort.ts';
import { matchingInputSchema } from '#shared/domain/matching/schemas.ts';
import type { MatchingInput } from '#shared/domain/matching/types.ts';
import { readArgumentFile } from '../arguments.ts';
import { CliError, type Io } from '../io.ts';
import { printLines } from '../output.ts';
import { SCHEMA_FILES } from './match-schemas.ts';

/** `seekers[3].timeZone`: where in the input file a problem is. */
function jsonPath(issuePath: readonly PropertyKey[]): string {
  let out = '';
  for (const part of issuePath)
    out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  return out || '(the whole file)';
}

function parseInput(text: string, file: string): MatchingInput {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file} (--input) is not valid JSON: ${(error as SyntaxError).message}`);
  }
  const parsed = matchingInputSchema.safeParse(json);
  if (!parsed.success) {
    throw new ValidationError(
      `${file} (--input) does not follow ${SCHEMA_FILES.input}.`,
      parsed.error.issues.map((issue: z.core.$ZodIssue) => ({
        field: jsonPath(issue.path),
        message: issue.message,
      })),
    );
  }
  return parsed.data;
}

/**
 * `mentorflow match solve`: the same scoring and exact solver as the matching job, on a JSON file,
 * with no server. `--include-candidates` adds every scored pair the solver chose from, so anyone
 * can check the optimum with an independent solver (docs/matching.md says how).
 */
export function registerMatchSolve(match: Command, io: Io): void {
  match
    .command('solve')
    .description(
      'Solve a matching input file offline: the exact optimum, with reasons and a fairness report.',
    )
    .requiredOption('--input <file>', `seekers, supporters and rules (${SCHEMA_FILES.input})`)
    .requiredOption('--output <file>', `where to write the result (${SCHEMA_FILES.output})`)
    .option(
      '--include-candidates',
      'add every scored pair the solver chose from, to check the optimum independently',
    )
    .action(async (options: { input: string; output: string; includeCandidates?: boolean }) => {
      const input = parseInput(await readArgumentFile(options.input, '--input', io.cwd), options.input);
      const started = performance.now();
      const result = matchCohort(input, { includeCandidates: options.includeCandidates === true });
      const ms = Math.round(performance.now() - started);
      const output = { ...result, fairness: fairnessReport(input.seekers, result.matches) };
      const target = path.resolve(io.cwd, options.output);
      try {
        await writeFile(target, `${JSON.stringify(output, null, 2)}\n`);
      } catch (error) {
        throw new CliError(
          `Cannot write ${options.output} (--output): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        );
      }
      const { matched, demand, score } = result.totals;
      const reasons = new Map<string, number>();
      for (const u of result.unmatched) reasons.set(u.reason, (reasons.get(u.reason) ?? 0) + 1);
      printLines(
        io.stdout,
        `Matched ${matched} of ${demand} seeker-roles, total score ${score}, in ${ms} ms (the exact optimum).`,
        ...[...reasons].map(([reason, n]) => `  unmatched, ${reason}: ${n}`),
        ...(result.candidates ? [`Included ${result.candidates.length} candidate pairs.`] : []),
        `Written to ${options.output}.`,
      );
    });
}

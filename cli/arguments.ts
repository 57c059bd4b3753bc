import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InvalidArgumentError } from 'commander';
import { CliError } from './io.ts';

/** `mentor, sponsor` → `['mentor', 'sponsor']`; the API says which names it does not know. */
export function commaList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** Commander parser for whole numbers; the API checks the range, so its message names the allowed values. */
export function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('must be a whole number.');
  return Number(value);
}

export function nonNegativeNumber(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !(number >= 0)) throw new InvalidArgumentError('must be a number, 0 or more.');
  return number;
}

/** Reads a file named on the command line, saying which flag named it when that fails. */
export async function readArgumentFile(file: string, flag: string, cwd: string): Promise<string> {
  try {
    return await readFile(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new CliError(
      `Cannot read ${file} (${flag}): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

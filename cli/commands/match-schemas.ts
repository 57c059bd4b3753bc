import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { matchingInputSchema, matchingOutputSchema } from '#shared/domain/matching/schemas.ts';

/**
 * The published JSON Schemas of `mentorflow match solve`, generated from the zod schemas the
 * command uses. `npx tsx cli/commands/match-schemas.ts` rewrites docs/schemas/; a unit test fails
 * when the committed files differ from what this generates.
 */

export const SCHEMA_FILES = {
  input: 'docs/schemas/match-input.schema.json',
  output: 'docs/schemas/match-output.schema.json',
} as const;

/** The text of each schema file: input as a file may be written (defaults optional), output as written. */
export function matchSchemaFiles(): Record<keyof typeof SCHEMA_FILES, string> {
  const render = (schema: z.ZodType, io: 'input' | 'output') =>
    `${JSON.stringify(z.toJSONSchema(schema, { io }), null, 2)}\n`;
  return { input: render(matchingInputSchema, 'input'), output: render(matchingOutputSchema, 'output') };
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = matchSchemaFiles();
  for (const [name, file] of Object.entries(SCHEMA_FILES)) {
    await writeFile(path.join(repoRoot, file), files[name as keyof typeof SCHEMA_FILES]);
    process.stdout.write(`wrote ${file}\n`);
  }
}

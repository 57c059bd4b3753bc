import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import { MAX_IMPORT_BYTES } from '#shared/domain/applicant-import/limits.ts';
import { parseApplicantCsv, type RowProblem } from '#shared/domain/applicant-import/validate-rows.ts';
import type { ApplicantImportRecord } from '#shared/ports/applicant-import-store.ts';
import type { ImportOutcome } from '#shared/use-cases/import-applicants.ts';
import { type ApiClient, apiPath, clientFromFlags } from '../api-client.ts';
import { readArgumentFile } from '../arguments.ts';
import { CliError, type Io } from '../io.ts';
import { type Progress, printJson, printLines, progressBar, renderTable, withJsonOption } from '../output.ts';

interface ImportOptions {
  cohort: string;
  dryRun?: boolean;
  allowPartial?: boolean;
  json?: boolean;
}

/** How often the import's progress record is read while the import request runs. */
const POLL_EVERY_MS = 300;
/** Re-importing a whole spreadsheet skips everyone in it; a screenful says so well enough. */
const ALREADY_PRESENT_SHOWN = 20;

export function registerIntakeImport(intake: Command, io: Io): void {
  withJsonOption(
    intake
      .command('import')
      .description('Invite the applicants listed in a CSV file (see docs/applicant-import.md).')
      .argument('<file>', 'the CSV file, with a header row (email, name, ...)')
      .requiredOption('--cohort <id>', 'the cohort to invite them to')
      .option('--dry-run', 'check the file and report what would happen; write nothing')
      .option('--allow-partial', 'import the good rows even when other rows have problems'),
  ).action(async (file: string, options: ImportOptions, command: Command) => {
    const csv = await readArgumentFile(file, '<file>', io.cwd);
    // The domain's own check words the refusal, so the CLI and the API never disagree about
    // the limit; it runs first in the parser and throws before any row is read.
    if (Buffer.byteLength(csv) > MAX_IMPORT_BYTES) parseApplicantCsv(csv);
    const client = await clientFromFlags(command.optsWithGlobals(), io);
    const importId = randomUUID();
    const progress = progressBar(io.stderr, `Importing ${path.basename(file)}`);
    const importing = client.request<ImportOutcome>('POST', apiPath`/cohorts/${options.cohort}/imports`, {
      body: { importId, csv, dryRun: options.dryRun ?? false, allowPartial: options.allowPartial ?? false },
      accept: [422],
    });
    const watching = watchProgress(
      client,
      apiPath`/cohorts/${options.cohort}/imports/${importId}`,
      importing,
      progress,
    )
      // The import's own answer is what counts; a lost progress read only costs the bar.
      .catch((error: Error) => io.stderr.write(`(progress unavailable: ${error.message})\n`));
    const reply = await importing.finally(async () => {
      await watching;
      progress.finish();
    });
    const rejected = reply.status === 422;
    report(reply.body, rejected, options, io);
    if (rejected) {
      throw new CliError(
        `Nothing was imported: ${plural(rowsWithProblems(reply.body), 'row')} with problems. ` +
          'Fix them and import again, or pass --allow-partial to import the other rows.',
      );
    }
  });
}

/** Reads the progress record until the import request settles; 404 means it is not written yet. */
async function watchProgress(
  client: ApiClient,
  progressPath: string,
  importing: Promise<unknown>,
  progress: Progress,
): Promise<void> {
  const settled = importing.then(
    () => true,
    () => true,
  );
  while (!(await Promise.race([settled, sleep(POLL_EVERY_MS, false, { ref: false })]))) {
    const reply = await client.request<ApplicantImportRecord>('GET', progressPath, {
      accept: [404],
      retry: false,
    });
    if (reply.status === 200) progress.update(reply.body.processed, reply.body.totalRows);
  }
}

function report(outcome: ImportOutcome, rejected: boolean, options: ImportOptions, io: Io): void {
  if (options.json) {
    printJson(io, outcome);
    return;
  }
  for (const warning of outcome.warnings) printLines(io.stderr, `Warning: ${warning}`);
  if (outcome.problems.length > 0) io.stderr.write(problemTable(outcome.problems));
  if (rejected) return;

  const lines = [
    outcome.dryRun
      ? `Dry run: ${plural(outcome.added, 'applicant')} would be added; nothing was written.`
      : `Added ${plural(outcome.added, 'applicant')}${outcome.added > 0 ? '; invitations go out when intake opens' : ''}.`,
  ];
  if (outcome.problems.length > 0) {
    lines.push(`Skipped ${plural(rowsWithProblems(outcome), 'row')} with the problems listed above.`);
  }
  if (outcome.alreadyPresent.length > 0) {
    lines.push(`Already in the cohort, skipped: ${plural(outcome.alreadyPresent.length, 'applicant')}`);
  }
  printLines(io.stdout, ...lines);
  if (outcome.alreadyPresent.length > 0) {
    io.stdout.write(
      renderTable(outcome.alreadyPresent.slice(0, ALREADY_PRESENT_SHOWN), [
        { header: 'LINE', value: (p) => p.line, align: 'right' },
        { header: 'EMAIL', value: (p) => p.email },
      ]),
    );
    const more = outcome.alreadyPresent.length - ALREADY_PRESENT_SHOWN;
    if (more > 0) printLines(io.stdout, `… and ${more} more (--json lists them all)`);
  }
}

/** One row per problem, with the fix, so the coordinator can correct the spreadsheet in one pass. */
function problemTable(problems: readonly RowProblem[]): string {
  return renderTable(problems, [
    { header: 'LINE', value: (p) => p.line, align: 'right' },
    { header: 'COLUMN', value: (p) => p.column },
    { header: 'VALUE', value: (p) => p.value },
    { header: 'PROBLEM', value: (p) => p.message },
    { header: 'FIX', value: (p) => p.fix },
  ]);
}

function rowsWithProblems(outcome: ImportOutcome): number {
  return new Set(outcome.problems.map((p) => p.line)).size;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

import { parseApplicantCsv, type RowProblem } from '#shared/domain/applicant-import/validate-rows.ts';
import type { Cohort } from '#shared/domain/cohort.ts';
import { ConflictError, NotFoundError } from '#shared/domain/errors.ts';
import { newId } from '#shared/domain/ids.ts';
import type { Participant } from '#shared/domain/participant.ts';
import { ApplicantsImported } from '#shared/events/applicants-imported.ts';
import type { ApplicantImportRecord } from '#shared/ports/applicant-import-store.ts';
import { intakeWindow } from './apply.ts';
import type { Deps } from './deps.ts';

interface ImportRequest {
  cohortId: string;
  /** Chosen by the client, so it can watch progress and retry safely. */
  importId: string;
  csv: string;
  dryRun: boolean;
  /** Import the good rows even when some rows have problems. Off by default: all or nothing. */
  allowPartial: boolean;
}

export interface ImportOutcome {
  importId: string;
  dryRun: boolean;
  /** True when rows were (or, in a dry run, would be) written. */
  committed: boolean;
  totalRows: number;
  added: number;
  alreadyPresent: { line: number; email: string }[];
  problems: RowProblem[];
  warnings: string[];
}

/** Rows written between progress updates; small enough for the progress bar to move. */
const PROGRESS_STEP = 500;

/**
 * Primary course:
 * 1. The cohort must exist and still take applicants (draft or intake open).
 * 2. Parse and check every row; with any problem and no `allowPartial`, write nothing.
 * 3. People already in the cohort (same address, any case or spacing) are skipped and listed.
 * 4. Dry run: report what would happen and stop.
 * 5. Record the import, add people in chunks (updating progress), publish `ApplicantsImported`
 *    so invitations go out now. If writing fails half-way, remove what this import added.
 * Re-sending the same import id returns the first outcome's counts without writing again.
 */
export async function importApplicants(
  deps: Pick<Deps, 'clock' | 'cohorts' | 'participants' | 'imports' | 'events'>,
  request: ImportRequest,
): Promise<ImportOutcome> {
  const cohort = await deps.cohorts.get(request.cohortId);
  if (!cohort) throw new NotFoundError(`There is no cohort ${request.cohortId}.`);
  assertTakesApplicants(cohort, deps.clock.now());
  const parsed = parseApplicantCsv(request.csv);
  const outcome: ImportOutcome = {
    importId: request.importId,
    dryRun: request.dryRun,
    committed: false,
    totalRows: parsed.totalRows,
    added: 0,
    alreadyPresent: [],
    problems: parsed.problems,
    warnings: parsed.warnings,
  };
  if (parsed.problems.length > 0 && !request.allowPartial) return outcome;

  const existing = await deps.participants.existingEmails(
    cohort.cohortId,
    parsed.accepted.map((a) => a.emailNormalised),
  );
  const fresh = parsed.accepted.filter((a) => !existing.has(a.emailNormalised));
  outcome.alreadyPresent = parsed.accepted
    .filter((a) => existing.has(a.emailNormalised))
    .map((a) => ({ line: a.line, email: a.email }));
  if (request.dryRun) return { ...outcome, committed: fresh.length > 0, added: fresh.length };

  const now = deps.clock.now();
  const record: ApplicantImportRecord = {
    importId: request.importId,
    cohortId: cohort.cohortId,
    status: 'running',
    dryRun: false,
    totalRows: parsed.totalRows,
    processed: parsed.totalRows - fresh.length,
    added: 0,
    alreadyPresent: outcome.alreadyPresent.length,
    problems: parsed.problems.length,
    startedAt: now.toISOString(),
  };
  if (!(await deps.imports.start(record))) {
    const earlier = await deps.imports.get(cohort.cohortId, request.importId);
    throw new ConflictError(
      `Import ${request.importId} was already ${earlier?.status ?? 'started'}` +
        ` (${earlier?.added ?? 0} added); use a new import id to import again.`,
    );
  }
  const participants: Participant[] = fresh.map((row) => ({
    participantId: newId('ppl'),
    cohortId: cohort.cohortId,
    programId: cohort.programId,
    email: row.email,
    emailNormalised: row.emailNormalised,
    name: row.name,
    status: 'invited',
    source: 'import',
    invitedAt: now.toISOString(),
    prefill: row.prefill,
    importId: request.importId,
    version: 1,
  }));
  // Invitations wait for intake to open; the intake job sends them when they are due.
  const invitationDueAt = [now.toISOString(), cohort.intakeOpensAt].sort().at(-1) as string;
  const added: Participant[] = [];
  try {
    for (let start = 0; start < participants.length; start += PROGRESS_STEP) {
      const group = participants.slice(start, start + PROGRESS_STEP);
      const { alreadyPresent } = await deps.participants.add(group, invitationDueAt);
      const raced = new Set(alreadyPresent.map((p) => p.participantId));
      added.push(...group.filter((p) => !raced.has(p.participantId)));
      outcome.alreadyPresent.push(...alreadyPresent.map((p) => ({ line: lineOf(fresh, p), email: p.email })));
      // Rows with problems or already present count as looked at from the start.
      record.processed = parsed.totalRows - fresh.length + start + group.length;
      record.added = added.length;
      await deps.imports.update(record);
    }
  } catch (error) {
    await deps.participants.remove(added);
    await deps.imports.update({
      ...record,
      status: 'failed',
      added: 0,
      finishedAt: deps.clock.now().toISOString(),
    });
    throw error;
  }
  await deps.events.publish([
    ApplicantsImported.create(
      { cohortId: cohort.cohortId, importId: request.importId, added: added.length },
      now,
    ),
  ]);
  await deps.imports.update({
    ...record,
    status: 'done',
    processed: parsed.totalRows,
    alreadyPresent: outcome.alreadyPresent.length,
    finishedAt: deps.clock.now().toISOString(),
  });
  return { ...outcome, committed: true, added: added.length };
}

function lineOf(rows: { line: number; emailNormalised: string }[], participant: Participant): number {
  return rows.find((row) => row.emailNormalised === participant.emailNormalised)?.line ?? 0;
}

/** Applicants can be added until intake closes: by state, or by date if the job has not run yet. */
function assertTakesApplicants(cohort: Cohort, now: Date): void {
  if (intakeWindow(cohort, now) === 'closed') {
    throw new ConflictError(
      `Intake for cohort ${cohort.cohortId} has closed; applicants can no longer be added.`,
    );
  }
}

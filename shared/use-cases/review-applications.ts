import type { Cohort } from '#shared/domain/cohort.ts';
import { ConflictError, NotFoundError } from '#shared/domain/errors.ts';
import { countIntake, type IntakeCounts } from '#shared/domain/intake-counts.ts';
import type { Participant, ParticipantStatus } from '#shared/domain/participant.ts';
import { toCsv } from '#shared/domain/spreadsheet-safety.ts';
import type { ApplicantImportRecord } from '#shared/ports/applicant-import-store.ts';
import type { ParticipantPage } from '#shared/ports/participant-store.ts';
import type { Deps } from './deps.ts';

async function cohortOrThrow(deps: Pick<Deps, 'cohorts'>, cohortId: string): Promise<Cohort> {
  const cohort = await deps.cohorts.get(cohortId);
  if (!cohort) throw new NotFoundError(`There is no cohort ${cohortId}.`);
  return cohort;
}

export async function listApplications(
  deps: Pick<Deps, 'cohorts' | 'participants'>,
  cohortId: string,
  options: { status?: ParticipantStatus; cursor?: string; limit: number },
): Promise<ParticipantPage> {
  await cohortOrThrow(deps, cohortId);
  return deps.participants.page(cohortId, options);
}

/**
 * Coordinators approve or decline applications until matching starts. Only people who have
 * applied can be decided on; deciding again changes the decision.
 */
export async function decideApplication(
  deps: Pick<Deps, 'cohorts' | 'participants' | 'clock'>,
  cohortId: string,
  participantId: string,
  decision: 'approve' | 'decline',
): Promise<Participant> {
  const cohort = await cohortOrThrow(deps, cohortId);
  if (!['draft', 'intake_open', 'intake_closed'].includes(cohort.state)) {
    throw new ConflictError(`Cohort ${cohortId} is ${cohort.state}; applications can no longer be decided.`);
  }
  const participant = await deps.participants.get(cohortId, participantId);
  if (!participant) throw new NotFoundError(`There is no applicant ${participantId} in cohort ${cohortId}.`);
  if (participant.status === 'invited') {
    throw new ConflictError(`Applicant ${participantId} has not applied yet, so there is nothing to decide.`);
  }
  return deps.participants.decide(
    participant,
    decision === 'approve' ? 'approved' : 'declined',
    deps.clock.now(),
  );
}

export async function intakeStatus(
  deps: Pick<Deps, 'cohorts' | 'participants'>,
  cohortId: string,
): Promise<{ cohort: Cohort; counts: IntakeCounts }> {
  const cohort = await cohortOrThrow(deps, cohortId);
  const participants: Participant[] = [];
  for await (const participant of deps.participants.all(cohortId)) participants.push(participant);
  return { cohort, counts: countIntake(participants) };
}

export async function importProgress(
  deps: Pick<Deps, 'imports'>,
  cohortId: string,
  importId: string,
): Promise<ApplicantImportRecord> {
  const record = await deps.imports.get(cohortId, importId);
  if (!record) throw new NotFoundError(`There is no import ${importId} in cohort ${cohortId}.`);
  return record;
}

/**
 * Every participant of the cohort as a spreadsheet. Identity details are never exported: they
 * are for matching and for reports in groups of five or more, not for lists of people. Every
 * cell is neutralised, so an answer such as `=HYPERLINK(...)` stays text in Excel.
 */
export async function exportApplications(
  deps: Pick<Deps, 'cohorts' | 'participants' | 'programs'>,
  cohortId: string,
): Promise<string> {
  const cohort = await cohortOrThrow(deps, cohortId);
  const program = await deps.programs.get(cohort.programId);
  const questions = program?.intakeQuestions ?? [];
  const header = [
    'participant_id',
    'name',
    'email',
    'status',
    'seeks',
    'offers',
    'seniority',
    'job_function',
    'industry',
    'time_zone',
    'submitted_at',
    ...questions.map((q) => `answer_${q.id}`),
  ];
  const rows: (string | number | undefined)[][] = [];
  for await (const p of deps.participants.all(cohortId)) {
    const a = p.application;
    rows.push([
      p.participantId,
      p.name,
      p.email,
      p.status,
      a?.seeks.join(' '),
      a?.offers.map((o) => `${o.role}:${o.capacity}`).join(' '),
      a?.seniority ?? p.prefill.seniority,
      a?.jobFunction ?? p.prefill.jobFunction,
      a?.industry ?? p.prefill.industry,
      a?.timeZone ?? p.prefill.timeZone,
      a?.submittedAt,
      ...questions.map((q) => {
        const answer = a?.answers[q.id];
        return Array.isArray(answer) ? answer.join('; ') : answer === undefined ? undefined : String(answer);
      }),
    ]);
  }
  return toCsv(header, rows);
}

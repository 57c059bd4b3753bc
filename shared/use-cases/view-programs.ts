import type { Cohort } from '#shared/domain/cohort.ts';
import { NotFoundError } from '#shared/domain/errors.ts';
import type { Milestone } from '#shared/domain/milestone.ts';
import type { Program } from '#shared/domain/program.ts';
import type { Deps } from './deps.ts';
import { openApplicationUrl } from './participant-links.ts';

export async function listPrograms(deps: Pick<Deps, 'programs'>): Promise<Program[]> {
  return deps.programs.list();
}

export async function viewProgram(
  deps: Pick<Deps, 'programs' | 'cohorts'>,
  programId: string,
): Promise<{ program: Program; cohorts: Cohort[] }> {
  const program = await deps.programs.get(programId);
  if (!program) throw new NotFoundError(`There is no program ${programId}.`);
  return { program, cohorts: await deps.cohorts.listByProgram(programId) };
}

export interface CohortView {
  cohort: Cohort;
  milestones: Milestone[];
  /** Shareable only while intake takes applicants and the cohort allows open applications. */
  openApplicationUrl?: string;
}

export async function viewCohort(
  deps: Pick<Deps, 'cohorts' | 'signingKey' | 'publicBaseUrl'>,
  cohortId: string,
): Promise<CohortView> {
  const cohort = await deps.cohorts.get(cohortId);
  if (!cohort) throw new NotFoundError(`There is no cohort ${cohortId}.`);
  const takesApplicants = cohort.state === 'draft' || cohort.state === 'intake_open';
  return {
    cohort,
    milestones: await deps.cohorts.milestones(cohortId),
    ...(cohort.openApplication && takesApplicants
      ? { openApplicationUrl: await openApplicationUrl(deps, cohort) }
      : {}),
  };
}

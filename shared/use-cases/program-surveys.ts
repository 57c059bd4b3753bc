import { NotFoundError } from '#shared/domain/errors.ts';
import type { SurveyRequest } from '#shared/domain/survey-request.ts';
import { DEFAULT_SURVEYS } from '#shared/domain/surveys/defaults.ts';
import { parseSurveyDefinition, type SurveyDefinition } from '#shared/domain/surveys/definition.ts';
import type { Deps } from './deps.ts';

/**
 * A program adds its own version of a survey (a default one, to replace it for its cohorts from
 * now on, or one of its own). The version is the next after the newest the program or the
 * defaults have, so requests already sent keep reading their answers against their own version.
 */
export async function defineProgramSurvey(
  deps: Pick<Deps, 'programs' | 'surveys'>,
  programId: string,
  body: unknown,
): Promise<SurveyDefinition> {
  const program = await deps.programs.get(programId);
  if (!program) throw new NotFoundError(`There is no program ${programId}.`);
  const surveyId =
    typeof body === 'object' && body !== null ? (body as { surveyId?: unknown }).surveyId : undefined;
  const latest =
    typeof surveyId === 'string'
      ? ((await deps.surveys.latestDefinition(programId, surveyId)) ??
        DEFAULT_SURVEYS.find((d) => d.surveyId === surveyId))
      : undefined;
  const definition = parseSurveyDefinition(
    { ...(body as object), version: (latest?.version ?? 0) + 1 },
    { programRoles: program.supportRoles },
  );
  await deps.surveys.saveDefinition(programId, definition);
  return definition;
}

export interface SurveyProgress {
  request: SurveyRequest;
  /** People who saved at least one answer, and people who pressed Submit: counts, never names. */
  responded: number;
  submitted: number;
}

/** The cohort's survey requests, oldest first, with how many people answered each. */
export async function listSurveys(
  deps: Pick<Deps, 'cohorts' | 'surveys'>,
  cohortId: string,
): Promise<{ cohortId: string; surveys: SurveyProgress[] }> {
  if (!(await deps.cohorts.get(cohortId))) throw new NotFoundError(`There is no cohort ${cohortId}.`);
  const surveys: SurveyProgress[] = [];
  for (const request of await deps.surveys.requestsOf(cohortId)) {
    const responses = await deps.surveys.responsesOf(request.requestId);
    surveys.push({
      request,
      responded: responses.filter((r) => Object.keys(r.answers).length > 0).length,
      submitted: responses.filter((r) => r.submittedAt).length,
    });
  }
  return { cohortId, surveys };
}

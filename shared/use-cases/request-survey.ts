import type { Cohort } from '#shared/domain/cohort.ts';
import { ConflictError, NotFoundError, ValidationError } from '#shared/domain/errors.ts';
import { idFromKey, newId } from '#shared/domain/ids.ts';
import type { SurveyAudience, SurveyRequest } from '#shared/domain/survey-request.ts';
import { DEFAULT_SURVEY_SETTINGS } from '#shared/domain/survey-settings.ts';
import type { SurveyDefinition } from '#shared/domain/surveys/definition.ts';
import { SurveyRequested } from '#shared/events/survey-requested.ts';
import type { Actor, Deps } from './deps.ts';
import { currentDefinition, surveyPeople } from './survey-people.ts';

const DAY = 24 * 3600_000;

/** A request due now, with the cohort's reminder days and open period. */
export function newSurveyRequest(
  cohort: Cohort,
  definition: SurveyDefinition,
  fields: Pick<SurveyRequest, 'requestId' | 'audience' | 'trigger' | 'closesCohort'>,
  now: Date,
): SurveyRequest {
  const settings = cohort.surveys ?? DEFAULT_SURVEY_SETTINGS;
  return {
    ...fields,
    cohortId: cohort.cohortId,
    programId: cohort.programId,
    surveyId: definition.surveyId,
    version: definition.version,
    state: 'pending',
    createdAt: now.toISOString(),
    sendAt: now.toISOString(),
    closesAt: new Date(now.getTime() + settings.openDays * DAY).toISOString(),
    reminderDays: settings.reminderDays,
    remindersDone: [],
    revision: 1,
  };
}

/** The scheduled surveys have one request each per cohort, so a repeated milestone finds it again. */
export function milestoneRequestId(cohortId: string, surveyId: string): string {
  return idFromKey('srq', cohortId, surveyId, 'milestone');
}

/**
 * An admin sends a survey now. Primary course:
 * 1. The cohort exists (404) and is not closed (409).
 * 2. The survey exists for its program: its own newest version, or the default (400 naming the ids).
 * 3. Somebody is in the audience and asked at least one question (400 otherwise).
 * 4. Store the request, due now; publish `SurveyRequested`, which runs the surveys job at once.
 * A retry with the same Idempotency-Key finds the same request and publishes again; the job's
 * send keys keep it to one email per person.
 */
export async function triggerSurvey(
  deps: Pick<Deps, 'clock' | 'cohorts' | 'participants' | 'matches' | 'suppressions' | 'surveys' | 'events'>,
  actor: Actor,
  cohortId: string,
  input: { surveyId: string; audience: SurveyAudience },
  idempotencyKey?: string,
): Promise<{ request: SurveyRequest; invited: number }> {
  const now = deps.clock.now();
  const cohort = await deps.cohorts.get(cohortId);
  if (!cohort) throw new NotFoundError(`There is no cohort ${cohortId}.`);
  if (cohort.state === 'closed') {
    throw new ConflictError(`Cohort ${cohortId} is closed; its surveys are over and its report is final.`);
  }
  const definition = await currentDefinition(deps, cohort.programId, input.surveyId);
  const people = await surveyPeople(deps, cohort, definition, input.audience);
  if (people.length === 0) {
    throw new ValidationError(`Nobody in cohort ${cohortId} would be asked "${input.surveyId}".`, [
      {
        field: 'audience',
        message: `no applicant of this cohort who still receives program emails is in "${input.audience}" and asked a question of this survey; choose another audience`,
      },
    ]);
  }
  const requestId = idempotencyKey ? idFromKey('srq', actor.userId, cohortId, idempotencyKey) : newId('srq');
  const request = await deps.surveys.createRequest(
    newSurveyRequest(
      cohort,
      definition,
      { requestId, audience: input.audience, trigger: 'admin', closesCohort: false },
      now,
    ),
  );
  await deps.events.publish([surveyRequestedEvent(request, now)]);
  return { request, invited: people.length };
}

export function surveyRequestedEvent(request: SurveyRequest, now: Date) {
  return SurveyRequested.create(
    {
      cohortId: request.cohortId,
      requestId: request.requestId,
      surveyId: request.surveyId,
      version: request.version,
      audience: request.audience,
      trigger: request.trigger,
    },
    now,
    `SurveyRequested:${request.requestId}`,
  );
}

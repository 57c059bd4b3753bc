import { createHmac } from 'node:crypto';
import type { Cohort } from '#shared/domain/cohort.ts';
import { NotFoundError } from '#shared/domain/errors.ts';
import { respondentOf } from '#shared/domain/survey-request.ts';
import { sharesFreeText } from '#shared/domain/surveys/definition.ts';
import {
  buildCohortReport,
  type CohortReport,
  type ResponseForReport,
  type SurveyRound,
} from '#shared/domain/surveys/report.ts';
import type { Deps } from './deps.ts';
import { cohortParticipants } from './propose-matches.ts';
import { definitionOf, matchedRoles } from './survey-people.ts';

type ReportDeps = Pick<
  Deps,
  'clock' | 'cohorts' | 'programs' | 'participants' | 'matches' | 'surveys' | 'signingKey'
>;

/**
 * The key that pairs one person's baseline and end answers inside the report, and nothing else:
 * an HMAC of the participant id with the link-signing secret, so nobody without the secret can
 * turn it back into the id (or the id into it).
 */
function personKey(secret: string, participantId: string): string {
  return createHmac('sha256', secret).update(`survey-person:${participantId}`).digest('base64url');
}

/**
 * The cohort's outcome report. Once the cohort has closed, the report kept at closing is the
 * report: its people's data may since have expired (retention), and answers could not change.
 */
export async function cohortReport(deps: ReportDeps, cohortId: string): Promise<CohortReport> {
  const cohort = await deps.cohorts.get(cohortId);
  if (!cohort) throw new NotFoundError(`There is no cohort ${cohortId}.`);
  if (cohort.state === 'closed') {
    const stored = await deps.surveys.storedReport(cohortId);
    if (stored) return stored as CohortReport;
  }
  return computeReport(deps, cohort);
}

/**
 * Primary course:
 * 1. Load the cohort's sent survey requests, their responses, the people and their matches.
 * 2. Map each response with at least one answer to what the report needs: a person key, the
 *    respondent's roles, the identity fields they consented to store, the answers, and whether
 *    they allowed their free text to be quoted. Names, addresses and ids stay behind.
 * 3. Aggregate with `buildCohortReport`, which applies the small-group rules.
 */
export async function computeReport(deps: ReportDeps, cohort: Cohort): Promise<CohortReport> {
  const [program, secret, roles, participants, requests] = await Promise.all([
    deps.programs.get(cohort.programId),
    deps.signingKey.get(),
    matchedRoles(deps, cohort),
    cohortParticipants(deps, cohort.cohortId),
    deps.surveys.requestsOf(cohort.cohortId),
  ]);
  const people = new Map(participants.map((p) => [p.participantId, p]));
  const rounds: SurveyRound[] = [];
  for (const request of requests) {
    if (request.state === 'pending' || !request.sentAt) continue;
    const definition = await definitionOf(deps, request);
    const responses: ResponseForReport[] = [];
    for (const response of await deps.surveys.responsesOf(request.requestId)) {
      const participant = people.get(response.participantId);
      const respondent = participant && respondentOf(participant, roles);
      if (!participant || !respondent || Object.keys(response.answers).length === 0) continue;
      const identity = participant.application?.identity;
      responses.push({
        personKey: personKey(secret, participant.participantId),
        respondent,
        identity: identity?.consentToStore ? { ...identity.fields } : {},
        answers: response.answers,
        shareFreeText: sharesFreeText(response.answers),
      });
    }
    rounds.push({
      requestId: request.requestId,
      definition,
      sentAt: request.sentAt,
      invited: request.invited ?? 0,
      responses,
    });
  }
  return buildCohortReport({
    cohort: { cohortId: cohort.cohortId, name: cohort.name, programName: program?.name ?? '' },
    generatedAt: deps.clock.now().toISOString(),
    rounds,
  });
}

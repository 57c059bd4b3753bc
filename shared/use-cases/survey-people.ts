import type { Cohort } from '#shared/domain/cohort.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import type { Participant } from '#shared/domain/participant.ts';
import type { Program } from '#shared/domain/program.ts';
import type { SupportRole } from '#shared/domain/support-roles.ts';
import {
  inSurveyAudience,
  type MatchedRoles,
  respondentOf,
  type SurveyAudience,
  type SurveyRequest,
} from '#shared/domain/survey-request.ts';
import { DEFAULT_SURVEYS } from '#shared/domain/surveys/defaults.ts';
import {
  questionsFor,
  type Respondent,
  type SurveyDefinition,
  type SurveyQuestion,
} from '#shared/domain/surveys/definition.ts';
import { formatInZone } from '#shared/domain/zoned-time.ts';
import { renderSurveyEmail } from '#shared/emails/survey-invitation.ts';
import type { SendJob } from '#shared/ports/send-queue.ts';
import type { Deps } from './deps.ts';
import { surveyUrl, unsubscribeUrl } from './participant-links.ts';
import { cohortParticipants } from './propose-matches.ts';

/**
 * The newest version of a survey for a program: its own if it defined one with this id, else the
 * default. Unknown ids are the caller's mistake, named with the ids that exist.
 */
export async function currentDefinition(
  deps: Pick<Deps, 'surveys'>,
  programId: string,
  surveyId: string,
): Promise<SurveyDefinition> {
  const own = await deps.surveys.latestDefinition(programId, surveyId);
  const definition = own ?? DEFAULT_SURVEYS.find((d) => d.surveyId === surveyId);
  if (!definition) {
    throw new ValidationError(`There is no survey "${surveyId}".`, [
      {
        field: 'surveyId',
        message: `must be one of the default surveys (${DEFAULT_SURVEYS.map((d) => d.surveyId).join(', ')}) or one the program defined`,
      },
    ]);
  }
  return definition;
}

/** The exact version a request was sent with: responses are always read against it. */
export async function definitionOf(
  deps: Pick<Deps, 'surveys'>,
  request: Pick<SurveyRequest, 'programId' | 'surveyId' | 'version'>,
): Promise<SurveyDefinition> {
  const definition =
    (await deps.surveys.definition(request.programId, request.surveyId, request.version)) ??
    DEFAULT_SURVEYS.find((d) => d.surveyId === request.surveyId && d.version === request.version);
  if (!definition) throw new Error(`Survey ${request.surveyId} v${request.version} is missing.`);
  return definition;
}

/** Who received and who gave each role in the cohort's approved (or proposed) matches. */
export async function matchedRoles(deps: Pick<Deps, 'matches'>, cohort: Cohort): Promise<MatchedRoles> {
  const received = new Map<string, SupportRole[]>();
  const given = new Map<string, SupportRole[]>();
  if (!cohort.matchingRun) return { received, given };
  for (const match of await deps.matches.matchesOf(cohort.cohortId, cohort.matchingRun.runId)) {
    if (match.status !== 'matched' || !match.supporterId) continue;
    received.set(match.seekerId, [...(received.get(match.seekerId) ?? []), match.role]);
    given.set(match.supporterId, [...(given.get(match.supporterId) ?? []), match.role]);
  }
  return { received, given };
}

interface SurveyPerson {
  participant: Participant;
  respondent: Respondent;
  questions: SurveyQuestion[];
}

/**
 * Everyone this survey asks something: in the audience, at least one question is for them, and
 * the program may still email them. Unsubscribed, bounced or complaining addresses are not
 * invited, so the response rate counts only people asked (the sender still checks anyone
 * suppressed since).
 */
export async function surveyPeople(
  deps: Pick<Deps, 'participants' | 'matches' | 'suppressions'>,
  cohort: Cohort,
  definition: SurveyDefinition,
  audience: SurveyAudience,
): Promise<SurveyPerson[]> {
  const roles = await matchedRoles(deps, cohort);
  const people: SurveyPerson[] = [];
  for (const participant of await cohortParticipants(deps, cohort.cohortId)) {
    const respondent = respondentOf(participant, roles);
    if (!respondent || !inSurveyAudience(audience, respondent)) continue;
    const questions = questionsFor(definition, respondent);
    if (questions.length > 0) people.push({ participant, respondent, questions });
  }
  const suppressed = await deps.suppressions.suppressedAmong(people.map((p) => p.participant.email));
  return people.filter((p) => !suppressed.has(p.participant.email));
}

/**
 * The survey email for one person. Send keys: `survey:<request>:<person>` and
 * `survey-reminder:<request>:<day>:<person>`, so each is sent once however often a step repeats.
 */
export async function surveyEmailJob(
  deps: Pick<Deps, 'signingKey' | 'publicBaseUrl'>,
  context: {
    program: Program;
    cohort: Cohort;
    request: SurveyRequest;
    definition: SurveyDefinition;
    person: SurveyPerson;
    reminderDay?: number;
  },
): Promise<SendJob> {
  const { program, cohort, request, person } = context;
  const participantId = person.participant.participantId;
  const [url, unsubscribe] = await Promise.all([
    surveyUrl(deps, request, participantId),
    unsubscribeUrl(deps, cohort, participantId),
  ]);
  const reminder = context.reminderDay !== undefined;
  return {
    sendKey: reminder
      ? `survey-reminder:${request.requestId}:${context.reminderDay}:${participantId}`
      : `survey:${request.requestId}:${participantId}`,
    kind: reminder ? 'survey-reminder' : 'survey',
    recipientId: participantId,
    to: person.participant.email,
    unsubscribeUrl: unsubscribe,
    ...renderSurveyEmail({
      programName: program.name,
      cohortName: cohort.name,
      name: person.participant.name,
      definition: context.definition,
      firstQuestion: person.questions[0],
      surveyUrl: url,
      answerUrl: (value) => `${url}?answer=${value}`,
      closesAtText: formatInZone(request.closesAt, cohort.timeZone),
      reminder,
      unsubscribeUrl: unsubscribe,
    }),
  };
}

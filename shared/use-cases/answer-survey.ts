import type { Cohort } from '#shared/domain/cohort.ts';
import { ForbiddenError, LinkError, ValidationError } from '#shared/domain/errors.ts';
import { verifyLink } from '#shared/domain/link-token.ts';
import type { Participant } from '#shared/domain/participant.ts';
import type { Program } from '#shared/domain/program.ts';
import {
  inSurveyAudience,
  respondentOf,
  SurveyClosedError,
  type SurveyRequest,
  type SurveyResponse,
} from '#shared/domain/survey-request.ts';
import {
  type AnswerValue,
  checkAnswers,
  missingRequired,
  questionsFor,
  type Respondent,
  type SurveyDefinition,
  type SurveyQuestion,
} from '#shared/domain/surveys/definition.ts';
import type { Deps } from './deps.ts';
import { definitionOf, matchedRoles } from './survey-people.ts';

export interface SurveyContext {
  program: Program;
  cohort: Cohort;
  request: SurveyRequest;
  participant: Participant;
  definition: SurveyDefinition;
  respondent: Respondent;
  questions: SurveyQuestion[];
  /** What the person saved so far, if anything. */
  response: SurveyResponse | undefined;
  /** Closed (or not sent yet): the page says so instead of showing the form. */
  open: boolean;
}

type PageDeps = Pick<
  Deps,
  'signingKey' | 'clock' | 'cohorts' | 'programs' | 'participants' | 'matches' | 'surveys'
>;

/**
 * Reads the signed link and everything the page shows; writes nothing, so link scanners that
 * open every link change nothing. The link names one person and one request: it cannot show or
 * change anybody else's answers. A link whose person or request no longer exists reads as a
 * broken link, revealing nothing about what once was there.
 */
export async function openSurvey(deps: PageDeps, token: string): Promise<SurveyContext> {
  const now = deps.clock.now();
  const claims = verifyLink(await deps.signingKey.get(), token, 'survey', now);
  const request = await deps.surveys.getRequest(claims.item);
  const [cohort, participant] = request
    ? await Promise.all([
        deps.cohorts.get(request.cohortId),
        deps.participants.get(request.cohortId, claims.subject),
      ])
    : [];
  const program = cohort && (await deps.programs.get(cohort.programId));
  if (!request || !cohort || !participant || !program) throw new LinkError('tampered');
  const respondent = respondentOf(participant, await matchedRoles(deps, cohort));
  const definition = await definitionOf(deps, request);
  const questions =
    respondent && inSurveyAudience(request.audience, respondent) ? questionsFor(definition, respondent) : [];
  if (!respondent || questions.length === 0) {
    throw new ForbiddenError(
      'This survey does not ask you anything. If you think it should, ask your coordinator.',
    );
  }
  return {
    program,
    cohort,
    request,
    participant,
    definition,
    respondent,
    questions,
    response: await deps.surveys.getResponse(request.requestId, participant.participantId),
    open: request.state === 'open' && now.toISOString() < request.closesAt && cohort.state !== 'closed',
  };
}

/**
 * Primary course:
 * 1. The survey must be open (SurveyClosedError otherwise).
 * 2. Check every answer against the version the person was sent (`checkAnswers`): values outside
 *    the scale, unknown question ids and questions not asked of this person are refused, naming
 *    the question, and nothing is written.
 * 3. "Submit" also needs every required question answered; "Save" keeps a partial draft.
 * 4. Store all answers at once, on condition the survey is still open and nobody changed them
 *    meanwhile. The form sends every question, so the stored answers are exactly the form's.
 */
export async function saveSurveyAnswers(
  deps: Pick<Deps, 'clock' | 'surveys'>,
  context: SurveyContext,
  answers: Record<string, AnswerValue>,
  intent: 'save' | 'submit',
): Promise<SurveyResponse> {
  const now = deps.clock.now();
  if (!context.open)
    throw new SurveyClosedError('This survey has closed; answers can no longer be saved or changed.');
  const cleaned = checkAnswers(context.definition, context.respondent, answers);
  if (intent === 'submit') {
    const missing = missingRequired(context.definition, context.respondent, cleaned);
    if (missing.length > 0) {
      throw new ValidationError(
        'Some questions need an answer before you submit. You can also save and finish later.',
        missing.map((id) => ({ field: `answers.${id}`, message: 'needs an answer before you submit' })),
      );
    }
  }
  const previous = context.response;
  const submittedAt = intent === 'submit' ? now.toISOString() : previous?.submittedAt;
  const response: SurveyResponse = {
    requestId: context.request.requestId,
    cohortId: context.cohort.cohortId,
    participantId: context.participant.participantId,
    surveyId: context.request.surveyId,
    version: context.request.version,
    answers: cleaned,
    ...(submittedAt ? { submittedAt } : {}),
    updatedAt: now.toISOString(),
    revision: (previous?.revision ?? 0) + 1,
  };
  await deps.surveys.saveResponse(response, now);
  return response;
}

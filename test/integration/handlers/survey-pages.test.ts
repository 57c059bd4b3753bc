import { describe, expect, it } from 'vitest';
import { handler } from '#functions/survey-pages/handler.ts';
import { DynamoSurveyStore } from '#shared/adapters/dynamodb/survey-store.ts';
import { signingKey } from '#shared/adapters/signing-key.ts';
import { signLink } from '#shared/domain/link-token.ts';
import { SurveyClosedError, type SurveyRequest } from '#shared/domain/survey-request.ts';
import { openSurvey, saveSurveyAnswers } from '#shared/use-cases/answer-survey.ts';
import { triggerSurvey } from '#shared/use-cases/request-survey.ts';
import { runSurveysJob } from '#shared/use-cases/run-surveys-job.ts';
import { useLocalRuntime } from '../../fixtures/runtime.ts';
import { at, MINUTE, matchedCohort, surveyToken } from '../../fixtures/surveys.ts';
import { depsAt } from '../../fixtures/world.ts';
import { type ApiEventInput, apiEvent, formBody, lambdaContext } from '../../support/handler-events.ts';

const local = useLocalRuntime();
const surveys = new DynamoSurveyStore();
const admin = { userId: 'admin-1', groups: ['admins'] };

async function page(input: ApiEventInput) {
  const reply = await handler(apiEvent(input), lambdaContext('mentorflow-survey-pages'));
  return {
    status: reply.statusCode ?? 0,
    html: reply.body ?? '',
    headers: (reply.headers ?? {}) as Record<string, string>,
  };
}
const getSurvey = (token: string, answer?: string) =>
  page({
    routeKey: 'GET /survey/{token}',
    pathParameters: { token },
    ...(answer ? { queryStringParameters: { answer } } : {}),
  });
const postSurvey = (token: string, fields: Record<string, string | string[]>) =>
  page({ routeKey: 'POST /survey/{token}', pathParameters: { token }, body: formBody(fields) });

/** A cohort with the end-of-program survey sent now by an admin, to everyone or to one side. */
async function openRequest(audience: 'everyone' | 'seekers' = 'everyone') {
  const world = await matchedCohort();
  const { request } = await triggerSurvey(depsAt(new Date()), admin, world.cohortId, {
    surveyId: 'end-of-program',
    audience,
  });
  await local.runtime.drain();
  await runSurveysJob(depsAt(new Date()), { requestIds: [request.requestId] });
  return { world, request: (await surveys.getRequest(request.requestId)) as SurveyRequest };
}

describe('survey pages', () => {
  it('shows the form on GET with the emailed answer selected, and records nothing', async () => {
    // Prepare
    const { world, request } = await openRequest();
    const token = await surveyToken(request, world.id('ana'));

    // Act
    const shown = await getSurvey(token, '9');
    const again = await getSurvey(token, '42');

    // Assess
    expect(shown.status).toBe(200);
    expect(shown.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(shown.html).toMatch(/<input type="radio" id="[^"]+" name="answers.recommend" value="9" checked/);
    expect(shown.html).toContain('<legend>How likely are you');
    expect(shown.html).toContain('The answer you chose in the email is selected below');
    expect(again.html).not.toMatch(/name="answers.recommend" value="\d+" checked/);
    expect(await surveys.responsesOf(request.requestId)).toEqual([]);
  });

  it('saves a partial draft, refuses a submit with required answers missing, then submits and shows the saved answers', async () => {
    // Prepare
    const { world, request } = await openRequest();
    const token = await surveyToken(request, world.id('ben'));

    // Act
    const saved = await postSurvey(token, { 'answers.recommend': '8', intent: 'save' });
    const draft = await surveys.getResponse(request.requestId, world.id('ben'));
    const refused = await postSurvey(token, { 'answers.recommend': '7', intent: 'submit' });
    const afterRefusal = await surveys.getResponse(request.requestId, world.id('ben'));
    const submitted = await postSurvey(token, {
      'answers.recommend': '7',
      'answers.confidence': '4',
      'answers.belonging': '5',
      'answers.advancement': ['I was promoted', 'I took on a stretch assignment'],
      intent: 'submit',
    });
    const reopened = await getSurvey(token);

    // Assess
    expect(saved.status).toBe(200);
    expect(saved.html).toContain('Your answers are saved');
    expect(draft).toMatchObject({ answers: { recommend: 8 }, revision: 1 });
    expect(draft?.submittedAt).toBeUndefined();
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('<div class="error-summary" role="alert"');
    expect(refused.html).toContain('needs an answer before you submit');
    expect(afterRefusal).toEqual(draft);
    expect(submitted.html).toContain('Thank you: your answers are sent');
    expect(await surveys.getResponse(request.requestId, world.id('ben'))).toMatchObject({
      answers: {
        recommend: 7,
        confidence: 4,
        belonging: 5,
        advancement: ['I was promoted', 'I took on a stretch assignment'],
      },
      revision: 2,
      submittedAt: expect.any(String),
    });
    expect(reopened.html).toMatch(/name="answers.confidence" value="4" checked/);
    expect(reopened.html).toContain('You submitted your answers on');
  });

  it('refuses values outside the scale and unknown question ids with 400, writing nothing', async () => {
    // Prepare
    const { world, request } = await openRequest();
    const token = await surveyToken(request, world.id('chen'));

    // Act
    const outside = await postSurvey(token, { 'answers.recommend': '11', intent: 'save' });
    const unknown = await postSurvey(token, {
      'answers.recommend': '5',
      'answers.salary': '100',
      intent: 'save',
    });
    const notAsked = await postSurvey(token, { 'answers.supporter_load': '3', intent: 'save' });

    // Assess
    expect(outside.status).toBe(400);
    expect(outside.html).toContain('takes a whole number from 0 to 10');
    expect(unknown.status).toBe(400);
    expect(unknown.html).toContain('there is no question');
    expect(notAsked.status).toBe(400);
    expect(notAsked.html).toContain('is not asked of you');
    expect(await surveys.responsesOf(request.requestId)).toEqual([]);
  });

  it('shows the friendly pages for tampered, expired and someone else’s links, and for a closed survey', async () => {
    // Prepare
    const { world, request } = await openRequest('seekers');
    const seekerToken = await surveyToken(request, world.id('ana'));
    const secret = await signingKey.get();
    // Ana's link with Ben's id put in: the signature no longer fits.
    const tampered = seekerToken.replace(world.id('ana'), world.id('ben'));
    const expired = signLink(secret, {
      purpose: 'survey',
      subject: world.id('ana'),
      item: request.requestId,
      expiresAt: new Date(Date.now() - MINUTE),
    });
    // A genuine link, but for a supporter: a survey sent to seekers asks them nothing.
    const notForThem = await surveyToken(request, world.id('maya'));

    // Act
    const tamperedPage = await postSurvey(tampered, { 'answers.recommend': '3', intent: 'save' });
    const expiredPage = await getSurvey(expired);
    const othersPage = await postSurvey(notForThem, { 'answers.recommend': '3', intent: 'save' });
    await surveys.updateRequest(request, { closesAt: new Date(Date.now() - MINUTE).toISOString() });
    const closedGet = await getSurvey(seekerToken);
    const closedPost = await postSurvey(seekerToken, { 'answers.recommend': '3', intent: 'submit' });

    // Assess
    expect(tamperedPage.status).toBe(400);
    expect(tamperedPage.html).toContain('This link does not work');
    expect(expiredPage.status).toBe(410);
    expect(expiredPage.html).toContain('This link has expired');
    expect(othersPage.status).toBe(403);
    expect(othersPage.html).toContain('This survey does not ask you anything');
    expect(closedGet.status).toBe(410);
    expect(closedGet.html).toContain('This survey has closed');
    expect(closedPost.status).toBe(410);
    expect(await surveys.responsesOf(request.requestId)).toEqual([]);
  });

  it('refuses a save that races the close: the write itself checks that the survey is still open', async () => {
    // Prepare: the page was read while the survey was open.
    const { world, request } = await openRequest();
    const context = await openSurvey(depsAt(new Date()), await surveyToken(request, world.id('noor')));

    // Act: the job closes the survey before the person's save arrives.
    await runSurveysJob(depsAt(at(request.closesAt, MINUTE)), { requestIds: [request.requestId] });
    const late = await saveSurveyAnswers(depsAt(new Date()), context, { recommend: 6 }, 'save').catch(
      (error: unknown) => error,
    );

    // Assess
    expect(context.open).toBe(true);
    expect(late).toBeInstanceOf(SurveyClosedError);
    expect((await surveys.getRequest(request.requestId))?.state).toBe('closed');
    expect(await surveys.responsesOf(request.requestId)).toEqual([]);
  });
});

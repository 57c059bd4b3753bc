import { describe, expect, it } from 'vitest';
import { handler } from '#functions/check-ins-api/handler.ts';
import { functions } from '#infra/manifest.ts';
import type { CheckInHealth } from '#shared/use-cases/check-in-health.ts';
import { cohortWithApplicants, MENTORING } from '../../fixtures/matching.ts';
import { useLocalRuntime } from '../../fixtures/runtime.ts';
import { type ApiEventInput, apiEvent, coordinator, lambdaContext } from '../../support/handler-events.ts';

useLocalRuntime();
const me = coordinator();

type ErrorBody = { error: { code: string; message: string } };

async function call<T = ErrorBody>(input: ApiEventInput): Promise<{ status: number; body: T }> {
  const reply = await handler(apiEvent(input), lambdaContext('mentorflow-check-ins-api'));
  return { status: reply.statusCode ?? 0, body: JSON.parse(reply.body ?? 'null') as T };
}

const routeKeys = functions
  .find((f) => f.name === 'check-ins-api')!
  .triggers.flatMap((t) => (t.kind === 'http' ? t.routes.map((r) => `${r.method} ${r.path}`) : []));

const everyRoute = (cohortId: string, participantId: string): ApiEventInput[] =>
  routeKeys.map((routeKey) => ({ routeKey, pathParameters: { cohortId, participantId } }));

describe('check-ins API', () => {
  it('serves every route of the manifest', () => {
    expect(routeKeys.sort()).toEqual([
      'GET /cohorts/{cohortId}/check-ins',
      'POST /cohorts/{cohortId}/supporters/{participantId}/clear-flag',
    ]);
  });

  it('answers 401 without a token and 403 outside coordinators and admins, on every route', async () => {
    // Prepare
    const world = await cohortWithApplicants(MENTORING);
    const routes = everyRoute(world.cohortId, world.id('maya'));

    // Act
    const anonymous = await Promise.all(routes.map((route) => call(route)));
    const participant = await Promise.all(
      routes.map((route) => call({ ...route, ...me, groups: ['participants'] })),
    );

    // Assess
    expect(anonymous.map((a) => [a.status, a.body.error.code])).toEqual(
      routes.map(() => [401, 'unauthorized']),
    );
    expect(participant.map((a) => [a.status, a.body.error.code])).toEqual(
      routes.map(() => [403, 'forbidden']),
    );
  });

  it('answers 404 naming the cohort or the participant that does not exist', async () => {
    // Prepare
    const world = await cohortWithApplicants(MENTORING);

    // Act
    const noCohort = await Promise.all(
      everyRoute('coh_missing', 'ppl_missing').map((r) => call({ ...r, ...me })),
    );
    const noPerson = await call({
      routeKey: 'POST /cohorts/{cohortId}/supporters/{participantId}/clear-flag',
      pathParameters: { cohortId: world.cohortId, participantId: 'ppl_missing' },
      ...me,
    });

    // Assess
    for (const answer of noCohort)
      expect(answer).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect(noCohort[0]!.body.error.message).toContain('coh_missing');
    expect(noPerson).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect(noPerson.body.error.message).toContain('ppl_missing');
  });

  it('shows a cohort whose check-ins have not started, and clearing a flag nobody has changes nothing', async () => {
    // Prepare
    const world = await cohortWithApplicants(MENTORING);

    // Act
    const health = await call<CheckInHealth>({
      routeKey: 'GET /cohorts/{cohortId}/check-ins',
      pathParameters: { cohortId: world.cohortId },
      ...me,
    });
    const cleared = await call({
      routeKey: 'POST /cohorts/{cohortId}/supporters/{participantId}/clear-flag',
      pathParameters: { cohortId: world.cohortId, participantId: world.id('maya') },
      ...me,
      groups: ['admins'],
    });

    // Assess
    expect(health).toEqual({
      status: 200,
      body: {
        cohortId: world.cohortId,
        state: 'intake_closed',
        checkInEveryDays: 14,
        rounds: [],
        atRiskPairs: [],
        flaggedSupporters: [],
        helpRequests: [],
        closedPairs: [],
      },
    });
    expect(cleared).toEqual({ status: 200, body: { participantId: world.id('maya'), cleared: false } });
  });
});

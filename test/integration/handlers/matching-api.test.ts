import { describe, expect, it } from 'vitest';
import { handler } from '#functions/matching-api/handler.ts';
import { functions } from '#infra/manifest.ts';
import type { FairnessReport } from '#shared/domain/matching/fairness.ts';
import type { MatchesView } from '#shared/use-cases/review-matches.ts';
import { cohortWithApplicants, MENTORING } from '../../fixtures/matching.ts';
import { useLocalRuntime } from '../../fixtures/runtime.ts';
import { type ApiEventInput, apiEvent, coordinator, lambdaContext } from '../../support/handler-events.ts';

// The runtime gives the handler a bus; MatchesProposed has no subscriber, so nothing else runs.
useLocalRuntime();
const me = coordinator();

type ErrorBody = {
  error: { code: string; message: string; problems?: { field: string; message: string }[] };
};

async function call<T = ErrorBody>(input: ApiEventInput): Promise<{ status: number; body: T }> {
  const reply = await handler(apiEvent(input), lambdaContext('mentorflow-matching-api'));
  return { status: reply.statusCode ?? 0, body: JSON.parse(reply.body ?? 'null') as T };
}

const routeKeys = functions
  .find((f) => f.name === 'matching-api')!
  .triggers.flatMap((t) => (t.kind === 'http' ? t.routes.map((r) => `${r.method} ${r.path}`) : []));

/** Each route with the path parameters and a body it accepts, for a cohort and one of its seekers. */
function everyRoute(cohortId: string, seekerId: string, supporterId: string): ApiEventInput[] {
  const bodies: Record<string, unknown> = {
    'POST /cohorts/{cohortId}/matches/pins': { seekerId, supporterId, role: 'mentor' },
    'POST /cohorts/{cohortId}/matches/forbids': { seekerId, supporterId },
    'POST /cohorts/{cohortId}/matches/swaps': { seekerA: seekerId, seekerB: supporterId, role: 'mentor' },
    'POST /cohorts/{cohortId}/matches/{seekerId}/end': { role: 'mentor', reason: 'not-a-fit' },
  };
  return routeKeys.map(
    (routeKey): ApiEventInput => ({
      routeKey,
      pathParameters: routeKey.includes('{seekerId}') ? { cohortId, seekerId } : { cohortId },
      ...(bodies[routeKey] ? { body: bodies[routeKey] } : {}),
    }),
  );
}

const fieldsOf = (answer: { body: ErrorBody }) =>
  (answer.body.error.problems ?? []).map((p) => p.field).sort();

describe('matching API', () => {
  it('serves every route of the manifest', () => {
    expect(routeKeys).toHaveLength(9);
  });

  it('answers 401 without a token and 403 outside coordinators and admins, on every route', async () => {
    // Prepare
    const world = await cohortWithApplicants(MENTORING);
    const routes = everyRoute(world.cohortId, world.id('ana'), world.id('maya'));

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

  it('answers 404 for a cohort that does not exist', async () => {
    // Act: pins and forbids look the two people up first, so they answer 400 naming the field.
    const answers = await Promise.all(
      everyRoute('coh_missing', 'ppl_missing', 'ppl_other')
        .filter((route) => !route.routeKey.includes('/pins') && !route.routeKey.includes('/forbids'))
        .map((route) => call({ ...route, ...me })),
    );

    // Assess
    for (const answer of answers) {
      expect(answer).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
      expect(answer.body.error.message).toContain('coh_missing');
    }
  });

  it('answers 409 before intake has closed, to every matching route', async () => {
    // Prepare
    const world = await cohortWithApplicants(MENTORING, { state: 'intake_open' });
    const routes = everyRoute(world.cohortId, world.id('ana'), world.id('maya'));

    // Act
    const answers = [];
    for (const route of routes) answers.push({ route: route.routeKey, ...(await call({ ...route, ...me })) });

    // Assess
    for (const answer of answers) {
      expect([answer.status, answer.body.error.code], answer.route).toEqual([409, 'conflict']);
    }
    expect(answers.find((a) => a.route.endsWith('/matches'))?.body.error.message).toContain(
      'intake must close',
    );
  });

  it('answers 400 naming each field of a bad body, and for a body that is not JSON', async () => {
    // Prepare
    const world = await cohortWithApplicants(MENTORING);
    const cohortId = world.cohortId;
    const post = (route: string, body: unknown, pathParameters: Record<string, string> = { cohortId }) =>
      call({ routeKey: `POST /cohorts/{cohortId}/matches/${route}`, pathParameters, body, ...me });

    // Act
    const pin = await post('pins', { seekerId: '', role: 'wizard' });
    const forbid = await post('forbids', { seekerId: world.id('ana') });
    const swap = await post('swaps', { seekerA: world.id('ana'), role: 'mentor' });
    const end = await call({
      routeKey: 'POST /cohorts/{cohortId}/matches/{seekerId}/end',
      pathParameters: { cohortId, seekerId: world.id('ana') },
      body: { role: 'mentor', reason: 'bored' },
      ...me,
    });
    const notJson = await call({
      routeKey: 'POST /cohorts/{cohortId}/matches/pins',
      pathParameters: { cohortId },
      body: '{"seekerId": ',
      headers: { 'content-type': 'application/json' },
      ...me,
    });

    // Assess
    for (const answer of [pin, forbid, swap, end]) {
      expect(answer).toMatchObject({ status: 400, body: { error: { code: 'validation_failed' } } });
    }
    expect(fieldsOf(pin)).toEqual(['role', 'seekerId', 'supporterId']);
    expect(fieldsOf(forbid)).toEqual(['supporterId']);
    expect(fieldsOf(swap)).toEqual(['seekerB']);
    expect(fieldsOf(end)).toEqual(['reason']);
    expect(notJson).toMatchObject({ status: 400, body: { error: { code: 'invalid_json' } } });
  });

  it('proposes, explains and refuses a pin across a reporting line with both people named', async () => {
    // Prepare
    const world = await cohortWithApplicants(MENTORING);
    const cohortId = world.cohortId;

    // Act
    const run = await call<{ cohort: { state: string } }>({
      routeKey: 'POST /cohorts/{cohortId}/matches/runs',
      pathParameters: { cohortId },
      ...me,
    });
    const explained = await call<MatchesView>({
      routeKey: 'GET /cohorts/{cohortId}/matches/{seekerId}',
      pathParameters: { cohortId, seekerId: world.id('chen') },
      ...me,
    });
    const refused = await call({
      routeKey: 'POST /cohorts/{cohortId}/matches/pins',
      pathParameters: { cohortId },
      body: { seekerId: world.id('chen'), supporterId: world.id('maya'), role: 'mentor' },
      ...me,
    });
    const stranger = await call({
      routeKey: 'GET /cohorts/{cohortId}/matches/{seekerId}',
      pathParameters: { cohortId, seekerId: 'ppl_nobody' },
      ...me,
    });

    // Assess
    expect(run).toMatchObject({ status: 200, body: { cohort: { state: 'matching' } } });
    expect(explained.status).toBe(200);
    expect(explained.body.matches).toEqual([
      expect.objectContaining({ seekerId: world.id('chen'), role: 'mentor', status: 'matched' }),
    ]);
    expect(explained.body.people[world.id('chen')]).toEqual({ name: 'Chen Wei' });
    expect(refused.status).toBe(400);
    const said = `${refused.body.error.message} ${JSON.stringify(refused.body.error.problems ?? [])}`;
    expect(said).toMatch(new RegExp(`Chen Wei|${world.id('chen')}`));
    expect(said).toMatch(new RegExp(`Maya Cohen|${world.id('maya')}`));
    expect(stranger.status).toBe(404);
  });

  it('reports fairness by role and by shared identity group, hiding groups under 5 and the group that would give them away', async () => {
    // Prepare: six women, four men and one non-binary seeker; ten mentor places for eleven needs.
    const seekers = Object.fromEntries(
      ['w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'm1', 'm2', 'm3', 'm4', 'n1'].map((key) => [
        key,
        {
          name: `Seeker ${key}`,
          seeks: ['mentor' as const],
          gender: key.startsWith('w') ? 'woman' : key.startsWith('m') ? 'man' : 'non-binary',
        },
      ]),
    );
    const world = await cohortWithApplicants({
      ...seekers,
      s1: { name: 'Supporter One', offers: [{ role: 'mentor', capacity: 5 }] },
      s2: { name: 'Supporter Two', offers: [{ role: 'mentor', capacity: 5 }] },
    });
    const cohortId = world.cohortId;
    await call({ routeKey: 'POST /cohorts/{cohortId}/matches/runs', pathParameters: { cohortId }, ...me });

    // Act
    const answer = await call<FairnessReport & { runId: string }>({
      routeKey: 'GET /cohorts/{cohortId}/matches/fairness',
      pathParameters: { cohortId },
      ...me,
    });

    // Assess
    expect(answer.status).toBe(200);
    const report = answer.body;
    expect(report.overall).toMatchObject({ seekers: 11, sought: 11, matched: 10 });
    expect(report.byRole).toEqual([expect.objectContaining({ role: 'mentor', sought: 11, matched: 10 })]);
    const gender = report.byIdentity.find((f) => f.field === 'gender')!;
    expect(gender.groups.map((g) => [g.value, g.suppressed])).toEqual([
      ['man', true],
      ['non-binary', true],
      ['woman', false],
    ]);
    expect(gender.groups.find((g) => g.value === 'woman')).toMatchObject({ seekers: 6, sought: 6 });
    // Nothing that names or counts a hidden group's people reaches the coordinator.
    expect(JSON.stringify(gender.groups.filter((g) => g.suppressed))).not.toMatch(/seekers|matched/);
  });
});

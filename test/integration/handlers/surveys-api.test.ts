import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { handler } from '#functions/surveys-api/handler.ts';
import type { Group } from '#infra/local/auth.ts';
import { DynamoCohortStore } from '#shared/adapters/dynamodb/cohort-store.ts';
import { DynamoSurveyStore } from '#shared/adapters/dynamodb/survey-store.ts';
import { parseCsv } from '#shared/domain/applicant-import/csv.ts';
import type { SurveyRequest } from '#shared/domain/survey-request.ts';
import type { SurveyDefinition } from '#shared/domain/surveys/definition.ts';
import type { CohortReport } from '#shared/domain/surveys/report.ts';
import { openSurvey, saveSurveyAnswers } from '#shared/use-cases/answer-survey.ts';
import { runSurveysJob } from '#shared/use-cases/run-surveys-job.ts';
import { cohortWithApplicants } from '../../fixtures/matching.ts';
import { useLocalRuntime } from '../../fixtures/runtime.ts';
import { matchedCohort, surveyToken } from '../../fixtures/surveys.ts';
import { depsAt } from '../../fixtures/world.ts';
import { listSentEmails } from '../../support/aws-env.ts';
import { type ApiEventInput, apiEvent, lambdaContext } from '../../support/handler-events.ts';
import { runCli } from '../../unit/cli/harness.ts';

const local = useLocalRuntime();
const surveys = new DynamoSurveyStore();
const cohorts = new DynamoCohortStore();

async function call<T>(input: ApiEventInput) {
  const reply = await handler(apiEvent(input), lambdaContext('mentorflow-surveys-api'));
  return { status: reply.statusCode ?? 0, body: JSON.parse(reply.body ?? '{}') as T };
}
const trigger = (cohortId: string, body: unknown, groups = ['admins']) =>
  call<{ request: SurveyRequest; invited: number; error?: { code: string; problems?: { field: string }[] } }>(
    {
      routeKey: 'POST /cohorts/{cohortId}/surveys',
      pathParameters: { cohortId },
      body,
      sub: 'admin-1',
      groups,
    },
  );

/** `mentorflow` against the runtime's HTTP API, as the person with these groups. */
function cli(groups: Group[]) {
  const token = local.runtime.issueToken({ sub: `user-${groups.join('-')}`, groups });
  return (...args: string[]) => runCli(['--api-url', local.runtime.apiUrl, '--token', token, ...args]);
}

describe('surveys API and CLI', () => {
  it('sends an admin’s survey at once, to the chosen side only, without waiting for a tick', async () => {
    // Prepare
    const world = await matchedCohort();

    // Act
    const run = await cli(['admins'])(
      'survey',
      'trigger',
      world.cohortId,
      '--survey',
      'midpoint',
      '--audience',
      'supporters',
    );
    await local.runtime.drain();

    // Assess
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Survey midpoint (version 1) is on its way to 4 people.');
    const mail = (await listSentEmails({ to: `@${world.domain}` })).filter((m) =>
      m.subject.startsWith('Halfway'),
    );
    expect(mail.flatMap((m) => m.destination.to).sort()).toEqual(
      ['maya', 'noor', 'omar', 'priya'].map((key) => `${key}@${world.domain}`),
    );
    const [request] = await surveys.requestsOf(world.cohortId);
    expect(request).toMatchObject({ trigger: 'admin', audience: 'supporters', state: 'open', invited: 4 });
  });

  it('treats a retried trigger with the same Idempotency-Key as one survey: one request, one email each', async () => {
    // Prepare
    const world = await matchedCohort();
    const retried = () =>
      call<{ request: SurveyRequest; invited: number }>({
        routeKey: 'POST /cohorts/{cohortId}/surveys',
        pathParameters: { cohortId: world.cohortId },
        body: { surveyId: 'midpoint', audience: 'seekers' },
        headers: { 'idempotency-key': 'trigger-once' },
        sub: 'admin-1',
        groups: ['admins'],
      });

    // Act
    const first = await retried();
    await local.runtime.drain();
    const second = await retried();
    await local.runtime.drain();

    // Assess
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(second.body.request.requestId).toBe(first.body.request.requestId);
    expect(await surveys.requestsOf(world.cohortId)).toHaveLength(1);
    const mail = (await listSentEmails({ to: `@${world.domain}` })).filter((m) =>
      m.subject.startsWith('Halfway'),
    );
    expect(mail.flatMap((m) => m.destination.to).sort()).toEqual(
      ['ana', 'ben', 'chen'].map((key) => `${key}@${world.domain}`),
    );
  });

  it('lets only admins trigger; refuses closed cohorts, unknown surveys and empty audiences, storing nothing', async () => {
    // Prepare
    const world = await matchedCohort();
    const seekersOnly = await cohortWithApplicants({ ana: { name: 'Ana Lima', seeks: ['mentor'] } });
    const closed = await matchedCohort();
    let cohort = (await cohorts.get(closed.cohortId))!;
    for (const state of ['running', 'surveying', 'closed'] as const)
      cohort = await cohorts.transition(cohort, state);

    // Act
    const byCoordinator = await cli(['coordinators'])(
      'survey',
      'trigger',
      world.cohortId,
      '--survey',
      'midpoint',
    );
    const unknown = await trigger(world.cohortId, { surveyId: 'happiness' });
    const empty = await trigger(seekersOnly.cohortId, { surveyId: 'midpoint', audience: 'supporters' });
    const badAudience = await trigger(world.cohortId, { surveyId: 'midpoint', audience: 'managers' });
    const toClosed = await trigger(closed.cohortId, { surveyId: 'midpoint' });

    // Assess
    expect(byCoordinator.code).toBe(1);
    expect(byCoordinator.stderr).toContain('HTTP 403');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error?.problems?.[0]?.field).toBe('surveyId');
    expect(empty.status).toBe(400);
    expect(empty.body.error?.problems?.[0]?.field).toBe('audience');
    expect(badAudience.status).toBe(400);
    expect(toClosed.status).toBe(409);
    for (const cohortId of [world.cohortId, seekersOnly.cohortId, closed.cohortId]) {
      expect(await surveys.requestsOf(cohortId)).toEqual([]);
    }
  });

  it('gives the same report as HTML, CSV and JSON, to coordinators through the CLI, with no names or ids', async () => {
    // Prepare: five people answer the end survey.
    const world = await matchedCohort();
    const now = new Date();
    const admin = await cli(['admins'])(
      'survey',
      'trigger',
      world.cohortId,
      '--survey',
      'end-of-program',
      '--json',
    );
    const { request } = JSON.parse(admin.stdout) as { request: SurveyRequest };
    await local.runtime.drain();
    await runSurveysJob(depsAt(now), { requestIds: [request.requestId] });
    const stored = (await surveys.getRequest(request.requestId))!;
    for (const [i, key] of ['ana', 'ben', 'chen', 'maya', 'noor'].entries()) {
      const context = await openSurvey(depsAt(now), await surveyToken(stored, world.id(key)));
      await saveSurveyAnswers(
        depsAt(now),
        context,
        { recommend: 6 + i, confidence: 4, belonging: 3 },
        'submit',
      );
    }
    const dir = mkdtempSync(join(tmpdir(), 'mentorflow-report-'));
    const coordinator = cli(['coordinators']);

    // Act
    const json = await coordinator('report', world.cohortId, '--format', 'json');
    const csv = await coordinator(
      'report',
      world.cohortId,
      '--format',
      'csv',
      '--output',
      join(dir, 'report.csv'),
    );
    const html = await coordinator('report', world.cohortId, '--format', 'html');
    const list = await coordinator('survey', 'list', world.cohortId, '--json');

    // Assess
    expect([json.code, csv.code, html.code, list.code]).toEqual([0, 0, 0, 0]);
    const report = JSON.parse(json.stdout) as Extract<CohortReport, { suppressed: false }>;
    expect(report.suppressed).toBe(false);
    expect(report.respondents).toBe(5);
    const round = report.rounds.find((r) => r.surveyId === 'end-of-program')!;
    expect(round).toMatchObject({ invited: 7, responded: 5 });
    const rows = parseCsv(readFileSync(join(dir, 'report.csv'), 'utf8')).map((r) => r.cells);
    const header = rows[0]!;
    const cell = (row: string[], column: string) => row[header.indexOf(column)];
    const summary = rows.find(
      (r) => cell(r, 'section') === 'summary' && cell(r, 'statistic') === 'respondents',
    )!;
    expect(cell(summary, 'value')).toBe('5');
    const responded = rows.find(
      (r) => cell(r, 'statistic') === 'responded' && cell(r, 'survey') === 'end-of-program v1',
    )!;
    expect(cell(responded, 'value')).toBe(String(round.responded));
    expect(html.stdout).toContain('<html');
    expect(html.stdout).toContain(world.cohort.name);
    for (const output of [json.stdout, readFileSync(join(dir, 'report.csv'), 'utf8'), html.stdout]) {
      expect(output).not.toContain(world.id('ana'));
      expect(output).not.toContain(`@${world.domain}`);
      expect(output).not.toContain('Ana Lima');
    }
    expect(JSON.parse(list.stdout)).toMatchObject({
      surveys: [{ request: { requestId: request.requestId }, responded: 5, submitted: 5 }],
    });
  });

  it('adds a program’s own survey version by version, and refuses duplicate ids and empty audiences naming the path', async () => {
    // Prepare: the fixture program offers mentor, sponsor and coach, not advocate.
    const world = await matchedCohort();
    const programId = world.cohort.programId;
    const define = (body: unknown, groups = ['coordinators']) =>
      call<SurveyDefinition & { error?: { code: string; problems?: { field: string; message: string }[] } }>({
        routeKey: 'POST /programs/{programId}/surveys',
        pathParameters: { programId },
        body,
        sub: 'coordinator-1',
        groups,
      });
    const pulse = {
      surveyId: 'pulse',
      title: 'Pulse',
      questions: [
        {
          id: 'energy',
          type: 'likert',
          text: 'I have the energy this program asks of me.',
          audience: 'everyone',
        },
      ],
    };

    // Act
    const first = await define(pulse);
    const second = await define({ ...pulse, title: 'Pulse, again' });
    const midpoint = await define({ ...pulse, surveyId: 'midpoint', title: 'Our midpoint' });
    const duplicate = await define({
      ...pulse,
      questions: [...pulse.questions, { ...pulse.questions[0], text: 'Asked twice.' }],
    });
    const emptyAudience = await define({
      ...pulse,
      questions: [
        ...pulse.questions,
        {
          id: 'value_advocate',
          type: 'likert',
          text: 'My advocate helped.',
          audience: { received: 'advocate' },
        },
      ],
    });
    const byParticipant = await define(pulse, []);

    // Assess
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ surveyId: 'pulse', version: 1, intro: '' });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ surveyId: 'pulse', version: 2, title: 'Pulse, again' });
    // A program's midpoint comes after the default one, so requests already sent keep version 1.
    expect(midpoint.body).toMatchObject({ surveyId: 'midpoint', version: 2 });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error?.problems).toEqual([
      { field: 'questions[1].id', message: expect.stringContaining('duplicate id "energy"') },
    ]);
    expect(emptyAudience.status).toBe(400);
    expect(emptyAudience.body.error?.problems).toEqual([
      {
        field: 'questions[1].audience',
        message: expect.stringContaining('does not offer the advocate role'),
      },
    ]);
    expect(byParticipant.status).toBe(403);
    expect(await surveys.latestDefinition(programId, 'pulse')).toMatchObject({
      version: 2,
      title: 'Pulse, again',
    });
  });

  it('says so instead of showing figures when fewer than 5 people answered', async () => {
    // Prepare
    const world = await matchedCohort();

    // Act
    const answer = await call<CohortReport>({
      routeKey: 'GET /cohorts/{cohortId}/report',
      pathParameters: { cohortId: world.cohortId },
      queryStringParameters: { format: 'json' },
      sub: 'coordinator-1',
      groups: ['coordinators'],
    });
    const badFormat = await call({
      routeKey: 'GET /cohorts/{cohortId}/report',
      pathParameters: { cohortId: world.cohortId },
      queryStringParameters: { format: 'pdf' },
      sub: 'coordinator-1',
      groups: ['coordinators'],
    });

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ suppressed: true, reason: expect.stringContaining('Fewer than 5') });
    expect(badFormat.status).toBe(400);
  });
});

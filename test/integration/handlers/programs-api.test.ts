import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { handler } from '#functions/programs-api/handler.ts';
import type { Cohort } from '#shared/domain/cohort.ts';
import type { Milestone } from '#shared/domain/milestone.ts';
import type { Program } from '#shared/domain/program.ts';
import { cohortInput, programInput, utcDay } from '../../fixtures/cohorts.ts';
import { useLocalRuntime } from '../../fixtures/runtime.ts';
import { type ApiEventInput, apiEvent, coordinator, lambdaContext } from '../../support/handler-events.ts';

// The runtime gives the handler an EventBridge endpoint to publish CohortLaunched to.
const local = useLocalRuntime();

interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

async function call<T = Record<string, unknown>>(input: ApiEventInput): Promise<Answer<T>> {
  const reply = await handler(apiEvent(input), lambdaContext('mentorflow-programs-api'));
  expect(reply.headers?.['content-type']).toBe('application/json; charset=utf-8');
  return { status: reply.statusCode ?? 0, body: JSON.parse(reply.body ?? 'null') as T };
}

const fieldsOf = (answer: Answer) =>
  ((answer.body as { error: { problems?: { field: string }[] } }).error.problems ?? []).map((p) => p.field);

async function createdProgram(as = coordinator()): Promise<Program> {
  const answer = await call<Program>({ routeKey: 'POST /programs', body: programInput(), ...as });
  expect(answer.status).toBe(201);
  return answer.body;
}

describe('POST /programs', () => {
  it('creates a program (201) whose intake summaries go to the coordinator in the token', async () => {
    // Prepare
    const me = coordinator();

    // Act
    const created = await call<Program>({ routeKey: 'POST /programs', body: programInput(), ...me });
    const read = await call<{ program: Program; cohorts: Cohort[] }>({
      routeKey: 'GET /programs/{programId}',
      pathParameters: { programId: created.body.programId },
      ...me,
    });

    // Assess
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      programId: expect.stringMatching(/^prg_/),
      name: 'Rising Together',
      supportRoles: ['mentor', 'sponsor', 'coach'],
      coordinatorEmails: [me.email],
    });
    expect(read).toEqual({ status: 200, body: { program: created.body, cohorts: [] } });
  });

  it('returns the same program for a retried create with the same Idempotency-Key', async () => {
    // Prepare
    const me = coordinator();
    const request = {
      routeKey: 'POST /programs',
      body: programInput(),
      headers: { 'idempotency-key': randomUUID() },
      ...me,
    };

    // Act
    const first = await call<Program>(request);
    const retry = await call<Program>(request);
    const listed = await call<{ programs: Program[] }>({ routeKey: 'GET /programs', ...me });

    // Assess
    expect(first.status).toBe(201);
    expect(retry).toEqual(first);
    expect(listed.body.programs.filter((p) => p.programId === first.body.programId)).toHaveLength(1);
  });

  it('makes a different program for the same key from another coordinator', async () => {
    const headers = { 'idempotency-key': randomUUID() };

    const mine = await call<Program>({
      routeKey: 'POST /programs',
      body: programInput(),
      headers,
      ...coordinator(),
    });
    const theirs = await call<Program>({
      routeKey: 'POST /programs',
      body: programInput(),
      headers,
      ...coordinator(),
    });

    expect(theirs.body.programId).not.toBe(mine.body.programId);
  });

  it('answers 400 naming each field that needs fixing', async () => {
    // Act
    const answer = await call({
      routeKey: 'POST /programs',
      body: programInput({ name: ' ', supportRoles: ['wizard' as never], consentText: 'too short' }),
      ...coordinator(),
    });

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      error: { code: 'validation_failed', requestId: expect.any(String) },
    });
    expect(fieldsOf(answer)).toEqual(expect.arrayContaining(['name', 'supportRoles.0', 'consentText']));
  });

  it('answers 400 when the body is not JSON', async () => {
    const answer = await call({ routeKey: 'POST /programs', body: '{"name": ', ...coordinator() });

    expect(answer).toMatchObject({ status: 400, body: { error: { code: 'invalid_json' } } });
  });

  it('asks for coordinatorEmail when the token carries no address', async () => {
    const answer = await call({
      routeKey: 'POST /programs',
      body: programInput(),
      sub: randomUUID(),
      groups: ['coordinators'],
    });

    expect(answer.status).toBe(400);
    expect(fieldsOf(answer)).toEqual(['coordinatorEmail']);
  });

  it('answers 403 to a signed-in caller outside coordinators and admins, and lets admins in', async () => {
    // Act
    const participant = await call({
      routeKey: 'POST /programs',
      body: programInput(),
      ...coordinator(),
      groups: ['participants'],
    });
    const noGroups = await call({
      routeKey: 'POST /programs',
      body: programInput(),
      sub: randomUUID(),
      email: 'x@example.org',
    });
    const admin = await call({
      routeKey: 'POST /programs',
      body: programInput(),
      ...coordinator(),
      groups: ['admins'],
    });

    // Assess
    expect(participant).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect(noGroups.status).toBe(403);
    expect(admin.status).toBe(201);
  });

  it('answers 401 without claims and stores nothing', async () => {
    // Prepare
    const before = await call<{ programs: Program[] }>({ routeKey: 'GET /programs', ...coordinator() });

    // Act
    const answer = await call({
      routeKey: 'POST /programs',
      body: programInput({ name: 'Should not exist' }),
    });

    // Assess
    expect(answer).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    const after = await call<{ programs: Program[] }>({ routeKey: 'GET /programs', ...coordinator() });
    expect(after.body.programs).toHaveLength(before.body.programs.length);
  });
});

describe('GET /programs/{programId}', () => {
  it('answers 404 for a program that does not exist', async () => {
    const answer = await call({
      routeKey: 'GET /programs/{programId}',
      pathParameters: { programId: 'prg_nope' },
      ...coordinator(),
    });

    expect(answer).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  });
});

describe('POST /programs/{programId}/cohorts', () => {
  const launch = (programId: string, body: unknown, extra: Partial<ApiEventInput> = {}) =>
    call<{ cohort: Cohort; milestones: Milestone[] }>({
      routeKey: 'POST /programs/{programId}/cohorts',
      pathParameters: { programId },
      body,
      ...coordinator(),
      ...extra,
    });

  it('launches a draft cohort (201) with its intake, survey and check-in milestones and publishes CohortLaunched', async () => {
    // Prepare
    const program = await createdProgram();
    const now = new Date();

    // Act
    const answer = await launch(program.programId, cohortInput(now, { timeZone: 'Europe/Lisbon' }));

    // Assess
    expect(answer.status).toBe(201);
    const { cohort, milestones } = answer.body;
    expect(cohort).toMatchObject({
      programId: program.programId,
      state: 'draft',
      version: 1,
      timeZone: 'Europe/Lisbon',
    });
    expect(milestones.map((m) => m.kind)).toEqual([
      'intake-opens',
      'intake-reminder',
      'intake-closes',
      'baseline-survey',
      'program-starts',
      'midpoint-survey',
      'end-survey',
    ]);
    const [starts, ends] = [Date.parse(cohort.programStartsAt), Date.parse(cohort.programEndsAt)];
    expect(milestones.map((m) => m.dueAt)).toEqual([
      cohort.intakeOpensAt,
      new Date(Date.parse(cohort.intakeClosesAt) - 3 * 24 * 3600_000).toISOString(),
      cohort.intakeClosesAt,
      cohort.programStartsAt,
      cohort.programStartsAt,
      new Date(starts + Math.round((ends - starts) / 2)).toISOString(),
      cohort.programEndsAt,
    ]);
    // Dates are read in the cohort's zone: midnight in Lisbon, whatever the offset that day.
    expect(
      new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Lisbon', timeStyle: 'short' }).format(
        new Date(cohort.intakeOpensAt),
      ),
    ).toBe('00:00');
    await local.runtime.drain();
    expect(local.runtime.bus.events).toContainEqual(
      expect.objectContaining({
        source: 'mentorflow',
        'detail-type': 'CohortLaunched',
        detail: expect.objectContaining({ data: expect.objectContaining({ cohortId: cohort.cohortId }) }),
      }),
    );
  });

  it('answers 400 naming each date that is in the past', async () => {
    const program = await createdProgram();
    const now = new Date();

    const answer = await launch(
      program.programId,
      cohortInput(now, { intakeOpensOn: utcDay(now, -10), intakeClosesOn: utcDay(now, -5) }),
    );

    expect(answer.status).toBe(400);
    expect(fieldsOf(answer).sort()).toEqual(['intakeClosesOn', 'intakeOpensOn']);
  });

  it('answers 400 naming each date that is out of order', async () => {
    const program = await createdProgram();
    const now = new Date();

    const answer = await launch(
      program.programId,
      cohortInput(now, {
        intakeOpensOn: utcDay(now, 10),
        intakeClosesOn: utcDay(now, 5),
        programStartsOn: utcDay(now, 3),
        programEndsOn: utcDay(now, 2),
      }),
    );

    expect(answer.status).toBe(400);
    expect(fieldsOf(answer).sort()).toEqual(['intakeClosesOn', 'programEndsOn', 'programStartsOn']);
  });

  it('answers 400 naming a time zone or a date it cannot read', async () => {
    const program = await createdProgram();
    const now = new Date();

    const badZone = await launch(program.programId, cohortInput(now, { timeZone: 'Mars/Olympus_Mons' }));
    const badDate = await launch(program.programId, cohortInput(now, { programStartsOn: '31/12/2031' }));

    expect(badZone.status).toBe(400);
    expect(fieldsOf(badZone)).toEqual(['timeZone']);
    expect(badDate.status).toBe(400);
    expect(fieldsOf(badDate)).toEqual(['programStartsOn']);
  });

  it('answers 404 for a program that does not exist', async () => {
    const answer = await launch('prg_nope', cohortInput(new Date()));

    expect(answer).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  });

  it('returns the same cohort for a retried launch with the same Idempotency-Key', async () => {
    // Prepare
    const me = coordinator();
    const program = await createdProgram(me);
    const request = [
      program.programId,
      cohortInput(new Date()),
      { ...me, headers: { 'idempotency-key': randomUUID() } },
    ] as const;

    // Act
    const first = await launch(...request);
    const retry = await launch(...request);

    // Assess
    expect(first.status).toBe(201);
    expect(retry).toEqual(first);
  });
});

describe('GET /cohorts/{cohortId}', () => {
  it('shows the cohort with its milestones', async () => {
    // Prepare
    const me = coordinator();
    const program = await createdProgram(me);
    const launched = await call<{ cohort: Cohort; milestones: Milestone[] }>({
      routeKey: 'POST /programs/{programId}/cohorts',
      pathParameters: { programId: program.programId },
      body: cohortInput(new Date()),
      ...me,
    });

    // Act
    const answer = await call<{ cohort: Cohort; milestones: Milestone[] }>({
      routeKey: 'GET /cohorts/{cohortId}',
      pathParameters: { cohortId: launched.body.cohort.cohortId },
      ...me,
    });

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(launched.body);
  });
});

describe('through the HTTP API of the local runtime', () => {
  it('creates a program with a coordinator’s JWT, whose groups arrive flattened', async () => {
    // Prepare
    const token = local.runtime.issueToken({
      sub: randomUUID(),
      email: 'ada@example.org',
      groups: ['coordinators'],
    });

    // Act
    const response = await fetch(`${local.runtime.apiUrl}/programs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(programInput()),
    });

    // Assess
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ coordinatorEmails: ['ada@example.org'] });
  });

  it('answers 401 without a token before the handler runs', async () => {
    const response = await fetch(`${local.runtime.apiUrl}/programs`, { method: 'GET' });

    expect(response.status).toBe(401);
  });
});

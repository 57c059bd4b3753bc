import { afterEach, describe, expect, it } from 'vitest';
import { countIntake } from '#shared/domain/intake-counts.ts';
import type { Participant } from '#shared/domain/participant.ts';
import { against, apiError, type FakeApi, runCli, startFakeApi } from './harness.ts';

const person = (participantId: string, name: string, overrides: Partial<Participant> = {}): Participant => ({
  participantId,
  cohortId: 'coh_1',
  programId: 'prg_1',
  email: `${participantId}@example.org`,
  emailNormalised: `${participantId}@example.org`,
  name,
  status: 'applied',
  source: 'import',
  invitedAt: '2026-12-01T00:00:00.000Z',
  prefill: {},
  version: 2,
  ...overrides,
});

const application = (
  seeks: Participant['application'] extends infer A ? (A extends { seeks: infer S } ? S : never) : never,
  offers: { role: 'mentor' | 'sponsor'; capacity: number }[],
) =>
  ({
    name: 'x',
    seeks,
    offers,
    goals: [],
    skills: [],
    seniority: 'senior',
    hasInfluence: false,
    timeZone: 'Europe/London',
    answers: {},
    agreedToProgramConsent: true,
    submittedAt: '2026-12-02T00:00:00.000Z',
    updatedAt: '2026-12-02T00:00:00.000Z',
  }) as Participant['application'];

const ana = person('ppl_ana', 'Ana Lima', { application: application(['mentor', 'sponsor'], []) });
const zoe = person('ppl_zoe', 'Zoë Ng', {
  application: application(['coach'], [{ role: 'mentor', capacity: 2 }]),
});
const kwame = person('ppl_kwame', 'Kwame Mensah', { status: 'invited' });

describe('mentorflow applicants', () => {
  let api: FakeApi;
  afterEach(() => api.close());

  it('list --all follows nextCursor and prints one aligned table', async () => {
    // Prepare
    api = await startFakeApi({
      'GET /cohorts/{cohortId}/applications': ({ query }) =>
        query.get('cursor') === 'page-2'
          ? { status: 200, body: { participants: [kwame] } }
          : { status: 200, body: { participants: [ana, zoe], nextCursor: 'page-2' } },
    });

    // Act
    const run = await runCli([
      ...against(api),
      'applicants',
      'list',
      '--cohort',
      'coh_1',
      '--limit',
      '2',
      '--all',
    ]);

    // Assess
    expect(run.code).toBe(0);
    expect(api.requests.map((r) => Object.fromEntries(r.query))).toEqual([
      { limit: '2' },
      { limit: '2', cursor: 'page-2' },
    ]);
    expect(run.stdout).toBe(
      [
        'PARTICIPANT  NAME          STATUS   SEEKS            OFFERS',
        'ppl_ana      Ana Lima      applied  mentor, sponsor',
        'ppl_zoe      Zoë Ng        applied  coach            mentor ×2',
        'ppl_kwame    Kwame Mensah  invited',
        '',
      ].join('\n'),
    );
  });

  it('list without --all stops after one page and says more follow (in --json, by nextCursor)', async () => {
    // Prepare
    api = await startFakeApi({
      'GET /cohorts/{cohortId}/applications': () => ({
        status: 200,
        body: { participants: [ana], nextCursor: 'page-2' },
      }),
    });

    // Act
    const run = await runCli([
      ...against(api),
      'applicants',
      'list',
      '--cohort',
      'coh_1',
      '--status',
      'applied',
    ]);
    const json = await runCli([...against(api), 'applicants', 'list', '--cohort', 'coh_1', '--json']);

    // Assess
    expect(api.requests).toHaveLength(2);
    expect(api.requests[0]?.query.get('status')).toBe('applied');
    expect(run.stdout).toContain('ppl_ana      Ana Lima  applied  mentor, sponsor\n');
    expect(run.stderr).toBe('More applicants follow: pass --all to list them all.\n');
    expect(JSON.parse(json.stdout)).toEqual({ participants: [ana], nextCursor: 'page-2' });
  });

  it('list refuses an unknown status before calling the API', async () => {
    // Prepare
    api = await startFakeApi({});

    // Act
    const run = await runCli([
      ...against(api),
      'applicants',
      'list',
      '--cohort',
      'coh_1',
      '--status',
      'pending',
    ]);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Allowed choices are invited, applied, approved, declined.');
    expect(api.requests).toEqual([]);
  });

  it('decide posts the decision for the participant', async () => {
    // Prepare
    api = await startFakeApi({
      'POST /cohorts/{cohortId}/applications/{participantId}/decision': () => ({
        status: 200,
        body: { ...ana, status: 'declined' },
      }),
    });

    // Act
    const run = await runCli([
      ...against(api),
      'applicants',
      'decide',
      '--cohort',
      'coh_1',
      '--participant',
      'ppl_ana',
      '--decline',
    ]);

    // Assess
    expect(run).toMatchObject({ code: 0, stdout: 'Ana Lima (ppl_ana) is declined.\n' });
    expect(api.requests[0]).toMatchObject({
      path: '/cohorts/coh_1/applications/ppl_ana/decision',
      body: { decision: 'decline' },
    });
  });

  it('decide shows a conflict from the API and exits 1', async () => {
    // Prepare
    api = await startFakeApi({
      'POST /cohorts/{cohortId}/applications/{participantId}/decision': () =>
        apiError(409, 'conflict', 'Applicant ppl_kwame has not applied yet, so there is nothing to decide.'),
    });

    // Act
    const run = await runCli([
      ...against(api),
      'applicants',
      'decide',
      '--cohort',
      'coh_1',
      '--participant',
      'ppl_kwame',
      '--approve',
    ]);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'Error: Applicant ppl_kwame has not applied yet, so there is nothing to decide. (HTTP 409 conflict)\n  request id: req-409\n',
    );
  });

  it('decide needs exactly one of --approve and --decline', async () => {
    // Prepare
    api = await startFakeApi({});
    const base = [...against(api), 'applicants', 'decide', '--cohort', 'coh_1', '--participant', 'ppl_ana'];

    // Act
    const neither = await runCli(base);
    const both = await runCli([...base, '--approve', '--decline']);

    // Assess
    expect(neither.code).toBe(1);
    expect(neither.stderr).toContain('say --approve or --decline');
    expect(both.code).toBe(1);
    expect(both.stderr).toContain("option '--approve' cannot be used with option '--decline'");
    expect(api.requests).toEqual([]);
  });
});

describe('mentorflow intake status', () => {
  let api: FakeApi;
  afterEach(() => api.close());

  const cohort = {
    cohortId: 'coh_1',
    name: 'Spring 2027',
    state: 'intake_open',
    timeZone: 'America/New_York',
    intakeOpensAt: '2026-12-01T05:00:00.000Z',
    intakeClosesAt: '2026-12-16T04:59:59.999Z',
    programStartsAt: '2027-01-05T05:00:00.000Z',
    programEndsAt: '2027-05-01T03:59:59.999Z',
  };
  const counts = countIntake([ana, zoe, kwame]);

  it('prints the state, dates, counts by status and support per role, both ways', async () => {
    // Prepare
    api = await startFakeApi({
      'GET /cohorts/{cohortId}/intake': () => ({ status: 200, body: { cohort, counts } }),
    });

    // Act
    const run = await runCli(['intake', 'status', '--cohort', 'coh_1', ...against(api)]);

    // Assess: the global flags work after the subcommand too.
    expect(run.code).toBe(0);
    expect(api.requests[0]?.path).toBe('/cohorts/coh_1/intake');
    expect(run.stdout).toBe(
      [
        'cohort      Spring 2027 (coh_1)',
        'state       intake_open',
        'intake      2026-12-01 00:00 → 2026-12-15 23:59 (America/New_York)',
        'program     2027-01-05 00:00 → 2027-04-30 23:59 (America/New_York)',
        '',
        'STATUS    PEOPLE',
        'invited        1',
        'applied        2',
        'approved       0',
        'declined       0',
        '',
        'ROLE        SEEKING  OFFERING  PLACES',
        'mentor            1         1       2',
        'sponsor           1         0       0',
        'coach             1         0       0',
        'advocate          0         0       0',
        'challenger        0         0       0',
        '',
        'Both ways: 1 person seeks support and offers it.',
        '',
      ].join('\n'),
    );
  });

  it('--json prints the API’s answer unchanged', async () => {
    // Prepare
    api = await startFakeApi({
      'GET /cohorts/{cohortId}/intake': () => ({ status: 200, body: { cohort, counts } }),
    });

    // Act
    const run = await runCli([...against(api), 'intake', 'status', '--cohort', 'coh_1', '--json']);

    // Assess
    expect(JSON.parse(run.stdout)).toEqual({ cohort, counts });
  });
});

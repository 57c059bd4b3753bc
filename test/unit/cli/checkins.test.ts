import { afterEach, describe, expect, it } from 'vitest';
import type { RoundHealth } from '#shared/domain/check-ins/health.ts';
import type { CheckInHealth } from '#shared/use-cases/check-in-health.ts';
import { against, apiError, type FakeApi, runCli, startFakeApi } from './harness.ts';

const noActions = { 'spoke-up': 0, nominated: 0, introduced: 0, stretch: 0 };

const round = (overrides: Partial<RoundHealth> & Pick<RoundHealth, 'round' | 'status' | 'opensAt'>) => ({
  fitCheck: false,
  closesAt: '2027-01-01T09:00:00.000Z',
  asked: 0,
  answered: 0,
  responseRate: null,
  meetingRate: null,
  meanRating: null,
  atRiskPairs: 0,
  helpRequests: 0,
  lowEnergy: 0,
  fit: { good: 0, deciding: 0, 'not-a-fit': 0 },
  sponsorshipActions: noActions,
  ...overrides,
});

const health: CheckInHealth = {
  cohortId: 'coh_1',
  state: 'running',
  checkInEveryDays: 14,
  anchoredAt: '2026-11-23T09:00:00.000Z',
  rounds: [
    round({
      round: 1,
      fitCheck: true,
      status: 'closed',
      opensAt: '2026-12-07T09:00:00.000Z',
      asked: 40,
      answered: 31,
      responseRate: 0.775,
      meetingRate: 0.8,
      meanRating: 4.125,
      atRiskPairs: 2,
      helpRequests: 1,
      lowEnergy: 1,
      fit: { good: 10, deciding: 3, 'not-a-fit': 1 },
      sponsorshipActions: { 'spoke-up': 3, nominated: 1, introduced: 0, stretch: 2 },
    }),
    round({
      round: 2,
      status: 'open',
      opensAt: '2026-12-21T09:00:00.000Z',
      asked: 38,
      answered: 5,
      responseRate: 0.132,
      meetingRate: 1,
      meanRating: 4,
      sponsorshipActions: { 'spoke-up': 1, nominated: 0, introduced: 0, stretch: 0 },
    }),
    round({ round: 3, status: 'planned', opensAt: '2027-01-04T09:00:00.000Z' }),
  ],
  atRiskPairs: [
    { round: 1, seekerId: 'ppl_ana', role: 'mentor', supporterId: 'ppl_zoe', reasons: ['low-rating'] },
    {
      round: 1,
      seekerId: 'ppl_ben',
      role: 'sponsor',
      supporterId: 'ppl_li',
      reasons: ['missed-two-rounds', 'not-met-twice'],
    },
  ],
  flaggedSupporters: [
    { participantId: 'ppl_zoe', flaggedAt: '2026-12-21T09:00:00.000Z', lowEnergyRounds: [1, 2] },
  ],
  helpRequests: [{ round: 1, participantId: 'ppl_ben', requestedAt: '2026-12-08T10:00:00.000Z' }],
  closedPairs: [],
};

describe('mentorflow checkins', () => {
  let api: FakeApi;
  afterEach(() => api.close());

  it('status prints one line per round with its rates, then who needs the coordinator; --json prints the API answer', async () => {
    // Prepare
    api = await startFakeApi({ 'GET /cohorts/{cohortId}/check-ins': () => ({ status: 200, body: health }) });

    // Act
    const run = await runCli([...against(api), 'checkins', 'status', '--cohort', 'coh_1']);
    const json = await runCli([...against(api), 'checkins', 'status', '--cohort', 'coh_1', '--json']);

    // Assess
    expect(run.code).toBe(0);
    expect(api.requests.map((r) => r.path)).toEqual(['/cohorts/coh_1/check-ins', '/cohorts/coh_1/check-ins']);
    expect(run.stdout).toBe(
      [
        'cohort      coh_1 (running)',
        'cadence     every 14 days from 2026-11-23T09:00:00.000Z',
        '',
        'ROUND    STATUS   OPENS       ASKED  ANSWERED  RESPONSE   MET  RATING  AT RISK  HELP  LOW ENERGY',
        '1 (fit)  closed   2026-12-07     40        31       78%   80%     4.1        2     1           1',
        '2        open     2026-12-21     38         5       13%  100%     4.0        0     0           0',
        '3        planned  2027-01-04      0         0         -     -       -        0     0           0',
        '',
        'sponsorship actions: spoke-up 4, nominated 1, introduced 0, stretch 2',
        'at risk: round 1 ppl_ana/mentor/ppl_zoe (low-rating); round 1 ppl_ben/sponsor/ppl_li (missed-two-rounds, not-met-twice)',
        'flagged supporters: ppl_zoe since 2026-12-21T09:00:00.000Z',
        'help requests: round 1 ppl_ben',
        '',
      ].join('\n'),
    );
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(health);
  });

  it('status says when check-ins have not started, and "none" where nobody needs attention', async () => {
    // Prepare
    const notStarted: CheckInHealth = {
      cohortId: 'coh_2',
      state: 'matched',
      checkInEveryDays: 7,
      rounds: [],
      atRiskPairs: [],
      flaggedSupporters: [],
      helpRequests: [],
      closedPairs: [],
    };
    api = await startFakeApi({
      'GET /cohorts/{cohortId}/check-ins': () => ({ status: 200, body: notStarted }),
    });

    // Act
    const run = await runCli([...against(api), 'checkins', 'status', '--cohort', 'coh_2']);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('cadence     every 7 days (not started)');
    expect(run.stdout).toContain('at risk: none\nflagged supporters: none\nhelp requests: none\n');
  });

  it('status reports an unknown cohort as the API words it, and needs --cohort', async () => {
    // Prepare
    api = await startFakeApi({
      'GET /cohorts/{cohortId}/check-ins': () => apiError(404, 'not_found', 'There is no cohort coh_x.'),
    });

    // Act
    const missing = await runCli([...against(api), 'checkins', 'status', '--cohort', 'coh_x']);
    const noCohort = await runCli([...against(api), 'checkins', 'status']);

    // Assess
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain('There is no cohort coh_x.');
    expect(noCohort.code).toBe(1);
    expect(noCohort.stderr).toContain("required option '--cohort <id>' not specified");
    expect(api.requests).toHaveLength(1);
  });

  it('clear-flag posts for the supporter and says whether there was a flag to clear', async () => {
    // Prepare
    let flagged = true;
    api = await startFakeApi({
      'POST /cohorts/{cohortId}/supporters/{participantId}/clear-flag': (request) => {
        const cleared = flagged;
        flagged = false;
        return { status: 200, body: { participantId: request.path.split('/')[4], cleared } };
      },
    });
    const args = [...against(api), 'checkins', 'clear-flag', '--cohort', 'coh_1', '--supporter', 'ppl_zoe'];

    // Act
    const first = await runCli(args);
    const again = await runCli(args);

    // Assess
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /cohorts/coh_1/supporters/ppl_zoe/clear-flag',
      'POST /cohorts/coh_1/supporters/ppl_zoe/clear-flag',
    ]);
    expect(first).toMatchObject({
      code: 0,
      stdout: 'Cleared the flag on ppl_zoe: they can be matched again.\n',
    });
    expect(again).toMatchObject({ code: 0, stdout: 'ppl_zoe was not flagged; nothing changed.\n' });
  });
});

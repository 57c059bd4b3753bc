import { afterEach, describe, expect, it } from 'vitest';
import type { Cohort } from '#shared/domain/cohort.ts';
import type { StoredMatch } from '#shared/ports/match-store.ts';
import type { MatchesView } from '#shared/use-cases/review-matches.ts';
import { against, apiError, type FakeApi, runCli, startFakeApi } from './harness.ts';

const cohort: Cohort = {
  cohortId: 'coh_1',
  programId: 'prg_1',
  name: 'Spring cohort',
  state: 'matching',
  timeZone: 'Europe/London',
  checkInEveryDays: 14,
  intakeReminderDaysBeforeClose: 3,
  openApplication: false,
  createdAt: '2026-11-01T00:00:00.000Z',
  intakeOpensAt: '2026-11-02T00:00:00.000Z',
  intakeClosesAt: '2026-11-16T00:00:00.000Z',
  programStartsAt: '2026-11-23T00:00:00.000Z',
  programEndsAt: '2027-03-01T00:00:00.000Z',
  version: 5,
  matchingRun: {
    runId: 'run_1',
    proposedAt: '2026-11-16T00:05:00.000Z',
    totals: { matched: 2, score: 131.5, demand: 3 },
  },
};

const need = (overrides: Partial<StoredMatch> & Pick<StoredMatch, 'seekerId' | 'role'>): StoredMatch => ({
  cohortId: 'coh_1',
  runId: 'run_1',
  status: 'matched',
  alternatives: [],
  ...overrides,
});

const anaMentor = need({
  seekerId: 'ppl_ana',
  role: 'mentor',
  supporterId: 'ppl_zoe',
  score: 72,
  pinned: true,
  factors: [
    { factor: 'timeZoneOverlap', points: 12, says: 'your working hours overlap' },
    { factor: 'goalsAndSkills', points: 45, says: 'you both want to lead a team' },
  ],
  alternatives: [
    { supporterId: 'ppl_kwame', score: 64.25 },
    { supporterId: 'ppl_li', score: 50 },
  ],
});
const anaSponsor = need({
  seekerId: 'ppl_ana',
  role: 'sponsor',
  status: 'unmatched',
  reason: 'all-at-capacity',
});
const benMentor = need({ seekerId: 'ppl_ben', role: 'mentor', supporterId: 'ppl_kwame', score: 59.5 });

const people: MatchesView['people'] = {
  ppl_ana: { name: 'Ana Lima' },
  ppl_ben: { name: 'Ben Okafor' },
  ppl_zoe: { name: 'Zoë Ng' },
  ppl_kwame: { name: 'Kwame Mensah' },
  ppl_li: { name: 'Li Wei' },
};
const view: MatchesView = { cohort, matches: [benMentor, anaSponsor, anaMentor], people };

describe('mentorflow match (review)', () => {
  let api: FakeApi;
  afterEach(() => api.close());

  it('list prints one line per seeker and role, by name, with the reason a need is unmatched', async () => {
    // Prepare
    api = await startFakeApi({ 'GET /cohorts/{cohortId}/matches': () => ({ status: 200, body: view }) });

    // Act
    const run = await runCli([...against(api), 'match', 'list', '--cohort', 'coh_1']);
    const json = await runCli([...against(api), 'match', 'list', '--cohort', 'coh_1', '--json']);

    // Assess
    expect(run.code).toBe(0);
    expect(api.requests[0]?.path).toBe('/cohorts/coh_1/matches');
    expect(run.stdout).toBe(
      [
        'SEEKER ID  SEEKER      ROLE     SUPPORTER                                           SCORE  PINNED',
        'ppl_ana    Ana Lima    mentor   Zoë Ng                                                 72  yes',
        'ppl_ana    Ana Lima    sponsor  unmatched: every suitable supporter is at capacity',
        'ppl_ben    Ben Okafor  mentor   Kwame Mensah                                         59.5',
        '',
        'Run run_1: 2 of 3 needs matched, total score 131.5 (cohort matching).',
        '',
      ].join('\n'),
    );
    expect(JSON.parse(json.stdout)).toEqual(view);
  });

  it('fairness prints the rates by role and by identity group, and says how many groups are hidden', async () => {
    // Prepare
    const outcome = (seekers: number, matched: number, meanScore: number | null) => ({
      seekers,
      sought: seekers,
      matched,
      matchRate: Math.round((matched / seekers) * 1000) / 1000,
      meanScore,
    });
    const report = {
      runId: 'run_1',
      minimumGroupSize: 5,
      overall: outcome(12, 11, 61.25),
      byRole: [{ role: 'mentor', ...outcome(12, 11, 61.25) }],
      byIdentity: [
        {
          field: 'gender',
          groups: [
            { value: 'man', suppressed: true, why: 'protects-a-smaller-group' },
            { value: 'non-binary', suppressed: true, why: 'fewer-than-minimum' },
            { value: 'woman', suppressed: false, ...outcome(7, 7, 63) },
          ],
        },
      ],
    };
    api = await startFakeApi({
      'GET /cohorts/{cohortId}/matches/fairness': () => ({ status: 200, body: report }),
    });

    // Act
    const run = await runCli([...against(api), 'match', 'fairness', '--cohort', 'coh_1']);

    // Assess
    expect(run.code).toBe(0);
    expect(api.requests[0]?.path).toBe('/cohorts/coh_1/matches/fairness');
    expect(run.stdout).toBe(
      [
        'Fairness of run run_1: 11 of 12 needs matched (91.7 %).',
        '',
        'ROLE    SEEKERS  NEEDS  MATCHED    RATE  MEAN SCORE',
        'mentor       12     12       11  91.7 %        61.3',
        '',
        'GENDER  SEEKERS  NEEDS  MATCHED     RATE  MEAN SCORE',
        'woman         7      7        7  100.0 %          63',
        '2 group(s) hidden: each shown group has at least 5 people.',
        '',
      ].join('\n'),
    );
  });

  it('explain says each factor in plain words with its points, the alternatives, and why a need is unmatched', async () => {
    // Prepare
    api = await startFakeApi({
      'GET /cohorts/{cohortId}/matches/{seekerId}': () => ({
        status: 200,
        body: { ...view, matches: [anaSponsor, anaMentor] },
      }),
    });

    // Act
    const run = await runCli([
      ...against(api),
      'match',
      'explain',
      '--cohort',
      'coh_1',
      '--seeker',
      'ppl_ana',
    ]);

    // Assess
    expect(run.code).toBe(0);
    expect(api.requests[0]?.path).toBe('/cohorts/coh_1/matches/ppl_ana');
    expect(run.stdout).toBe(
      [
        'Ana Lima (ppl_ana) seeks mentor, sponsor.',
        '',
        'Mentor: Zoë Ng (ppl_zoe), score 72 (pinned by a coordinator)',
        '  +45  you both want to lead a team',
        '  +12  your working hours overlap',
        '  Next best:',
        '    Kwame Mensah (ppl_kwame), score 64.3',
        '    Li Wei (ppl_li), score 50',
        '',
        'Sponsor: unmatched, because every suitable supporter is at capacity.',
        '  Next best: nobody else could take this role.',
        '',
      ].join('\n'),
    );
  });

  it('pin sends the pair and prints the new run with the seeker’s line', async () => {
    // Prepare
    const pinned = need({ ...anaMentor, supporterId: 'ppl_li', score: 50, runId: 'run_2' });
    api = await startFakeApi({
      'POST /cohorts/{cohortId}/matches/pins': () => ({
        status: 200,
        body: {
          cohort: { ...cohort, matchingRun: { ...cohort.matchingRun!, runId: 'run_2' } },
          matches: [pinned, benMentor],
        },
      }),
      'GET /cohorts/{cohortId}/matches': () => ({ status: 200, body: view }),
    });

    // Act
    const run = await runCli([
      ...against(api),
      'match',
      'pin',
      '--cohort',
      'coh_1',
      '--seeker',
      'ppl_ana',
      '--supporter',
      'ppl_li',
      '--role',
      'mentor',
    ]);

    // Assess
    expect(run.code).toBe(0);
    expect(api.requests[0]).toMatchObject({
      method: 'POST',
      path: '/cohorts/coh_1/matches/pins',
      body: { seekerId: 'ppl_ana', supporterId: 'ppl_li', role: 'mentor' },
    });
    expect(run.stdout).toContain('Pinned. Run run_2: 2 of 3 needs matched');
    expect(run.stdout).toContain('ppl_ana    Ana Lima  mentor  Li Wei');
    expect(run.stdout).not.toContain('Ben Okafor');
  });

  it('a pin that breaks a rule prints the refusal with the problems by field and flag, and exits 1', async () => {
    // Prepare
    api = await startFakeApi({
      'POST /cohorts/{cohortId}/matches/pins': () =>
        apiError(
          400,
          'validation_failed',
          'Chen Wei cannot be matched with Maya Cohen: Chen reports to Maya.',
          [
            { field: 'seekerId', message: 'Chen Wei (ppl_chen) reports to Maya Cohen' },
            { field: 'supporterId', message: 'Maya Cohen (ppl_maya) manages Chen Wei' },
          ],
        ),
    });

    // Act
    const run = await runCli([
      ...against(api),
      'match',
      'pin',
      '--cohort',
      'coh_1',
      '--seeker',
      'ppl_chen',
      '--supporter',
      'ppl_maya',
      '--role',
      'mentor',
    ]);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      'Error: Chen Wei cannot be matched with Maya Cohen: Chen reports to Maya. (HTTP 400 validation_failed)',
    );
    expect(run.stderr).toContain('  seekerId (--seeker): Chen Wei (ppl_chen) reports to Maya Cohen');
    expect(run.stderr).toContain('  supporterId (--supporter): Maya Cohen (ppl_maya) manages Chen Wei');
    expect(api.requests).toHaveLength(1);
  });

  it('forbid, swap and rerun send what the API expects; --json prints the new proposal', async () => {
    // Prepare
    const proposal = { cohort, matches: [anaMentor, anaSponsor, benMentor] };
    api = await startFakeApi({
      'POST /cohorts/{cohortId}/matches/forbids': () => ({ status: 200, body: proposal }),
      'POST /cohorts/{cohortId}/matches/swaps': () => ({ status: 200, body: proposal }),
      'POST /cohorts/{cohortId}/matches/runs': () => ({ status: 200, body: proposal }),
      'GET /cohorts/{cohortId}/matches': () => ({ status: 200, body: view }),
    });
    const cli = (...args: string[]) => runCli([...against(api), 'match', ...args, '--cohort', 'coh_1']);

    // Act
    const forbid = await cli('forbid', '--seeker', 'ppl_ana', '--supporter', 'ppl_zoe', '--json');
    const swap = await cli('swap', '--seeker-a', 'ppl_ana', '--seeker-b', 'ppl_ben', '--role', 'mentor');
    const rerun = await cli('rerun');

    // Assess
    expect([forbid.code, swap.code, rerun.code]).toEqual([0, 0, 0]);
    expect(JSON.parse(forbid.stdout)).toEqual(proposal);
    const posts = api.requests.filter((r) => r.method === 'POST');
    expect(posts.map((r) => [r.path, r.body])).toEqual([
      ['/cohorts/coh_1/matches/forbids', { seekerId: 'ppl_ana', supporterId: 'ppl_zoe' }],
      ['/cohorts/coh_1/matches/swaps', { seekerA: 'ppl_ana', seekerB: 'ppl_ben', role: 'mentor' }],
      ['/cohorts/coh_1/matches/runs', {}],
    ]);
    expect(swap.stdout).toContain('Swapped. Run run_1');
    expect(swap.stdout).toContain('Ana Lima');
    expect(swap.stdout).toContain('Ben Okafor');
    expect(rerun.stdout).toBe(
      'Matched again. Run run_1: 2 of 3 needs matched, total score 131.5 (cohort matching).\n',
    );
  });

  it('approve says the cohort is matched and introductions follow', async () => {
    // Prepare
    api = await startFakeApi({
      'POST /cohorts/{cohortId}/matches/approval': () => ({
        status: 200,
        body: { cohort: { ...cohort, state: 'matched' } },
      }),
    });

    // Act
    const run = await runCli([...against(api), 'match', 'approve', '--cohort', 'coh_1']);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'Approved the matches of Spring cohort (coh_1); it is matched.',
        'Run run_1: 2 of 3 needs matched, total score 131.5 (cohort matched).',
        'Each matched pair is being introduced by email.',
        '',
      ].join('\n'),
    );
  });

  it('end re-matches the seeker and names the new supporter, or says why there is none', async () => {
    // Prepare
    let answer: StoredMatch = need({
      ...anaMentor,
      supporterId: 'ppl_li',
      score: 50,
      pinned: false,
      endedWith: ['ppl_zoe'],
    });
    api = await startFakeApi({
      'POST /cohorts/{cohortId}/matches/{seekerId}/end': () => ({ status: 200, body: answer }),
      'GET /cohorts/{cohortId}/matches/{seekerId}': () => ({ status: 200, body: view }),
    });
    const end = () =>
      runCli([
        ...against(api),
        'match',
        'end',
        '--cohort',
        'coh_1',
        '--seeker',
        'ppl_ana',
        '--role',
        'mentor',
        '--reason',
        'not-a-fit',
      ]);

    // Act
    const rematched = await end();
    answer = need({
      seekerId: 'ppl_ana',
      role: 'mentor',
      status: 'unmatched',
      reason: 'all-excluded-by-constraints',
      endedWith: ['ppl_zoe'],
    });
    const alone = await end();

    // Assess
    expect(api.requests[0]).toMatchObject({
      path: '/cohorts/coh_1/matches/ppl_ana/end',
      body: { role: 'mentor', reason: 'not-a-fit' },
    });
    expect(rematched.stdout).toBe(
      [
        'Ended the mentor match of Ana Lima with Zoë Ng (not-a-fit).',
        'New mentor: Li Wei (ppl_li), score 50; both are being introduced by email.',
        '',
      ].join('\n'),
    );
    expect(alone.stdout).toContain(
      'No new mentor: every supporter is excluded by a rule (reporting line, forbid, seniority).',
    );
  });

  it('refuses an unknown reason or role before calling the API', async () => {
    // Prepare
    api = await startFakeApi({});

    // Act
    const reason = await runCli([
      ...against(api),
      'match',
      'end',
      '--cohort',
      'coh_1',
      '--seeker',
      'ppl_ana',
      '--role',
      'mentor',
      '--reason',
      'bored',
    ]);
    const role = await runCli([
      ...against(api),
      'match',
      'swap',
      '--cohort',
      'coh_1',
      '--seeker-a',
      'a',
      '--seeker-b',
      'b',
      '--role',
      'wizard',
    ]);

    // Assess
    expect(reason.code).toBe(1);
    expect(reason.stderr).toContain("option '--reason <reason>' argument 'bored' is invalid");
    expect(role.code).toBe(1);
    expect(role.stderr).toContain('Allowed choices are mentor, sponsor, coach, advocate, challenger');
    expect(api.requests).toEqual([]);
  });
});

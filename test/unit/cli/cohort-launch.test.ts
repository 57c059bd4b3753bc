import { afterEach, describe, expect, it } from 'vitest';
import { against, apiError, type FakeApi, runCli, startFakeApi } from './harness.ts';

const LAUNCH = [
  'cohort',
  'launch',
  '--program',
  'prg_1',
  '--name',
  'Spring 2027',
  '--time-zone',
  'Europe/London',
  '--intake-opens',
  '2026-12-01',
  '--intake-closes',
  '2026-12-15',
  '--starts',
  '2027-01-05',
  '--ends',
  '2027-04-30',
];

const cohort = {
  cohortId: 'coh_1',
  programId: 'prg_1',
  name: 'Spring 2027',
  state: 'draft',
  timeZone: 'Europe/London',
  intakeOpensAt: '2026-12-01T00:00:00.000Z',
  intakeClosesAt: '2026-12-15T23:59:59.999Z',
  programStartsAt: '2027-01-05T00:00:00.000Z',
  programEndsAt: '2027-04-30T22:59:59.999Z',
  checkInEveryDays: 21,
  intakeReminderDaysBeforeClose: 0,
  openApplication: true,
  createdAt: '2026-11-20T10:00:00.000Z',
  version: 1,
};
const milestones = [
  { cohortId: 'coh_1', kind: 'intake-opens', dueAt: cohort.intakeOpensAt },
  { cohortId: 'coh_1', kind: 'intake-closes', dueAt: cohort.intakeClosesAt },
];

describe('mentorflow cohort launch', () => {
  let api: FakeApi;
  afterEach(() => api.close());

  it('sends the dates as typed, then prints the milestones in local time and the open link', async () => {
    // Prepare
    api = await startFakeApi({
      'POST /programs/{programId}/cohorts': () => ({ status: 201, body: { cohort, milestones } }),
      'GET /cohorts/{cohortId}': () => ({
        status: 200,
        body: { cohort, milestones, openApplicationUrl: 'https://apply.example.org/join/v1.tok' },
      }),
    });

    // Act
    const run = await runCli([
      ...against(api),
      ...LAUNCH,
      '--check-in-every',
      '21',
      '--reminder-days',
      '0',
      '--open-application',
    ]);

    // Assess
    expect(run.code).toBe(0);
    const [launch, view] = api.requests;
    expect(launch).toMatchObject({ method: 'POST', path: '/programs/prg_1/cohorts' });
    expect(launch?.body).toEqual({
      name: 'Spring 2027',
      timeZone: 'Europe/London',
      intakeOpensOn: '2026-12-01',
      intakeClosesOn: '2026-12-15',
      programStartsOn: '2027-01-05',
      programEndsOn: '2027-04-30',
      checkInEveryDays: 21,
      intakeReminderDaysBeforeClose: 0,
      openApplication: true,
    });
    expect(launch?.headers['idempotency-key']).toBeTruthy();
    expect(view).toMatchObject({ method: 'GET', path: '/cohorts/coh_1' });
    expect(run.stdout).toBe(
      [
        'cohort      coh_1',
        'state       draft',
        'intake      2026-12-01 00:00 → 2026-12-15 23:59 (Europe/London)',
        'program     2027-01-05 00:00 → 2027-04-30 23:59 (Europe/London)',
        'check-ins   every 21 days',
        '',
        'Milestones (Europe/London):',
        'MILESTONE      DUE',
        'intake-opens   2026-12-01 00:00',
        'intake-closes  2026-12-15 23:59',
        '',
        'Open application link: https://apply.example.org/join/v1.tok',
        '',
      ].join('\n'),
    );
  });

  it('still reports a launched cohort when its open link cannot be read, so nobody launches it twice', async () => {
    // Prepare
    api = await startFakeApi({
      'POST /programs/{programId}/cohorts': () => ({ status: 201, body: { cohort, milestones } }),
      'GET /cohorts/{cohortId}': () => apiError(500, 'internal', 'Something went wrong on our side.'),
    });

    // Act
    const run = await runCli([...against(api), ...LAUNCH, '--open-application', '--json']);

    // Assess
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ cohort, milestones });
    expect(run.stderr).toBe(
      'Warning: cohort coh_1 was launched, but its open application link could not be read ' +
        '(Something went wrong on our side.); GET /cohorts/coh_1 shows it.\n',
    );
  });

  it('shows the server’s date problems by field and flag, and exits 1', async () => {
    // Prepare
    api = await startFakeApi({
      'POST /programs/{programId}/cohorts': () =>
        apiError(400, 'validation_failed', 'The cohort dates need fixing.', [
          { field: 'intakeOpensOn', message: 'is in the past; choose a later date' },
          { field: 'programStartsOn', message: 'must be on or after intakeClosesOn' },
        ]),
    });

    // Act
    const run = await runCli([...against(api), ...LAUNCH]);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('  intakeOpensOn (--intake-opens): is in the past; choose a later date\n');
    expect(run.stderr).toContain('  programStartsOn (--starts): must be on or after intakeClosesOn\n');
    expect(api.requests).toHaveLength(1);
  });

  it('refuses a cadence that is not a number before calling the API', async () => {
    // Prepare
    api = await startFakeApi({});

    // Act
    const run = await runCli([...against(api), ...LAUNCH, '--check-in-every', 'fortnightly']);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "option '--check-in-every <days>' argument 'fortnightly' is invalid. must be a whole number.",
    );
    expect(api.requests).toEqual([]);
  });
});

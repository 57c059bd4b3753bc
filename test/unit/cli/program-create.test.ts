import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { against, apiError, type FakeApi, runCli, startFakeApi } from './harness.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CONSENT = 'We use your answers only to find you a good match.';

describe('mentorflow program create', () => {
  let api: FakeApi;
  afterEach(() => api.close());

  it('sends the program with its consent, questions and matching files, and prints the id', async () => {
    // Prepare
    api = await startFakeApi({ 'POST /programs': () => ({ status: 201, body: { programId: 'prg_1' } }) });
    const dir = await mkdtemp(path.join(tmpdir(), 'mentorflow-cli-'));
    await writeFile(path.join(dir, 'consent.txt'), CONSENT);
    const questions = [{ id: 'goal', label: 'What do you hope for?', type: 'long_text' }];
    await writeFile(path.join(dir, 'questions.json'), JSON.stringify(questions));
    const matching = { weights: { goalsAndSkills: 55 }, rules: { sponsorMinSeniorityGap: 2 } };
    await writeFile(path.join(dir, 'matching.json'), JSON.stringify(matching));

    // Act
    const run = await runCli(
      [
        ...against(api),
        'program',
        'create',
        '--name',
        'Rise',
        '--roles',
        'mentor, sponsor',
        '--consent-file',
        'consent.txt',
        '--questions-file',
        'questions.json',
        '--matching-file',
        'matching.json',
        '--coordinator-email',
        'coordinator@example.org',
      ],
      { cwd: dir },
    );

    // Assess
    expect(run).toMatchObject({ code: 0, stdout: 'prg_1\n', stderr: '' });
    const [request] = api.requests;
    expect(request?.body).toEqual({
      name: 'Rise',
      supportRoles: ['mentor', 'sponsor'],
      consentText: CONSENT,
      intakeQuestions: questions,
      matching,
      coordinatorEmail: 'coordinator@example.org',
    });
    expect(request?.headers.authorization).toBe('Bearer test-token');
    expect(request?.headers['idempotency-key']).toMatch(UUID);
  });

  it('retries a create that met a busy gateway with the same Idempotency-Key', async () => {
    // Prepare
    let calls = 0;
    api = await startFakeApi({
      'POST /programs': () =>
        ++calls === 1
          ? { status: 503, body: { message: 'Service Unavailable' } }
          : { status: 201, body: { programId: 'prg_2' } },
    });

    // Act
    const run = await runCli([
      ...against(api),
      'program',
      'create',
      '--name',
      'Rise',
      '--roles',
      'coach',
      '--consent-text',
      CONSENT,
    ]);

    // Assess
    expect(run.stdout).toBe('prg_2\n');
    const keys = api.requests.map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
  });

  it('names the flag behind each field the API refused', async () => {
    // Prepare
    api = await startFakeApi({
      'POST /programs': () =>
        apiError(400, 'validation_failed', 'Some fields need fixing.', [
          { field: 'supportRoles.0', message: "Invalid option: expected one of 'mentor'|'sponsor'" },
          { field: 'consentText', message: 'explain in at least 20 characters how answers are used' },
        ]),
    });

    // Act
    const run = await runCli([...against(api), 'program', 'create', '--name', 'Rise', '--roles', 'guru']);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      [
        'Error: Some fields need fixing. (HTTP 400 validation_failed)',
        "  supportRoles.0 (--roles): Invalid option: expected one of 'mentor'|'sponsor'",
        '  consentText (--consent-text or --consent-file): explain in at least 20 characters how answers are used',
        '  request id: req-400',
        '',
      ].join('\n'),
    );
  });

  it('refuses both consent flags at once without calling the API', async () => {
    // Prepare
    api = await startFakeApi({});

    // Act
    const run = await runCli([
      ...against(api),
      'program',
      'create',
      '--name',
      'Rise',
      '--roles',
      'mentor',
      '--consent-text',
      CONSENT,
      '--consent-file',
      'consent.txt',
    ]);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "option '--consent-text <text>' cannot be used with option '--consent-file <file>'",
    );
    expect(api.requests).toEqual([]);
  });
});

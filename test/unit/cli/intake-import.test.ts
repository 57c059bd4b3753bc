import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_IMPORT_BYTES } from '#shared/domain/applicant-import/limits.ts';
import { parseApplicantCsv } from '#shared/domain/applicant-import/validate-rows.ts';
import type { ImportOutcome } from '#shared/use-cases/import-applicants.ts';
import { against, type FakeApi, runCli, startFakeApi } from './harness.ts';

const CSV = 'email,name,shoe size\nana@example.org,Ana Lima,38\nbo@example.org,Bo Chen,44\n';

const outcome = (overrides: Partial<ImportOutcome> = {}): ImportOutcome => ({
  importId: 'set-by-the-cli',
  dryRun: false,
  committed: true,
  totalRows: 600,
  added: 598,
  alreadyPresent: [
    { line: 14, email: 'ana@example.org' },
    { line: 322, email: 'bo@example.org' },
  ],
  problems: [],
  warnings: ['column "shoe size" is not one we know; it was ignored'],
  ...overrides,
});

describe('mentorflow intake import', () => {
  let api: FakeApi;
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mentorflow-import-'));
    await writeFile(path.join(dir, 'applicants.csv'), CSV);
  });
  afterEach(() => api.close());

  it('draws progress from the import record while the import runs, then sums up', async () => {
    // Prepare: the record appears only after a while (404 until then) and advances in steps.
    const records = new Map<string, object>();
    let notWrittenYet = 0;
    api = await startFakeApi({
      'POST /cohorts/{cohortId}/imports': async ({ body }) => {
        const { importId } = body as { importId: string };
        await sleep(450);
        for (const processed of [0, 200, 400, 600]) {
          records.set(importId, {
            importId,
            cohortId: 'coh_1',
            status: 'running',
            totalRows: 600,
            processed,
          });
          await sleep(350);
        }
        return { status: 200, body: outcome({ importId }) };
      },
      'GET /cohorts/{cohortId}/imports/{importId}': ({ path: seen }) => {
        const record = records.get(seen.split('/').at(-1) ?? '');
        if (record) return { status: 200, body: record };
        notWrittenYet += 1;
        return {
          status: 404,
          body: { error: { code: 'not_found', message: 'There is no import.', requestId: 'r' } },
        };
      },
    });

    // Act
    const run = await runCli([...against(api), 'intake', 'import', 'applicants.csv', '--cohort', 'coh_1'], {
      cwd: dir,
    });

    // Assess
    expect(run.code).toBe(0);
    const [post, ...polls] = api.requests;
    const body = post?.body as { importId: string };
    expect(post).toMatchObject({ method: 'POST', path: '/cohorts/coh_1/imports' });
    expect(body).toEqual({
      importId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      csv: CSV,
      dryRun: false,
      allowPartial: false,
    });
    expect(polls.length).toBeGreaterThanOrEqual(4);
    expect(polls.every((poll) => poll.path === `/cohorts/coh_1/imports/${body.importId}`)).toBe(true);
    expect(notWrittenYet).toBeGreaterThan(0);
    expect(run.stderr).toContain('Importing applicants.csv: 600/600 (100%)\n');
    expect(run.stderr).toContain('Warning: column "shoe size" is not one we know; it was ignored\n');
    expect(run.stdout).toBe(
      [
        'Added 598 applicants; invitations go out when intake opens.',
        'Already in the cohort, skipped: 2 applicants',
        'LINE  EMAIL',
        '  14  ana@example.org',
        ' 322  bo@example.org',
        '',
      ].join('\n'),
    );
  });

  it('prints every row problem as a table with its fix, and exits 1 when the API refuses the file', async () => {
    // Prepare
    const problems = [
      {
        line: 3,
        column: 'email',
        value: 'ana@',
        message: 'is not an email address',
        fix: 'write it like name@example.org',
      },
      {
        line: 7,
        column: 'seniority',
        value: 'boss',
        message: 'is not a seniority level',
        fix: 'use one of early_career, senior',
      },
      { line: 7, column: 'name', value: '', message: 'is empty', fix: 'add the person’s name' },
    ];
    api = await startFakeApi({
      'POST /cohorts/{cohortId}/imports': () => ({
        status: 422,
        body: outcome({ committed: false, added: 0, alreadyPresent: [], problems, warnings: [] }),
      }),
    });

    // Act
    const run = await runCli([...against(api), 'intake', 'import', 'applicants.csv', '--cohort', 'coh_1'], {
      cwd: dir,
    });

    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      [
        'LINE  COLUMN     VALUE  PROBLEM                   FIX',
        '   3  email      ana@   is not an email address   write it like name@example.org',
        '   7  seniority  boss   is not a seniority level  use one of early_career, senior',
        '   7  name              is empty                  add the person’s name',
        'Error: Nothing was imported: 2 rows with problems. Fix them and import again, or pass --allow-partial to import the other rows.',
        '',
      ].join('\n'),
    );
  });

  it('with --allow-partial imports the good rows and lists the skipped ones', async () => {
    // Prepare
    const problems = [
      { line: 3, column: 'email', value: 'ana@', message: 'is not an email address', fix: 'fix it' },
    ];
    api = await startFakeApi({
      'POST /cohorts/{cohortId}/imports': () => ({
        status: 200,
        body: outcome({ added: 1, alreadyPresent: [], problems, warnings: [] }),
      }),
    });

    // Act
    const run = await runCli(
      [...against(api), 'intake', 'import', 'applicants.csv', '--cohort', 'coh_1', '--allow-partial'],
      { cwd: dir },
    );

    // Assess
    expect(run.code).toBe(0);
    expect(api.requests[0]?.body).toMatchObject({ allowPartial: true, dryRun: false });
    expect(run.stderr).toContain('   3  email   ana@   is not an email address  fix it\n');
    expect(run.stdout).toBe(
      'Added 1 applicant; invitations go out when intake opens.\nSkipped 1 row with the problems listed above.\n',
    );
  });

  it('a dry run with --json prints the outcome as JSON', async () => {
    // Prepare
    const answer = outcome({ dryRun: true, added: 2, alreadyPresent: [], warnings: [] });
    api = await startFakeApi({ 'POST /cohorts/{cohortId}/imports': () => ({ status: 200, body: answer }) });

    // Act
    const run = await runCli(
      [...against(api), 'intake', 'import', 'applicants.csv', '--cohort', 'coh_1', '--dry-run', '--json'],
      { cwd: dir },
    );

    // Assess
    expect(run.code).toBe(0);
    expect(api.requests[0]?.body).toMatchObject({ dryRun: true });
    expect(JSON.parse(run.stdout)).toEqual(answer);
  });

  it('refuses a file over the limit before sending it, in the same words as the API', async () => {
    // Prepare
    api = await startFakeApi({});
    const row = 'someone@example.org,Some One\n';
    const big = `email,name\n${row.repeat(Math.ceil(MAX_IMPORT_BYTES / row.length) + 1)}`;
    await writeFile(path.join(dir, 'big.csv'), big);
    const serverMessage = (() => {
      try {
        parseApplicantCsv(big);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('expected the domain to refuse the file');
    })();

    // Act
    const run = await runCli([...against(api), 'intake', 'import', 'big.csv', '--cohort', 'coh_1'], {
      cwd: dir,
    });

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`Error: ${serverMessage}\n`);
    expect(serverMessage).toContain('one import takes at most 2 MB');
    expect(api.requests).toEqual([]);
  });
});

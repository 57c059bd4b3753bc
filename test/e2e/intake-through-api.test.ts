import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '#infra/local/runtime.ts';
import type { Cohort } from '#shared/domain/cohort.ts';
import type { IntakeCounts } from '#shared/domain/intake-counts.ts';
import type { Milestone } from '#shared/domain/milestone.ts';
import type { Program } from '#shared/domain/program.ts';
import type { ParticipantPage } from '#shared/ports/participant-store.ts';
import type { ImportOutcome } from '#shared/use-cases/import-applicants.ts';
import { fieldNames, YES } from '#shared/web/application-form.ts';
import { listSentEmails } from '../support/aws-env.ts';
import { applyLinkIn, dateIn, jsonOf, mentorflow, startE2eRuntime, uniqueAddress } from './support.ts';

/**
 * One intake, end to end: a coordinator at the `mentorflow` command line, people at the links in
 * their email, and the clock jumping to close. Every step goes through the HTTP API of a local
 * runtime serving the real handlers.
 */
const ZONE = 'Europe/London';
let runtime: LocalRuntime;
let coordinator: { apiUrl: string; token: string };
const workDir = mkdtempSync(join(tmpdir(), 'mentorflow-e2e-intake-'));
const coordinatorEmail = uniqueAddress('coordinator');
const amara = uniqueAddress('amara');
const kenji = uniqueAddress('kenji');
const layla = uniqueAddress('layla');

beforeAll(async () => {
  runtime = await startE2eRuntime();
  coordinator = {
    apiUrl: runtime.apiUrl,
    token: runtime.issueToken({ sub: 'e2e-coordinator', email: coordinatorEmail, groups: ['coordinators'] }),
  };
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

describe('intake through the CLI, the API and the inbox', () => {
  let cohort: Cohort;

  it('launches a cohort and invites a CSV of applicants with the CLI', async () => {
    // Prepare
    const today = runtime.clock.now();
    const program = jsonOf<Program>(
      await mentorflow(
        [
          'program',
          'create',
          '--name',
          'Rise Together (e2e)',
          '--roles',
          'mentor,sponsor,coach',
          '--consent-text',
          'Your answers are used to match you and are seen by the coordinators of this program.',
          '--coordinator-email',
          coordinatorEmail,
          '--json',
        ],
        coordinator,
      ),
    );
    const launched = jsonOf<{ cohort: Cohort; milestones: Milestone[] }>(
      await mentorflow(
        [
          'cohort',
          'launch',
          '--program',
          program.programId,
          '--name',
          'Spring e2e',
          '--time-zone',
          ZONE,
          '--intake-opens',
          dateIn(ZONE, today),
          '--intake-closes',
          dateIn(ZONE, today, 14),
          '--starts',
          dateIn(ZONE, today, 21),
          '--ends',
          dateIn(ZONE, today, 200),
          '--json',
        ],
        coordinator,
      ),
    );
    cohort = launched.cohort;
    const csv = join(workDir, 'applicants.csv');
    writeFileSync(
      csv,
      [
        'email,name,intent,seniority,time_zone',
        `${amara},Amara Ọkáfọ̀,seeker,early_career,Africa/Lagos`,
        `${kenji},山田 健二,supporter,executive,Asia/Tokyo`,
        `${layla},ليلى حداد,both,,Asia/Dubai`,
      ].join('\r\n'),
    );

    // Act
    const imported = jsonOf<ImportOutcome>(
      await mentorflow(['intake', 'import', csv, '--cohort', cohort.cohortId, '--json'], coordinator),
    );
    // The frozen clock moves only when told: a minute on, and the schedules run.
    jsonOf(await mentorflow(['clock', 'advance', '1m', '--json'], coordinator));
    jsonOf(await mentorflow(['tick', '--json'], coordinator));
    const status = jsonOf<{ cohort: Cohort; counts: IntakeCounts }>(
      await mentorflow(['intake', 'status', '--cohort', cohort.cohortId, '--json'], coordinator),
    );

    // Assess
    expect(imported).toMatchObject({ committed: true, added: 3, problems: [] });
    expect(status.cohort.state).toBe('intake_open');
    expect(status.counts.byStatus).toEqual({ invited: 3, applied: 0, approved: 0, declined: 0 });
    for (const address of [amara, kenji, layla]) {
      const mail = await listSentEmails({ to: address, sesUrl: runtime.sesUrl });
      expect(mail.map((email) => email.subject)).toEqual(['You are invited to apply to Rise Together (e2e)']);
    }
  });

  it('lets an invitee apply by following the link in their invitation', async () => {
    // Prepare
    const [invitation] = await listSentEmails({ to: amara, sesUrl: runtime.sesUrl });
    const link = applyLinkIn(invitation!);

    // Act
    const page = await fetch(link);
    const form = await page.text();
    const body = new URLSearchParams([
      [fieldNames.name, 'Amara Ọkáfọ̀'],
      [fieldNames.seeks, 'mentor'],
      [fieldNames.seeks, 'sponsor'],
      [fieldNames.seniority, 'early_career'],
      [fieldNames.goals, 'lead a team, speak up in meetings'],
      [fieldNames.timeZone, 'Africa/Lagos'],
      [fieldNames.programConsent, YES],
    ]);
    const sent = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
    const thanks = await sent.text();
    const applied = jsonOf<ParticipantPage>(
      await mentorflow(
        ['applicants', 'list', '--cohort', cohort.cohortId, '--status', 'applied', '--json'],
        coordinator,
      ),
    );

    // Assess
    expect(page.status).toBe(200);
    expect(form).toContain('<h1>Apply to Rise Together (e2e)</h1>');
    expect(sent.status).toBe(200);
    expect(thanks).toContain('<h1>Thank you for applying</h1>');
    expect(applied.participants).toHaveLength(1);
    expect(applied.participants[0]).toMatchObject({
      email: amara,
      status: 'applied',
      application: {
        name: 'Amara Ọkáfọ̀',
        seeks: ['mentor', 'sponsor'],
        goals: ['lead a team', 'speak up in meetings'],
      },
    });
  });

  it('reminds invitees on the reminder date, closes intake past the closing date, and sends the coordinator one summary', async () => {
    // Prepare
    const reminderAt =
      Date.parse(cohort.intakeClosesAt) - cohort.intakeReminderDaysBeforeClose * 24 * 3600_000;
    const pastReminder = new Date(reminderAt + 60_000).toISOString();
    const pastClose = new Date(Date.parse(cohort.intakeClosesAt) + 60_000).toISOString();

    // Act: the clock walks through the reminder date, then past the close.
    jsonOf(await mentorflow(['clock', 'jump', pastReminder, '--json'], coordinator));
    jsonOf(await mentorflow(['tick', '--json'], coordinator));
    jsonOf(await mentorflow(['clock', 'jump', pastClose, '--json'], coordinator));
    jsonOf(await mentorflow(['tick', '--json'], coordinator));
    const status = jsonOf<{ cohort: Cohort; counts: IntakeCounts }>(
      await mentorflow(['intake', 'status', '--cohort', cohort.cohortId, '--json'], coordinator),
    );
    const summaries = await listSentEmails({ to: coordinatorEmail, sesUrl: runtime.sesUrl });
    const reminders = await listSentEmails({ to: kenji, sesUrl: runtime.sesUrl });
    const late = await fetch(applyLinkIn(reminders[0]!));

    // Assess
    // Closed, and the matching job (on IntakeClosed) has already moved it on to matching.
    expect(status.cohort.state).toBe('matching');
    expect(status.counts.byStatus).toEqual({ invited: 2, applied: 1, approved: 0, declined: 0 });
    expect(summaries.map((email) => email.subject)).toEqual(['Intake closed for Spring e2e: 1 application']);
    // Kenji never applied: one invitation, then one reminder on the way to close.
    expect(reminders.map((email) => email.subject)).toEqual([
      'You are invited to apply to Rise Together (e2e)',
      'Applications for Spring e2e close soon',
    ]);
    expect(late.status).toBe(410);
    expect(await late.text()).toContain('Applications have closed');
  });

  it('refuses a token without the coordinators group (403) and a request without a token (401)', async () => {
    // Prepare
    const participantToken = runtime.issueToken({ sub: 'e2e-someone', email: uniqueAddress('someone') });
    const intakePath = `${runtime.apiUrl}/cohorts/${cohort.cohortId}/intake`;

    // Act
    const forbidden = await mentorflow(['intake', 'status', '--cohort', cohort.cohortId], {
      apiUrl: runtime.apiUrl,
      token: participantToken,
    });
    const withoutToken = await mentorflow(['intake', 'status', '--cohort', cohort.cohortId], {
      apiUrl: runtime.apiUrl,
    });
    const rawForbidden = await fetch(intakePath, {
      headers: { authorization: `Bearer ${participantToken}` },
    });
    const rawUnauthorized = await fetch(intakePath);

    // Assess
    expect(forbidden.code).toBe(1);
    expect(forbidden.stderr).toContain('HTTP 403');
    expect(withoutToken.code).toBe(1);
    expect(withoutToken.stderr).toContain('HTTP 401');
    expect(rawForbidden.status).toBe(403);
    expect(rawUnauthorized.status).toBe(401);
  });
});

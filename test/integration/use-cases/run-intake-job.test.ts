import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { awsDeps } from '#shared/adapters/aws-deps.ts';
import { DynamoCohortStore } from '#shared/adapters/dynamodb/cohort-store.ts';
import { DynamoParticipantStore } from '#shared/adapters/dynamodb/participant-store.ts';
import { ConflictError } from '#shared/domain/errors.ts';
import type { Participant } from '#shared/domain/participant.ts';
import { openApplication, submitApplication } from '#shared/use-cases/apply.ts';
import { importApplicants } from '#shared/use-cases/import-applicants.ts';
import { applyUrl } from '#shared/use-cases/participant-links.ts';
import { runIntakeJob } from '#shared/use-cases/run-intake-job.ts';
import { fixtureText } from '../../fixtures/load.ts';
import { useLocalRuntime } from '../../fixtures/runtime.ts';
import { cohortItems, depsAt, seedCohort, testDomain } from '../../fixtures/world.ts';
import { listSentEmails } from '../../support/aws-env.ts';

// The job runs here with a pinned clock; what it queues and publishes goes to the runtime's
// queue and bus, so emails really reach the SES emulator through the email-sender.
const local = useLocalRuntime();
const cohorts = new DynamoCohortStore();
const participants = new DynamoParticipantStore();
const NOW = new Date();

const INVITATION = 'You are invited to apply to Rising Together';
const REMINDER = 'Applications for Spring cohort close soon';
const SUMMARY = 'Intake closed for Spring cohort';

/** A cohort whose intake opens in two days, with three people imported today and due an invitation. */
async function cohortWithInvitees() {
  const domain = testDomain();
  const seeded = await seedCohort({ now: NOW, coordinatorEmail: `coordinator@${domain}` });
  await importApplicants(depsAt(NOW), {
    cohortId: seeded.cohort.cohortId,
    importId: `imp-${randomUUID()}`,
    csv: fixtureText('applicants/small.csv', { domain }),
    dryRun: false,
    allowPartial: false,
  });
  const people: Participant[] = [];
  for await (const person of participants.all(seeded.cohort.cohortId)) people.push(person);
  people.sort((a, b) => a.name.localeCompare(b.name));
  const dueAt = (kind: string) => seeded.milestones.find((m) => m.kind === kind)!.dueAt;
  return {
    ...seeded,
    people: people as [Participant, Participant, Participant],
    coordinatorEmail: `coordinator@${domain}`,
    opensAt: dueAt('intake-opens'),
    remindsAt: dueAt('intake-reminder'),
    closesAt: dueAt('intake-closes'),
  };
}

const minuteAfter = (iso: string) => new Date(Date.parse(iso) + 60_000);

/** Runs the job at `at` (`parallel` runs at once), then lets the runtime deliver what it queued. */
async function runAt(at: Date, parallel = 1) {
  const reports = await Promise.all(Array.from({ length: parallel }, () => runIntakeJob(depsAt(at))));
  await local.runtime.drain();
  return reports;
}

async function subjectsTo(address: string): Promise<string[]> {
  return (await listSentEmails({ to: address })).map((mail) => mail.subject).sort();
}

const eventsOf = (cohortId: string) =>
  local.runtime.bus.events.filter(
    (event) => (event.detail as { data?: { cohortId?: string } }).data?.cohortId === cohortId,
  );

async function applyAs(cohortId: string, participant: Participant, at: Date) {
  const cohort = (await cohorts.get(cohortId))!;
  const token = (await applyUrl(awsDeps, cohort, participant.participantId)).split('/').at(-1)!;
  const deps = depsAt(at);
  const context = await openApplication(deps, token);
  return submitApplication(deps, context, {
    name: participant.name,
    seeks: ['mentor'],
    offers: [],
    goals: [],
    skills: [],
    seniority: 'senior',
    hasInfluence: false,
    timeZone: 'UTC',
    answers: {},
    agreedToProgramConsent: true,
  });
}

describe('runIntakeJob', () => {
  it('does nothing for a cohort before its intake opens', async () => {
    // Prepare
    const world = await cohortWithInvitees();

    // Act
    await runAt(new Date(Date.parse(world.opensAt) - 60_000));

    // Assess
    expect((await cohorts.get(world.cohort.cohortId))?.state).toBe('draft');
    expect(await listSentEmails({ to: world.people[0].email })).toEqual([]);
  });

  it('opens intake on its date and invites each person exactly once, however often and concurrently it runs', async () => {
    // Prepare
    const world = await cohortWithInvitees();
    const at = minuteAfter(world.opensAt);

    // Act: two runs at once (a schedule and an event), then the next scheduled run.
    await runAt(at, 2);
    await runAt(new Date(at.getTime() + 5 * 60_000));

    // Assess
    expect(await cohorts.get(world.cohort.cohortId)).toMatchObject({ state: 'intake_open', version: 2 });
    for (const person of world.people) expect(await subjectsTo(person.email)).toEqual([INVITATION]);
    const [invitation] = await listSentEmails({ to: world.people[0].email });
    expect(invitation?.body.text).toMatch(/\/apply\/v1\.apply\./);
    expect(invitation?.headers).toContainEqual(expect.objectContaining({ name: 'List-Unsubscribe' }));
    expect(eventsOf(world.cohort.cohortId).map((event) => event['detail-type'])).toContain('IntakeOpened');
    const items = await cohortItems(world.cohort.cohortId);
    expect(items.filter((item) => item.type === 'participant' && 'dueJob' in item)).toEqual([]);
  });

  it('reminds once, and only the invitees who have not applied', async () => {
    // Prepare
    const world = await cohortWithInvitees();
    await runAt(minuteAfter(world.opensAt));
    await applyAs(world.cohort.cohortId, world.people[0], minuteAfter(world.opensAt));

    // Act
    await runAt(minuteAfter(world.remindsAt), 2);
    await runAt(new Date(Date.parse(world.remindsAt) + 10 * 60_000));

    // Assess
    expect(await subjectsTo(world.people[0].email)).toEqual([INVITATION]);
    expect(await subjectsTo(world.people[1].email)).toEqual([REMINDER, INVITATION].sort());
    expect(await subjectsTo(world.people[2].email)).toEqual([REMINDER, INVITATION].sort());
  });

  it('closes intake, publishes IntakeClosed and emails the coordinator a summary of counts without names', async () => {
    // Prepare: one of three applies.
    const world = await cohortWithInvitees();
    await runAt(minuteAfter(world.opensAt));
    await applyAs(world.cohort.cohortId, world.people[0], minuteAfter(world.opensAt));

    // Act: closing day, and a run after it.
    await runAt(minuteAfter(world.closesAt));
    await runAt(new Date(Date.parse(world.closesAt) + 10 * 60_000));

    // Assess
    // Closed, and the matching job (on IntakeClosed) has already moved it on to matching.
    expect((await cohorts.get(world.cohort.cohortId))?.state).toBe('matching');
    const closed = eventsOf(world.cohort.cohortId).filter((event) => event['detail-type'] === 'IntakeClosed');
    expect(closed).toHaveLength(1);
    expect(closed[0]?.detail).toMatchObject({ data: { applications: 1, invitedWithoutApplication: 2 } });
    const summaries = await listSentEmails({ to: world.coordinatorEmail });
    expect(summaries.map((mail) => mail.subject)).toEqual([`${SUMMARY}: 1 application`]);
    const { html = '', text = '' } = summaries[0]!.body;
    expect(text).toContain('1 application in all');
    expect(text).toContain('2 people invited who did not apply');
    for (const person of world.people) {
      for (const part of [html, text, summaries[0]!.subject]) {
        expect(part).not.toContain(person.name);
        expect(part).not.toContain(person.email);
      }
    }
  });

  it('catches up in order when runs were missed: opens, invites and reminds in one run before the close', async () => {
    // Prepare
    const world = await cohortWithInvitees();

    // Act: the first run comes after the reminder date, while intake is still open.
    await runAt(minuteAfter(world.remindsAt));

    // Assess
    expect((await cohorts.get(world.cohort.cohortId))?.state).toBe('intake_open');
    for (const person of world.people)
      expect(await subjectsTo(person.email)).toEqual([REMINDER, INVITATION].sort());
    const milestones = (await cohortItems(world.cohort.cohortId)).filter((item) => item.type === 'milestone');
    expect(milestones.filter((m) => m.doneAt).map((m) => m.sk)).toEqual([
      'MILESTONE#intake-opens',
      'MILESTONE#intake-reminder',
    ]);
  });

  it('catching up after the closing date opens and closes, but invites nobody to a closed form', async () => {
    // Prepare
    const world = await cohortWithInvitees();

    // Act: the first run after the whole intake window.
    await runAt(new Date(Date.parse(world.closesAt) + 3600_000));

    // Assess
    // Closed, and the matching job (on IntakeClosed) has already moved it on to matching.
    expect((await cohorts.get(world.cohort.cohortId))?.state).toBe('matching');
    const types = eventsOf(world.cohort.cohortId).map((event) => event['detail-type']);
    expect(types.indexOf('IntakeOpened')).toBeGreaterThan(-1);
    expect(types.indexOf('IntakeOpened')).toBeLessThan(types.indexOf('IntakeClosed'));
    for (const person of world.people) expect(await subjectsTo(person.email)).toEqual([]);
    expect((await listSentEmails({ to: world.coordinatorEmail })).map((m) => m.subject)).toEqual([
      `${SUMMARY}: 0 applications`,
    ]);
    const items = await cohortItems(world.cohort.cohortId);
    // The intake job's own milestones are done; the program's later ones belong to other jobs.
    const intakes = items.filter((i) => i.type === 'milestone' && String(i.kind).startsWith('intake-'));
    expect(intakes.map((m) => m.kind).sort()).toEqual(['intake-closes', 'intake-opens', 'intake-reminder']);
    for (const item of [...intakes, ...items.filter((i) => i.type === 'participant')]) {
      expect(item).not.toHaveProperty('dueJob');
    }
    expect(intakes.every((m) => typeof m.doneAt === 'string')).toBe(true);
  });

  it('refuses an application once intake has closed, and leaves the person as they were', async () => {
    // Prepare
    const world = await cohortWithInvitees();
    await runAt(minuteAfter(world.closesAt));
    const before = await participants.get(world.cohort.cohortId, world.people[1].participantId);

    // Act
    const attempt = applyAs(
      world.cohort.cohortId,
      world.people[1],
      new Date(Date.parse(world.closesAt) + 3600_000),
    );

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toThrow('Intake has closed.');
    expect(await participants.get(world.cohort.cohortId, world.people[1].participantId)).toEqual(before);
  });

  it('through the runtime: a clock jump past the window and one tick close the intake and report it', async () => {
    // Prepare
    const world = await cohortWithInvitees();

    // Act
    local.runtime.clock.jumpTo(new Date(Date.parse(world.closesAt) + 3600_000));
    try {
      const tick = await local.runtime.tick();

      // Assess
      expect(tick.fired).toContain('intake-job');
      expect(local.runtime.failedInvocations).toEqual([]);
    } finally {
      local.runtime.clock.jumpTo(new Date());
    }
    // Closed, and the matching job (on IntakeClosed) has already moved it on to matching.
    expect((await cohorts.get(world.cohort.cohortId))?.state).toBe('matching');
    for (const person of world.people) expect(await subjectsTo(person.email)).toEqual([]);
    expect(await listSentEmails({ to: world.coordinatorEmail })).toHaveLength(1);
  });
});

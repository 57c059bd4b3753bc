import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DynamoCohortStore } from '#shared/adapters/dynamodb/cohort-store.ts';
import { DynamoDueWork } from '#shared/adapters/dynamodb/due-work.ts';
import { DynamoParticipantStore } from '#shared/adapters/dynamodb/participant-store.ts';
import type { Cohort } from '#shared/domain/cohort.ts';
import { planIntakeMilestones } from '#shared/domain/milestone.ts';
import type { Participant } from '#shared/domain/participant.ts';
import type { DueItem } from '#shared/ports/due-work.ts';
import { testDomain } from '../../fixtures/world.ts';
import { useTestTable } from '../../support/aws-env.ts';

useTestTable();
const cohorts = new DynamoCohortStore();
const participants = new DynamoParticipantStore();
const dueWork = new DynamoDueWork();

/** A cohort whose intake opens 2030-03-01, reminds 2030-03-11 and closes 2030-03-14. */
async function aCohort(): Promise<Cohort> {
  const cohort: Cohort = {
    cohortId: `coh_${randomUUID()}`,
    programId: 'prg_test',
    name: 'Spring cohort',
    state: 'draft',
    timeZone: 'UTC',
    intakeOpensAt: '2030-03-01T00:00:00.000Z',
    intakeClosesAt: '2030-03-14T23:59:59.000Z',
    programStartsAt: '2030-03-21T00:00:00.000Z',
    programEndsAt: '2030-06-30T23:59:59.000Z',
    checkInEveryDays: 14,
    intakeReminderDaysBeforeClose: 3,
    openApplication: false,
    createdAt: '2030-02-01T00:00:00.000Z',
    version: 1,
  };
  await cohorts.create(cohort, planIntakeMilestones(cohort));
  return cohort;
}

function anInvitee(cohort: Cohort): Participant {
  const email = `${randomUUID()}@${testDomain()}`;
  return {
    participantId: `ppl_${randomUUID()}`,
    cohortId: cohort.cohortId,
    programId: cohort.programId,
    email,
    emailNormalised: email,
    name: 'Ana Lima',
    status: 'invited',
    source: 'import',
    invitedAt: '2030-02-01T00:00:00.000Z',
    prefill: {},
    version: 1,
  };
}

/** What is due for this cohort by `now`; other tests' cohorts share the index. */
async function dueFor(cohortId: string, now: string): Promise<DueItem[]> {
  const items: DueItem[] = [];
  for await (const item of dueWork.due('intake', new Date(now))) {
    const owner = item.type === 'milestone' ? item.milestone.cohortId : item.participant.cohortId;
    if (owner === cohortId) items.push(item);
  }
  return items;
}

const describeItem = (item: DueItem) =>
  item.type === 'milestone'
    ? `${item.dueAt} ${item.milestone.kind}`
    : `${item.dueAt} invitation ${item.participant.participantId}`;

describe('DynamoDueWork', () => {
  it('yields only what is due by now, oldest first, milestones and invitations alike', async () => {
    // Prepare
    const cohort = await aCohort();
    const early = anInvitee(cohort);
    const late = anInvitee(cohort);
    await participants.add([late], '2030-03-05T00:00:00.000Z');
    await participants.add([early], '2030-03-01T08:00:00.000Z');

    // Act
    const beforeOpening = await dueFor(cohort.cohortId, '2030-02-28T23:59:59.000Z');
    const midIntake = await dueFor(cohort.cohortId, '2030-03-12T00:00:00.000Z');

    // Assess
    expect(beforeOpening).toEqual([]);
    expect(midIntake.map(describeItem)).toEqual([
      '2030-03-01T00:00:00.000Z intake-opens',
      `2030-03-01T08:00:00.000Z invitation ${early.participantId}`,
      `2030-03-05T00:00:00.000Z invitation ${late.participantId}`,
      '2030-03-11T23:59:59.000Z intake-reminder',
    ]);
    const invitation = midIntake[1] as Extract<DueItem, { type: 'invitation' }>;
    expect(invitation.participant).toEqual(early);
    expect(midIntake[0]).toMatchObject({
      type: 'milestone',
      milestone: { cohortId: cohort.cohortId, kind: 'intake-opens' },
    });
  });

  it('counts an item due exactly now as due', async () => {
    const cohort = await aCohort();

    const due = await dueFor(cohort.cohortId, cohort.intakeOpensAt);

    expect(due.map(describeItem)).toEqual([`${cohort.intakeOpensAt} intake-opens`]);
  });

  it('forgets what was cleared: a done milestone and a sent invitation', async () => {
    // Prepare
    const cohort = await aCohort();
    const invitee = anInvitee(cohort);
    await participants.add([invitee], cohort.intakeOpensAt);
    const [opens] = planIntakeMilestones(cohort);

    // Act
    await cohorts.markMilestoneDone(opens!, new Date('2030-03-01T00:01:00Z'));
    await participants.clearInvitationDue(invitee, cohort.intakeOpensAt);

    // Assess
    expect((await dueFor(cohort.cohortId, '2030-03-20T00:00:00.000Z')).map(describeItem)).toEqual([
      '2030-03-11T23:59:59.000Z intake-reminder',
      '2030-03-14T23:59:59.000Z intake-closes',
    ]);
  });
});

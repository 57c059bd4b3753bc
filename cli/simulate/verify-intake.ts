import type { Cohort } from '#shared/domain/cohort.ts';
import type { IntakeCounts } from '#shared/domain/intake-counts.ts';
import type { Participant } from '#shared/domain/participant.ts';
import type { ParticipantPage } from '#shared/ports/participant-store.ts';
import { type ApiClient, apiPath } from '../api-client.ts';
import type { Checks } from './checks.ts';
import { type EmailKind, emailKind, mailByRecipient, readInbox } from './inbox.ts';
import type { IntakeRun } from './intake-stage.ts';
import type { SimulatedPerson } from './people.ts';
import { QUESTION_IDS } from './simulated-program.ts';

interface IntakeStages {
  invited: number;
  applied: number;
  appliedAfterReminder: number;
  notApplied: number;
  cohortState: Cohort['state'];
}

export interface IntakeFindings {
  stages: IntakeStages;
  emailsByKind: Record<string, number>;
  duplicates: { applications: number; invitations: number };
}

/**
 * What happened, read back the way a coordinator and the people would see it: the API's
 * applications and intake counts, and the inbox. The stage counts come from what was stored and
 * sent, not from what the simulation meant to do; the checks compare the two. Only this run's
 * cohort and this run's addresses are counted, so a table or inbox holding earlier runs does
 * not change the numbers.
 */
export async function verifyIntake(
  input: {
    client: ApiClient;
    sesUrl: string;
    run: IntakeRun;
    people: readonly SimulatedPerson[];
    coordinatorEmail: string;
  },
  checks: Checks,
): Promise<IntakeFindings> {
  const { client, run, people } = input;
  const cohortId = run.cohort.cohortId;
  const participants = await allParticipants(client, cohortId);
  const intake = await client.get<{ cohort: Cohort; counts: IntakeCounts }>(
    apiPath`/cohorts/${cohortId}/intake`,
  );

  // Stored once: one participant per address, and each simulated person found exactly once.
  const byAddress = new Map<string, Participant[]>();
  for (const participant of participants) {
    const same = byAddress.get(participant.emailNormalised) ?? [];
    same.push(participant);
    byAddress.set(participant.emailNormalised, same);
  }
  const duplicateApplications = participants.length - byAddress.size;
  const missing = people.filter((person) => (byAddress.get(person.email.toLowerCase())?.length ?? 0) !== 1);
  checks.check(
    'every simulated person stored once',
    participants.length === people.length && duplicateApplications === 0 && missing.length === 0,
    `${participants.length} stored for ${people.length} people; ${duplicateApplications} duplicates; ` +
      `${missing.length} not found exactly once`,
  );

  const wrong: string[] = [];
  for (const person of people) {
    const stored = byAddress.get(person.email.toLowerCase())?.[0];
    if (stored) wrong.push(...compareApplication(person, stored, run));
  }
  checks.check(
    'stored applications match what people sent',
    wrong.length === 0,
    wrong.length === 0 ? `${run.applied.size} applications as sent` : wrong.slice(0, 5).join('; '),
  );

  const applied = participants.filter((p) => p.status === 'applied' || p.status === 'approved');
  const notApplied = participants.filter((p) => p.status === 'invited');
  const remindedAt = run.remindedAt ? Date.parse(run.remindedAt) : undefined;
  const afterReminder = applied.filter(
    (p) => remindedAt !== undefined && p.application && Date.parse(p.application.submittedAt) >= remindedAt,
  );
  // Closing intake publishes `IntakeClosed`, on which the matching job proposes matches at once.
  const expectedState = run.closedAt ? 'matching' : 'intake_open';
  checks.check(
    `cohort is ${expectedState}`,
    intake.cohort.state === expectedState,
    `the API says ${intake.cohort.state}`,
  );
  checks.check(
    'intake counts agree with the applications',
    intake.counts.byStatus.applied + intake.counts.byStatus.approved === applied.length &&
      intake.counts.byStatus.invited === notApplied.length,
    `intake status: ${JSON.stringify(intake.counts.byStatus)}`,
  );

  // The inbox: this run's recipients only.
  const coordinator = input.coordinatorEmail.toLowerCase();
  const mail = mailByRecipient(await readInbox(input.sesUrl), [...people.map((p) => p.email), coordinator]);
  const emailsByKind: Record<string, number> = { invitation: 0, 'intake-reminder': 0, 'intake-summary': 0 };
  for (const emails of mail.values()) {
    for (const email of emails) {
      const kind = emailKind(email);
      emailsByKind[kind] = (emailsByKind[kind] ?? 0) + 1;
    }
  }
  const countOf = (person: SimulatedPerson, kind: EmailKind) =>
    (mail.get(person.email.toLowerCase()) ?? []).filter((email) => emailKind(email) === kind).length;

  const invitations = people.map((person) => countOf(person, 'invitation'));
  const duplicateInvitations = invitations.reduce((sum, count) => sum + Math.max(0, count - 1), 0);
  checks.check(
    'every invitee got exactly one invitation',
    invitations.every((count) => count === 1),
    `${invitations.filter((count) => count === 1).length} of ${people.length} got one; ` +
      `${invitations.filter((count) => count === 0).length} none; ${duplicateInvitations} extra`,
  );

  const reminders = people.map((person) => ({ person, count: countOf(person, 'intake-reminder') }));
  const wrongReminders = reminders.filter(
    ({ person, count }) => count !== (run.awaitingReminder.has(person.index) ? 1 : 0),
  );
  checks.check(
    run.remindedAt
      ? 'exactly those who had not applied got one reminder'
      : 'no reminder before the clock reached it',
    wrongReminders.length === 0,
    `${reminders.filter(({ count }) => count > 0).length} reminded, ${run.awaitingReminder.size} expected; ` +
      `${wrongReminders.length} people with the wrong number`,
  );

  const summaries = (mail.get(coordinator) ?? []).filter((email) => emailKind(email) === 'intake-summary');
  const expectedSummaries = run.closedAt ? 1 : 0;
  const namesCount = summaries.every((email) => email.subject.includes(`: ${applied.length} application`));
  checks.check(
    run.closedAt ? 'the coordinator got one intake summary' : 'no intake summary before close',
    summaries.length === expectedSummaries && namesCount,
    `${summaries.length} summaries${summaries[0] ? ` ("${summaries[0].subject}")` : ''}`,
  );

  const strays = Object.entries(emailsByKind).filter(
    ([kind, count]) => count > 0 && !['invitation', 'intake-reminder', 'intake-summary'].includes(kind),
  );
  checks.check(
    'no email of an unexpected kind',
    strays.length === 0,
    strays.length === 0
      ? 'only invitations, reminders and the summary'
      : JSON.stringify(Object.fromEntries(strays)),
  );

  return {
    stages: {
      invited: invitations.filter((count) => count > 0).length,
      applied: applied.length,
      appliedAfterReminder: afterReminder.length,
      notApplied: notApplied.length,
      cohortState: intake.cohort.state,
    },
    emailsByKind,
    duplicates: { applications: duplicateApplications, invitations: duplicateInvitations },
  };
}

async function allParticipants(client: ApiClient, cohortId: string): Promise<Participant[]> {
  const participants: Participant[] = [];
  let cursor: string | undefined;
  do {
    const page: ParticipantPage = await client.get<ParticipantPage>(
      apiPath`/cohorts/${cohortId}/applications`,
      {
        query: { limit: 500, cursor },
      },
    );
    participants.push(...page.participants);
    cursor = page.nextCursor;
  } while (cursor);
  return participants;
}

/** What is wrong between what the person sent (or did not) and what the API stored. */
function compareApplication(person: SimulatedPerson, stored: Participant, run: IntakeRun): string[] {
  const said = (text: string) => `person ${person.index}: ${text}`;
  const expectApplied = run.applied.has(person.index);
  if (!expectApplied) {
    return stored.status === 'invited' && !stored.application
      ? []
      : [said(`did not apply but is stored as ${stored.status}`)];
  }
  const application = stored.application;
  if (stored.status !== 'applied' || !application) return [said(`applied but is stored as ${stored.status}`)];
  const { answers } = person;
  const problems: string[] = [];
  const same = (what: string, got: unknown, want: unknown) => {
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      problems.push(said(`${what} is ${JSON.stringify(got)}, sent ${JSON.stringify(want)}`));
    }
  };
  same('name', application.name, answers.name);
  same('seeks', application.seeks, answers.seeks);
  same('offers', application.offers, answers.offers);
  same('seniority', application.seniority, answers.seniority);
  same('time zone', application.timeZone, answers.timeZone);
  same('goals', application.goals, answers.goals);
  same('hope', application.answers[QUESTION_IDS.hope], answers.hope);
  same('identity kept', application.identity !== undefined, answers.identity !== undefined);
  if (answers.identity && application.identity) {
    same('identity for matching', application.identity.useForMatching, answers.identity.useForMatching);
    same('identity fields', sortedKeys(application.identity.fields), sortedKeys(answers.identity.fields));
  }
  const lateByPlan = person.behaviour === 'after-reminder';
  const late = run.appliedAfterReminder.has(person.index);
  if (late !== lateByPlan && run.remindedAt) problems.push(said('applied at the wrong stage'));
  return problems;
}

/** The same fields in any order compare equal once their keys are sorted. */
function sortedKeys(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { config } from '#shared/adapters/config.ts';
import { documentClient } from '#shared/adapters/dynamodb/client.ts';
import { DynamoCohortStore } from '#shared/adapters/dynamodb/cohort-store.ts';
import { keys } from '#shared/adapters/dynamodb/keys.ts';
import { DynamoSurveyStore } from '#shared/adapters/dynamodb/survey-store.ts';
import { SurveyClosedError, type SurveyRequest } from '#shared/domain/survey-request.ts';
import type { CohortReport } from '#shared/domain/surveys/report.ts';
import { openSurvey, saveSurveyAnswers } from '#shared/use-cases/answer-survey.ts';
import { cohortReport } from '#shared/use-cases/cohort-report.ts';
import { runSurveysJob } from '#shared/use-cases/run-surveys-job.ts';
import { useLocalRuntime } from '../../fixtures/runtime.ts';
import { at, DAY, MINUTE, matchedCohort, surveyToken } from '../../fixtures/surveys.ts';
import { cohortItems, depsAt } from '../../fixtures/world.ts';
import { listSentEmails } from '../../support/aws-env.ts';

// The job runs here with a pinned clock (weeks ahead of the runtime's own clock, so the runtime's
// copy of the job, woken by `SurveyRequested`, finds nothing due); what it queues goes through the
// runtime's queue and the email-sender to the SES emulator.
const local = useLocalRuntime();
const surveys = new DynamoSurveyStore();
const cohorts = new DynamoCohortStore();
const NOW = new Date();

async function runTwiceAt(when: Date) {
  const reports = [await runSurveysJob(depsAt(when)), await runSurveysJob(depsAt(when))] as const;
  await local.runtime.drain();
  return reports;
}

async function mailTo(domain: string, subject: (s: string) => boolean) {
  return (await listSentEmails({ to: `@${domain}` })).filter((mail) => subject(mail.subject));
}

const recipientsOf = (mails: { destination: { to: string[] } }[]) =>
  mails.flatMap((m) => m.destination.to).sort();

async function answer(
  request: SurveyRequest,
  participantId: string,
  when: Date,
  answers: Record<string, number | string>,
  intent: 'save' | 'submit',
) {
  const deps = depsAt(when);
  const context = await openSurvey(deps, await surveyToken(request, participantId));
  return saveSurveyAnswers(deps, context, answers, intent);
}

describe('surveys job', () => {
  it('sends the baseline once per person, then reminds only those who have not submitted, once per day', async () => {
    // Prepare
    const world = await matchedCohort(NOW);
    const sendAt = at(world.baselineAt, MINUTE);

    // Act: every run happens twice.
    const [first, second] = await runTwiceAt(sendAt);
    const [request] = await surveys.requestsOf(world.cohortId);
    await answer(
      request!,
      world.id('ana'),
      at(sendAt.toISOString(), MINUTE),
      { confidence: 4, belonging: 5 },
      'submit',
    );
    await answer(request!, world.id('ben'), at(sendAt.toISOString(), MINUTE), { confidence: 2 }, 'save');
    const [firstReminder] = await runTwiceAt(at(request!.sendAt, 7 * DAY + MINUTE));
    const [secondReminder] = await runTwiceAt(at(request!.sendAt, 14 * DAY + MINUTE));

    // Assess
    expect(first).toMatchObject({ requested: 1, sent: 7 });
    expect(second).toMatchObject({ requested: 0, sent: 0, reminded: 0 });
    expect(firstReminder).toMatchObject({ reminded: 6 });
    expect(secondReminder).toMatchObject({ reminded: 6 });
    expect(request).toMatchObject({
      surveyId: 'intake-baseline',
      state: 'open',
      invited: 7,
      trigger: 'milestone',
    });
    const invitations = await mailTo(world.domain, (s) => s.startsWith('Where you are starting from'));
    expect(recipientsOf(invitations)).toEqual(world.people.map((key) => `${key}@${world.domain}`).sort());
    const reminders = await mailTo(world.domain, (s) => s.startsWith('Reminder: '));
    const notAna = world.people.filter((key) => key !== 'ana').map((key) => `${key}@${world.domain}`);
    expect(recipientsOf(reminders)).toEqual([...notAna, ...notAna].sort());
    // The first question is in the email: one link per point of the scale, each to the person's own page.
    const anaMail = invitations.find((m) => m.destination.to[0] === `ana@${world.domain}`)!;
    const token = await surveyToken(request!, world.id('ana'));
    for (const value of [1, 2, 3, 4, 5])
      expect(anaMail.body.html).toContain(`/survey/${token}?answer=${value}`);
    expect(anaMail.body.text).toContain('I feel confident going after the next step in my career.');
    const stored = await surveys.getRequest(request!.requestId);
    expect(stored).toMatchObject({ state: 'open', remindersDone: [7, 14] });
  });

  it('sends the baseline as soon as matches are approved, before the program starts, and once however often the event comes', async () => {
    // Prepare
    const world = await matchedCohort(NOW);

    // Act: `MatchesApproved` delivered twice.
    await runSurveysJob(depsAt(NOW), { matchesApprovedIn: world.cohortId });
    await runSurveysJob(depsAt(NOW), { matchesApprovedIn: world.cohortId });
    await local.runtime.drain();

    // Assess
    const requests = await surveys.requestsOf(world.cohortId);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ surveyId: 'intake-baseline', state: 'open', invited: 7 });
    expect(Date.parse(requests[0]!.sentAt!)).toBeLessThan(Date.parse(world.baselineAt));
    const invitations = await mailTo(world.domain, (s) => s.startsWith('Where you are starting from'));
    expect(recipientsOf(invitations)).toEqual(world.people.map((key) => `${key}@${world.domain}`).sort());
    // The milestone at the program's start finds the same request and sends nothing more.
    await runTwiceAt(at(world.baselineAt, MINUTE));
    expect(await surveys.requestsOf(world.cohortId)).toHaveLength(1);
    expect(await mailTo(world.domain, (s) => s.startsWith('Where you are starting from'))).toHaveLength(7);
  });

  it('catches up after missed runs with one reminder, not one per missed day', async () => {
    // Prepare
    const world = await matchedCohort(NOW);
    await runTwiceAt(at(world.baselineAt, MINUTE));
    const [request] = await surveys.requestsOf(world.cohortId);

    // Act: nothing ran on day 7.
    const [late] = await runTwiceAt(at(request!.sendAt, 15 * DAY));

    // Assess
    expect(late).toMatchObject({ reminded: 7 });
    const reminders = await mailTo(world.domain, (s) => s.startsWith('Reminder: '));
    expect(reminders).toHaveLength(7);
    expect(await surveys.getRequest(request!.requestId)).toMatchObject({ remindersDone: [7, 14] });
  });

  it('moves the cohort to surveying at the end, and closes it when the end survey closes: report kept, personal data expiring', async () => {
    // Prepare: a run that catches up on the whole program at its end.
    const world = await matchedCohort(NOW);
    const [caughtUp] = await runTwiceAt(at(world.endAt, MINUTE));
    const requests = await surveys.requestsOf(world.cohortId);
    const end = requests.find((r) => r.surveyId === 'end-of-program')!;
    const surveying = await cohorts.get(world.cohortId);
    const answering = ['ana', 'ben', 'chen', 'maya', 'noor'];
    for (const key of answering) {
      await answer(
        end,
        world.id(key),
        at(end.sendAt, DAY),
        { recommend: 9, confidence: 4, belonging: 4 },
        'submit',
      );
    }

    // Act
    const closeAt = at(end.closesAt, MINUTE);
    const [closing, again] = await runTwiceAt(closeAt);
    const late = await answer(
      end,
      world.id('omar'),
      at(end.closesAt, 2 * MINUTE),
      { recommend: 3 },
      'submit',
    ).catch((error: unknown) => error);

    // Assess
    // The job is global: other tests' cohorts in this table fall due at the same dates.
    expect(caughtUp.requested).toBeGreaterThanOrEqual(3);
    for (const title of ['Where you are starting from', 'Halfway: how is it going?', 'What changed']) {
      expect(await mailTo(world.domain, (s) => s.startsWith(title))).toHaveLength(7);
    }
    expect(requests.map((r) => r.surveyId).sort()).toEqual(['end-of-program', 'intake-baseline', 'midpoint']);
    expect(surveying?.state).toBe('surveying');
    expect(closing.cohortsClosed).toBeGreaterThanOrEqual(1);
    expect(again).toMatchObject({ cohortsClosed: 0, closed: 0 });
    expect((await cohorts.get(world.cohortId))?.state).toBe('closed');
    const closedEvents = local.runtime.bus.events.filter(
      (e) =>
        e['detail-type'] === 'CohortClosed' &&
        (e.detail as { data?: { cohortId?: string } }).data?.cohortId === world.cohortId,
    );
    expect(
      new Set(closedEvents.map((e) => (e.detail as { metadata: { eventId: string } }).metadata.eventId)).size,
    ).toBe(1);
    expect((await surveys.requestsOf(world.cohortId)).map((r) => r.state)).toEqual([
      'closed',
      'closed',
      'closed',
    ]);
    expect(late).toBeInstanceOf(SurveyClosedError);
    // The job did not run while the end survey was open: reminders that fell due meanwhile are not sent after it closed.
    const endReminders = await mailTo(world.domain, (s) => s.startsWith('Reminder: What changed'));
    expect(endReminders).toHaveLength(0);
    const report = (await cohortReport(depsAt(closeAt), world.cohortId)) as Extract<
      CohortReport,
      { suppressed: false }
    >;
    expect(report.suppressed).toBe(false);
    expect(report.respondents).toBe(5);
    expect(JSON.stringify(report)).not.toContain(world.id('ana'));
    const retentionEnds = Math.floor((closeAt.getTime() + 365 * DAY) / 1000);
    // Everything about people expires (participants, addresses, matches, notices...); the cohort,
    // its dates, the anonymous report and round counts stay.
    const anonymous = ['cohort', 'milestone', 'cohort-report', 'survey-request-of-cohort'];
    const items = await cohortItems(world.cohortId);
    const personal = items.filter(
      (i) => !anonymous.includes(String(i.type)) && !String(i.type).startsWith('check-in-'),
    );
    expect(new Set(personal.map((i) => i.type))).toEqual(new Set(['participant', 'email-claim', 'match']));
    for (const item of personal) expect(item.expiresAt).toBe(retentionEnds);
    for (const item of items.filter((i) => !personal.includes(i))) expect(item.expiresAt).toBeUndefined();
    const responses = await documentClient().send(
      new QueryCommand({
        TableName: config.tableName(),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.surveyRequest(end.requestId).pk },
      }),
    );
    const stored = (responses.Items ?? []).filter((i) => i.type === 'survey-response');
    expect(stored).toHaveLength(5);
    for (const item of stored) expect(item.expiresAt).toBe(retentionEnds);
    expect((await cohortItems(world.cohortId)).some((i) => i.type === 'cohort-report')).toBe(true);
  });
});

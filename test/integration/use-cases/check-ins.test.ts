import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { handler } from '#functions/check-ins-job/handler.ts';
import { awsDeps } from '#shared/adapters/aws-deps.ts';
import { DynamoCheckInStore } from '#shared/adapters/dynamodb/check-in-store.ts';
import { DynamoCohortStore } from '#shared/adapters/dynamodb/cohort-store.ts';
import { DynamoMatchStore } from '#shared/adapters/dynamodb/match-store.ts';
import { DynamoParticipantStore } from '#shared/adapters/dynamodb/participant-store.ts';
import { DynamoProgramStore } from '#shared/adapters/dynamodb/program-store.ts';
import { DynamoSuppressionList } from '#shared/adapters/dynamodb/suppression-list.ts';
import type { RoundState } from '#shared/domain/check-ins/check-in.ts';
import type { CheckInRef } from '#shared/domain/check-ins/check-in-ref.ts';
import type { LaunchCohortInput } from '#shared/domain/cohort.ts';
import { cohortMatchingInput } from '#shared/domain/matching/cohort-input.ts';
import { MailThrottledError } from '#shared/ports/mailer.ts';
import type { StoredMatch } from '#shared/ports/match-store.ts';
import { checkInJob } from '#shared/use-cases/check-in-emails.ts';
import { viewCheckInHealth } from '#shared/use-cases/check-in-health.ts';
import type { Deps } from '#shared/use-cases/deps.ts';
import { checkInUrl, unsubscribeUrl } from '#shared/use-cases/participant-links.ts';
import { proposeMatches } from '#shared/use-cases/propose-matches.ts';
import { approveMatches } from '#shared/use-cases/review-matches.ts';
import { type CheckInsJobReport, runCheckInsJob } from '#shared/use-cases/run-check-ins-job.ts';
import { sendEmail } from '#shared/use-cases/send-email.ts';
import { cohortWithApplicants, MENTORING } from '../../fixtures/matching.ts';
import { useLocalRuntime } from '../../fixtures/runtime.ts';
import { depsAt } from '../../fixtures/world.ts';
import { listSentEmails, type SentEmail } from '../../support/aws-env.ts';
import { eventBridgeEvent, lambdaContext } from '../../support/handler-events.ts';

// The job runs here with a pinned clock; what it queues goes through the runtime's queue and
// email-sender to the SES emulator, and the pages are served by the runtime's HTTP API.
const local = useLocalRuntime();
const store = new DynamoCheckInStore();
const cohorts = new DynamoCohortStore();
const matchStore = new DynamoMatchStore();
const participants = new DynamoParticipantStore();
const MINUTE = 60_000;
const DAY = 24 * 3600_000;
const NOW = new Date();

/** A cohort of three mentoring pairs, approved, with its check-ins started at the program start. */
async function runningCohort(checkIns?: LaunchCohortInput['checkIns']) {
  const world = await cohortWithApplicants(MENTORING, {
    now: NOW,
    ...(checkIns ? { cohort: { checkIns } } : {}),
  });
  await proposeMatches(depsAt(NOW), world.cohortId);
  await approveMatches(depsAt(NOW), world.cohortId);
  await local.runtime.drain();
  const cohort = (await cohorts.get(world.cohortId))!;
  await runCheckInsJob(depsAt(new Date(Date.parse(cohort.programStartsAt) + MINUTE)));
  const rounds = await store.rounds(world.cohortId);
  const matches = (await matchStore.matchesOf(world.cohortId, cohort.matchingRun!.runId)).filter(
    (m): m is StoredMatch & { supporterId: string } => m.status === 'matched' && m.supporterId !== undefined,
  );
  const program = (await new DynamoProgramStore().get(cohort.programId))!;
  return { world, rounds, matches, coordinator: program.coordinatorEmails[0]! };
}

const depsAfter = (iso: string, ms = MINUTE) => depsAt(new Date(Date.parse(iso) + ms));

async function mailTo(domain: string, subject: RegExp): Promise<SentEmail[]> {
  return (await listSentEmails({ to: domain })).filter((mail) => subject.test(mail.subject));
}

const recipients = (mails: SentEmail[]) => mails.flatMap((m) => m.destination.to).sort();

/**
 * Calls through to `target`, but the `nth` call of `method` throws `error` instead (counting only
 * the calls `when` picks: the table holds other tests' cohorts, which the job serves too).
 */
function failingOn<T extends object>(
  target: T,
  method: keyof T,
  nth: number,
  error: () => Error,
  when: (...args: unknown[]) => boolean = () => true,
): T {
  let calls = 0;
  return new Proxy(target, {
    get(object, property) {
      const value = Reflect.get(object, property, object);
      if (typeof value !== 'function') return value;
      if (property !== method) return value.bind(object);
      return (...args: unknown[]) => {
        if (when(...args)) {
          calls += 1;
          if (calls === nth) throw error();
        }
        return value.apply(object, args);
      };
    },
  });
}

function linkIn(mail: SentEmail): string {
  const url = /(http\S+\/check-in\/[A-Za-z0-9._-]+)/.exec(mail.body.text ?? '')?.[1];
  if (!url) throw new Error(`no check-in link in "${mail.subject}"`);
  return url;
}

const post = (url: string, form: Record<string, string>) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });

const refOf = (
  cohortId: string,
  round: RoundState,
  match: StoredMatch & { supporterId: string },
): CheckInRef => ({
  cohortId,
  round: round.round,
  seekerId: match.seekerId,
  role: match.role,
  supporterId: match.supporterId,
});

describe('check-ins', () => {
  it('moves the cohort to running at the program start and plans rounds every 14 days until the end', async () => {
    // Prepare / Act
    const { world, rounds } = await runningCohort();

    // Assess
    const cohort = (await cohorts.get(world.cohortId))!;
    expect(cohort.state).toBe('running');
    expect(rounds.length).toBeGreaterThanOrEqual(6);
    expect(rounds[0]).toMatchObject({ round: 1, fitCheck: true, step: 'open' });
    expect(Date.parse(rounds[0]!.opensAt) - Date.parse(cohort.programStartsAt)).toBe(14 * DAY);
    expect(rounds.every((r) => r.closesAt <= cohort.programEndsAt)).toBe(true);
    expect(
      (await cohorts.milestones(world.cohortId)).find((m) => m.kind === 'program-starts')?.doneAt,
    ).toBeDefined();
  });

  it('fans a round out exactly once through a DynamoDB throttle and a job that dies half-way', async () => {
    // Prepare
    const { world, rounds } = await runningCohort();
    const at = depsAfter(rounds[0]!.opensAt);
    const throttled: Deps = {
      ...at,
      checkIns: failingOn(
        at.checkIns,
        'pairs',
        2,
        () =>
          new ProvisionedThroughputExceededException({ message: 'Rate of requests exceeds', $metadata: {} }),
      ),
    };
    const dying: Deps = {
      ...at,
      checkIns: failingOn(at.checkIns, 'saveRound', 2, () => new Error('killed')),
    };

    // Act: page 1 goes out, then a throttle; the next run sends page 2 and dies after queuing page 3.
    await expect(runCheckInsJob(throttled, { pageSize: 1 })).rejects.toThrow('Rate of requests exceeds');
    await expect(runCheckInsJob(dying, { pageSize: 1 })).rejects.toThrow('killed');
    await runCheckInsJob(at, { pageSize: 1 });
    const again = await runCheckInsJob(at, { pageSize: 1 });
    await local.runtime.drain();

    // Assess: six people (three pairs), one check-in each, and nothing more from the repeats.
    const mails = await mailTo(world.domain, /^Check-in: is .+ a good fit\?$/);
    expect(mails).toHaveLength(6);
    expect(new Set(recipients(mails)).size).toBe(6);
    expect(again.checkInsQueued).toBe(0);
    const round = (await store.rounds(world.cohortId))[0]!;
    expect(round).toMatchObject({ step: 'remind', asked: 6 });
    expect(round.cursor).toBeUndefined();
  });

  it('reminds only who has not answered, once; records answers only on POST, once, until the round closes', async () => {
    // Prepare
    const { world, rounds, matches } = await runningCohort();
    const round = rounds[0]!;
    await runCheckInsJob(depsAfter(round.opensAt));
    await local.runtime.drain();
    const anaMail = (await mailTo(`ana@${world.domain}`, /^Check-in:/))[0]!;
    const link = linkIn(anaMail);
    const anasMatch = matches.find((m) => m.seekerId === world.id('ana'))!;
    const ref = refOf(world.cohortId, round, anasMatch);

    // Act: a link scanner opens every one-click link; then Ana answers, twice (a replayed POST), and changes it.
    const scanned = await fetch(`${link}?met=yes`);
    const scannedHtml = await scanned.text();
    const afterScan = await store.getCheckIn(ref, world.id('ana'));
    const first = await post(link, { fit: 'good', met: 'yes', rating: '4' });
    const replay = await post(link, { fit: 'good', met: 'yes', rating: '4' });
    const afterReplay = await store.getCheckIn(ref, world.id('ana'));
    const changed = await post(link, { fit: 'good', met: 'yes', rating: '5' });
    await runCheckInsJob(depsAfter(round.remindAt!));
    await runCheckInsJob(depsAfter(round.remindAt!, 2 * MINUTE));
    await local.runtime.drain();

    // Assess
    expect(scanned.status).toBe(200);
    expect(scannedHtml).toMatch(/value="yes" checked/);
    expect(afterScan).toBeUndefined();
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('Your answer is saved');
    expect(replay.status).toBe(200);
    expect(afterReplay).toMatchObject({ revision: 1, answer: { fit: 'good', met: true, rating: 4 } });
    expect(changed.status).toBe(200);
    expect(await store.getCheckIn(ref, world.id('ana'))).toMatchObject({
      revision: 2,
      answer: { rating: 5 },
    });
    const reminders = await mailTo(world.domain, /^Reminder: check-in/);
    expect(reminders).toHaveLength(5);
    expect(recipients(reminders)).not.toContain(`ana@${world.domain}`);

    // Act: the round has closed.
    local.runtime.clock.jumpTo(new Date(Date.parse(round.closesAt) + MINUTE));
    try {
      const late = await post(link, { fit: 'good', met: 'no', rating: '1' });

      // Assess
      expect(late.status).toBe(410);
      expect(await late.text()).toContain('This check-in has closed');
    } finally {
      local.runtime.clock.jumpTo(new Date());
    }
    expect(await store.getCheckIn(ref, world.id('ana'))).toMatchObject({
      revision: 2,
      answer: { rating: 5, met: true },
    });
  });

  it('refuses malformed and tampered links and someone else’s match with a friendly page, recording nothing', async () => {
    // Prepare
    const { world, rounds, matches } = await runningCohort();
    const round = rounds[0]!;
    await runCheckInsJob(depsAfter(round.opensAt));
    await local.runtime.drain();
    const link = linkIn((await mailTo(`ben@${world.domain}`, /^Check-in:/))[0]!);
    const anasMatch = matches.find((m) => m.seekerId === world.id('ana'))!;
    const ref = refOf(world.cohortId, round, anasMatch);
    // Ben's own signature, on Ana's pair: validly signed, but not his match.
    const notHis = await checkInUrl(awsDeps, ref, world.id('ben'), round.closesAt);
    const base = link.slice(0, link.indexOf('/check-in/'));

    // Act
    const malformed = await post(`${base}/check-in/not-a-token`, { met: 'yes' });
    const tampered = await post(`${link.slice(0, -2)}xx`, { met: 'yes' });
    const someoneElses = await post(notHis, { met: 'no', rating: '1' });
    const badValue = await post(link, { met: 'maybe', rating: '9' });

    // Assess
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toContain('This link does not work');
    expect(tampered.status).toBe(400);
    expect(someoneElses.status).toBe(403);
    expect(await someoneElses.text()).toContain('not part of');
    expect(badValue.status).toBe(400);
    expect(await badValue.text()).toContain('There is a problem with 2 answers');
    expect(await store.getCheckIn(ref, world.id('ben'))).toBeUndefined();
    expect(await store.getCheckIn(ref, world.id('ana'))).toBeUndefined();
  });

  it('sends nothing to an unsubscribed or bounced address, counts only who was asked, and tells the coordinator in one daily digest', async () => {
    // Prepare
    const { world, rounds, coordinator } = await runningCohort();
    const round = rounds[0]!;
    const cohort = (await cohorts.get(world.cohortId))!;
    const unsubscribe = await unsubscribeUrl(awsDeps, cohort, world.id('ana'));
    expect((await post(unsubscribe, {})).status).toBe(200);
    await new DynamoSuppressionList().add(`ben@${world.domain}`, 'bounce', NOW);

    // Act
    await runCheckInsJob(depsAfter(round.opensAt));
    const digestDay = depsAfter(round.opensAt, DAY);
    await runCheckInsJob(digestDay);
    await runCheckInsJob(depsAfter(round.opensAt, DAY + MINUTE));
    await local.runtime.drain();

    // Assess
    const sent = recipients(await mailTo(world.domain, /^Check-in:/));
    expect(sent).toHaveLength(4);
    expect(sent).not.toContain(`ana@${world.domain}`);
    expect(sent).not.toContain(`ben@${world.domain}`);
    const digests = (await listSentEmails({ to: coordinator })).filter((m) =>
      /check-in digest/.test(m.subject),
    );
    expect(digests).toHaveLength(1);
    expect(digests[0]!.body.text).toContain('Unsubscribed from program emails (1)');
    expect(digests[0]!.body.text).toContain('Ana Lima');

    // Act: one of the four who were emailed answers; the reminder goes out.
    const chenLink = linkIn((await mailTo(`chen@${world.domain}`, /^Check-in:/))[0]!);
    expect((await post(chenLink, { fit: 'good', met: 'yes' })).status).toBe(200);
    await runCheckInsJob(depsAfter(round.remindAt!));
    await local.runtime.drain();

    // Assess: the round asked the four it emailed, so one answer is a quarter of them.
    const health = await viewCheckInHealth(depsAfter(round.remindAt!), world.cohortId);
    expect(health.rounds[0]).toMatchObject({ asked: 4, answered: 1, responseRate: 0.25 });
    const reminded = recipients(await mailTo(world.domain, /^Reminder: check-in/));
    expect(reminded).toHaveLength(3);
    for (const key of ['ana', 'ben', 'chen']) expect(reminded).not.toContain(`${key}@${world.domain}`);
  });

  it('retries a check-in that SES throttled, then sends it once', async () => {
    // Prepare
    const { world, rounds, matches } = await runningCohort();
    const round = rounds[0]!;
    const people = new Map([...Object.values(world.byKey)].map((p) => [p.participantId, p]));
    const cohort = (await cohorts.get(world.cohortId))!;
    const program = (await new DynamoProgramStore().get(cohort.programId))!;
    const job = (await checkInJob(
      awsDeps,
      { program, cohort, people },
      round,
      matches[0]!,
      'seeker',
      false,
    ))!;
    const deps = depsAt(NOW);
    const throttling = failingOn(
      deps.mailer,
      'send',
      1,
      () => new MailThrottledError('Maximum sending rate exceeded'),
    );

    // Act
    const first = sendEmail({ ...deps, mailer: throttling }, job);
    await expect(first).rejects.toBeInstanceOf(MailThrottledError);
    const retried = await sendEmail({ ...deps, mailer: throttling }, job);
    const again = await sendEmail(deps, job);

    // Assess
    expect([retried, again]).toEqual(['sent', 'already-sent']);
    expect(await mailTo(job.to, /^Check-in:/)).toHaveLength(1);
  });

  it('help and a note reach the coordinator and the seeker once; low ratings and silence raise alerts; tired supporters are flagged until cleared', async () => {
    // Prepare
    const { world, rounds, matches, coordinator } = await runningCohort();
    const [one, two] = rounds as [RoundState, RoundState];
    await runCheckInsJob(depsAfter(one.opensAt));
    await local.runtime.drain();
    const anasMatch = matches.find((m) => m.seekerId === world.id('ana'))!;
    const anasSupporter = Object.entries(world.byKey).find(
      ([, p]) => p.participantId === anasMatch.supporterId,
    )![0];
    const supporterLink = linkIn((await mailTo(`${anasSupporter}@${world.domain}`, /^Check-in:/))[0]!);
    const answer = {
      fit: 'good',
      met: 'yes',
      rating: '2',
      energy: '1',
      help: 'yes',
      helpNote: 'Ana needs <b>more</b> than I can give',
      appreciation: 'Thank you <script>alert(1)</script> for your courage',
    };

    // Act: round 1 (help, a note, a low rating, low energy); round 2 (low energy again); nobody else answers.
    expect((await post(supporterLink, answer)).status).toBe(200);
    expect((await post(supporterLink, answer)).status).toBe(200);
    await local.runtime.drain();
    await runCheckInsJob(depsAfter(one.closesAt));
    await runCheckInsJob(depsAfter(two.opensAt, 2 * MINUTE));
    await local.runtime.drain();
    const round2Link = linkIn(
      (await mailTo(`${anasSupporter}@${world.domain}`, /^Check-in: how is it going/))[0]!,
    );
    expect((await post(round2Link, { met: 'yes', rating: '4', energy: '2' })).status).toBe(200);
    await runCheckInsJob(depsAfter(two.closesAt));
    await runCheckInsJob(depsAfter(two.closesAt, DAY));
    await local.runtime.drain();

    // Assess: the coordinator heard at once, once; Ana got the note once, escaped.
    const helpMails = (await listSentEmails({ to: coordinator })).filter((m) =>
      /asked for help/.test(m.subject),
    );
    expect(helpMails).toHaveLength(1);
    expect(helpMails[0]!.body.html).toContain('&lt;b&gt;more&lt;/b&gt;');
    const notes = await mailTo(`ana@${world.domain}`, /^A note from/);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.body.html).toContain('&lt;script&gt;');
    expect(notes[0]!.body.html).not.toContain('<script>');
    // Round 1: Ana's pair rated 2; Ben's and Chen's pairs went silent twice by round 2.
    const health = await fetch(`${local.runtime.apiUrl}/cohorts/${world.cohortId}/check-ins`, {
      headers: {
        authorization: `Bearer ${local.runtime.issueToken({ sub: 'coordinator-1', groups: ['coordinators'] })}`,
      },
    });
    expect(health.status).toBe(200);
    const body = (await health.json()) as {
      rounds: {
        round: number;
        asked: number;
        answered: number;
        responseRate: number;
        meanRating: number;
        status: string;
      }[];
      atRiskPairs: { round: number; seekerId: string; reasons: string[] }[];
      flaggedSupporters: { participantId: string }[];
      helpRequests: { participantId: string }[];
    };
    expect(body.rounds[0]).toMatchObject({
      round: 1,
      status: 'closed',
      asked: 6,
      answered: 1,
      meanRating: 2,
    });
    expect(body.rounds[0]!.responseRate).toBeCloseTo(1 / 6, 3);
    expect(body.atRiskPairs).toContainEqual(
      expect.objectContaining({ round: 1, seekerId: world.id('ana'), reasons: ['low-rating'] }),
    );
    expect(
      body.atRiskPairs
        .filter((p) => p.round === 2 && p.reasons.includes('missed-two-rounds'))
        .map((p) => p.seekerId)
        .sort(),
    ).toEqual([world.id('ben'), world.id('chen')].sort());
    expect(body.flaggedSupporters.map((s) => s.participantId)).toEqual([anasMatch.supporterId]);
    expect(body.helpRequests.map((h) => h.participantId)).toEqual([anasMatch.supporterId]);
    const flagged = (await participants.get(world.cohortId, anasMatch.supporterId))!;
    const input = cohortMatchingInput([flagged], new Map(), { pins: [], forbids: [] });
    expect(input.supporters[0]?.paused).toBe(true);
    const digests = (await listSentEmails({ to: coordinator })).filter((m) =>
      /check-in digest/.test(m.subject),
    );
    expect(digests.length).toBeGreaterThanOrEqual(1);
    expect(digests.map((d) => d.body.text).join('\n')).toContain('Pairs at risk');

    // Act: the coordinator clears the flag.
    const cleared = await fetch(
      `${local.runtime.apiUrl}/cohorts/${world.cohortId}/supporters/${anasMatch.supporterId}/clear-flag`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${local.runtime.issueToken({ sub: 'coordinator-1', groups: ['coordinators'] })}`,
        },
      },
    );

    // Assess
    expect(cleared.status).toBe(200);
    const after2 = (await participants.get(world.cohortId, anasMatch.supporterId))!;
    expect(cohortMatchingInput([after2], new Map(), { pins: [], forbids: [] }).supporters[0]?.paused).toBe(
      false,
    );
  });

  it('a seeker’s “not a fit” in round 1 re-matches at once, once', async () => {
    // Prepare
    const { world, rounds, matches } = await runningCohort();
    await runCheckInsJob(depsAfter(rounds[0]!.opensAt));
    await local.runtime.drain();
    const link = linkIn((await mailTo(`ben@${world.domain}`, /^Check-in:/))[0]!);
    const before = matches.find((m) => m.seekerId === world.id('ben'))!;

    // Act
    const answer = { fit: 'not-a-fit', met: 'yes', rating: '2', rematch: 'yes' };
    expect((await post(link, answer)).status).toBe(200);
    expect((await post(link, answer)).status).toBe(200);
    await local.runtime.drain();

    // Assess
    const cohort = (await cohorts.get(world.cohortId))!;
    const now = (await matchStore.matchesOf(world.cohortId, cohort.matchingRun!.runId)).find(
      (m) => m.seekerId === world.id('ben'),
    )!;
    expect(now.status).toBe('matched');
    expect(now.supporterId).not.toBe(before.supporterId);
    expect(now.endedWith).toEqual([before.supporterId]);
    const intros = await mailTo(`ben@${world.domain}`, /^Meet your mentor/);
    expect(intros).toHaveLength(2);
    const closedLink = await post(link, { ...answer, rating: '3' });
    expect(closedLink.status).toBe(410);
  });

  it('closes a pair nobody has met in for the inactivity period: match ended, one kind email each, PairClosed, once through a crash', async () => {
    // Prepare: pairs are closed after 21 days without "we met"; only Ana's pair says so, in round 1.
    const { world, rounds, matches, coordinator } = await runningCohort({ closeInactiveAfterDays: 21 });
    const [one, two, three] = rounds as [RoundState, RoundState, RoundState];
    await runCheckInsJob(depsAfter(one.opensAt));
    await local.runtime.drain();
    expect(
      (await post(linkIn((await mailTo(`ana@${world.domain}`, /^Check-in:/))[0]!), { met: 'yes' })).status,
    ).toBe(200);
    await runCheckInsJob(depsAfter(one.closesAt));
    const quiet = ['ben', 'chen'].map((key) => matches.find((m) => m.seekerId === world.id(key))!);
    const closing = depsAfter(two.closesAt);
    const dying: Deps = {
      ...closing,
      checkIns: failingOn(
        closing.checkIns,
        'saveRound',
        2,
        () => new Error('killed'),
        (round) =>
          (round as RoundState).cohortId === world.cohortId && (round as RoundState).step === 'close',
      ),
    };

    // Act: round 2 closes a pair at a time; the job dies after the second pair, then runs again, twice.
    await expect(runCheckInsJob(dying, { pageSize: 1 })).rejects.toThrow('killed');
    await runCheckInsJob(closing, { pageSize: 1 });
    await runCheckInsJob(depsAfter(two.closesAt, 2 * MINUTE), { pageSize: 1 });
    await local.runtime.drain();

    // Assess: both people of each quiet pair heard once, kindly, with the way back; Ana's pair goes on.
    const closedMails = await mailTo(world.domain, /^Your mentor pairing has been closed$/);
    const supporterAddress = (id: string) =>
      `${Object.entries(world.byKey).find(([, p]) => p.participantId === id)![0]}@${world.domain}`;
    expect(recipients(closedMails)).toEqual(
      quiet
        .flatMap((m) => [
          `${Object.keys(world.byKey).find((k) => world.id(k) === m.seekerId)}@${world.domain}`,
          supporterAddress(m.supporterId),
        ])
        .sort(),
    );
    expect(closedMails[0]!.body.text).toContain('in the last 21 days');
    expect(closedMails[0]!.body.text).toContain(coordinator);
    const cohort = (await cohorts.get(world.cohortId))!;
    const after = await matchStore.matchesOf(world.cohortId, cohort.matchingRun!.runId);
    for (const match of quiet)
      expect(after.find((m) => m.seekerId === match.seekerId)).toMatchObject({
        status: 'ended',
        endedWith: [match.supporterId],
      });
    expect(after.find((m) => m.seekerId === world.id('ana'))?.status).toBe('matched');
    const closedEvents = local.runtime.bus.events.filter(
      (e) =>
        e['detail-type'] === 'PairClosed' &&
        (e.detail as { data: { cohortId: string } }).data.cohortId === world.cohortId,
    );
    expect(
      [
        ...new Set(
          closedEvents.map((e) => (e.detail as { data: { seekerId: string; reason: string } }).data.seekerId),
        ),
      ].sort(),
    ).toEqual(quiet.map((m) => m.seekerId).sort());
    const health = await viewCheckInHealth(depsAfter(two.closesAt), world.cohortId);
    expect(health.closedPairs.map((p) => p.seekerId).sort()).toEqual(quiet.map((m) => m.seekerId).sort());

    // Act: round 3 opens.
    await runCheckInsJob(depsAfter(three.opensAt, 3 * MINUTE));
    await local.runtime.drain();

    // Assess: only Ana's pair is asked again (round 2 and round 3 share a subject).
    expect(await mailTo(`ana@${world.domain}`, /^Check-in: how is it going/)).toHaveLength(2);
    expect(await mailTo(`ben@${world.domain}`, /^Check-in: how is it going/)).toHaveLength(1);
    expect(await mailTo(world.domain, /^Your mentor pairing has been closed$/)).toHaveLength(4);
  });

  it('raises PairAtRisk when a pair says, in two rounds, that it has not met', async () => {
    // Prepare
    const { world, rounds, matches } = await runningCohort();
    const [one, two] = rounds as [RoundState, RoundState];
    const benSupporter = matches.find((m) => m.seekerId === world.id('ben'))!.supporterId;
    const chenSupporter = matches.find((m) => m.seekerId === world.id('chen'))!.supporterId;
    const keyOf = (id: string) => Object.entries(world.byKey).find(([, p]) => p.participantId === id)![0];
    const answer = async (key: string, subject: RegExp, form: Record<string, string>) =>
      expect(
        (await post(linkIn((await mailTo(`${key}@${world.domain}`, subject)).at(-1)!), form)).status,
      ).toBe(200);

    // Act: round 1, Ben and Chen say they have not met; round 2, Ben's supporter says so too,
    // while Chen says no but Chen's supporter says they did.
    await runCheckInsJob(depsAfter(one.opensAt));
    await local.runtime.drain();
    await answer('ben', /^Check-in: is/, { met: 'no' });
    await answer('chen', /^Check-in: is/, { met: 'no' });
    await runCheckInsJob(depsAfter(one.closesAt));
    await local.runtime.drain();
    await answer(keyOf(benSupporter), /^Check-in: how is it going/, { met: 'no' });
    await answer('chen', /^Check-in: how is it going/, { met: 'no' });
    await answer(keyOf(chenSupporter), /^Check-in: how is it going/, { met: 'yes' });
    await runCheckInsJob(depsAfter(two.closesAt));

    // Assess: one alert, for Ben's pair in round 2, and only for not meeting.
    const atRisk = local.runtime.bus.events
      .filter((e) => e['detail-type'] === 'PairAtRisk')
      .map(
        (e) =>
          (e.detail as { data: { cohortId: string; round: number; seekerId: string; reasons: string[] } })
            .data,
      )
      .filter((d) => d.cohortId === world.cohortId && d.seekerId !== world.id('ana'));
    expect(atRisk).toEqual([
      expect.objectContaining({
        round: 2,
        seekerId: world.id('ben'),
        supporterId: benSupporter,
        reasons: ['not-met-twice'],
      }),
    ]);
    const health = await viewCheckInHealth(depsAfter(two.closesAt), world.cohortId);
    expect(health.atRiskPairs.filter((p) => p.seekerId === world.id('ben'))).toEqual([
      {
        round: 2,
        seekerId: world.id('ben'),
        role: 'mentor',
        supporterId: benSupporter,
        reasons: ['not-met-twice'],
      },
    ]);
  });

  it('stops at its time budget, before the Lambda timeout, and the next run carries on without duplicates', async () => {
    // Prepare
    const { world, rounds } = await runningCohort();
    const round = rounds[0]!;
    local.runtime.clock.jumpTo(new Date(Date.parse(round.opensAt) + MINUTE));
    const nearTimeout = {
      ...lambdaContext('mentorflow-check-ins-job'),
      getRemainingTimeInMillis: () => 2 * MINUTE,
    };

    // Act: the Lambda has no time to spare beyond its safety margin, so it does one thing and stops.
    let handled: CheckInsJobReport;
    try {
      handled = (await handler(
        eventBridgeEvent('aws.events', 'Scheduled Event', {}),
        nearTimeout,
      )) as CheckInsJobReport;
    } finally {
      local.runtime.clock.jumpTo(new Date());
    }

    // Assess
    expect(handled.more).toBe(true);

    // Act: runs with no budget at all do one page (one pair here) each, until nothing is left.
    const reports: CheckInsJobReport[] = [];
    for (let run = 0; run < 200 && (reports.at(-1)?.more ?? true); run += 1)
      reports.push(await runCheckInsJob(depsAfter(round.opensAt, 2 * MINUTE), { budgetMs: 0, pageSize: 1 }));
    await local.runtime.drain();

    // Assess: several runs, none queued more than one pair, and every check-in went out once.
    expect(reports.at(-1)?.more).toBe(false);
    expect(reports.filter((r) => r.checkInsQueued > 0).length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...reports.map((r) => r.checkInsQueued))).toBeLessThanOrEqual(2);
    const mails = await mailTo(world.domain, /^Check-in: is .+ a good fit\?$/);
    expect(mails).toHaveLength(6);
    expect(new Set(recipients(mails)).size).toBe(6);
    expect((await store.rounds(world.cohortId))[0]).toMatchObject({ step: 'remind', asked: 6 });
  });
});

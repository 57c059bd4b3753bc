/**
 * `npm run bench` (fan-out): one check-in round to 10,000 and 100,000 participants on the local
 * runtime, through the same path as production: the check-ins job (its schedule, fired by a
 * tick) pages through the pairs and queues one send job per person, and the email sender sends
 * each through the runtime's SES endpoint to the SES emulator and records it in the send ledger.
 *
 * Reported per size: emails per second and wall time from the tick to the last send, peak
 * memory, and duplicates counted twice: from the SES emulator's store (one email per person and
 * check-in link) and from the send ledger (every expected send key recorded once as sent, with a
 * message id that the store holds). The sender's rate is also given as a ratio of what the SES
 * emulator accepts from a plain loop of SendEmail calls in the same run.
 *
 * `tsx bench/fanout.ts [--sizes 10000,100000]`; writes bench/results/fanout-<time>.json. Numbers
 * compare runs on one machine; nothing here is a test.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { clearStore, getStoreReadonly } from 'aws-ses-v2-local/dist/store.js';
import { REPO_ROOT } from '#infra/local/lambda.ts';
import { type LocalRuntime, startLocalRuntime } from '#infra/local/runtime.ts';
import type { SentEmail } from '#infra/local/ses-feedback.ts';
import { awsDeps } from '#shared/adapters/aws-deps.ts';
import { documentClient } from '#shared/adapters/dynamodb/client.ts';
import { keys } from '#shared/adapters/dynamodb/keys.ts';
import { putAll } from '#shared/adapters/dynamodb/query.ts';
import type { Pair } from '#shared/domain/check-ins/check-in-ref.ts';
import type { Cohort } from '#shared/domain/cohort.ts';
import { planCheckInMilestones } from '#shared/domain/milestone.ts';
import type { Participant } from '#shared/domain/participant.ts';
import { SUPPORT_ROLES } from '#shared/domain/support-roles.ts';
import type { StoredMatch } from '#shared/ports/match-store.ts';
import { sendKeys } from '#shared/use-cases/check-in-emails.ts';

const { values: args } = parseArgs({ options: { sizes: { type: 'string', default: '10000,100000' } } });
const SIZES = (args.sizes ?? '').split(',').map(Number);
if (SIZES.some((size) => !Number.isInteger(size) || size < 2 || size % 2 !== 0)) {
  throw new Error(`--sizes takes even participant counts, e.g. 10000,100000; got "${args.sizes}"`);
}
/** Plain-loop SendEmail calls for the baseline: long enough to be steady, short next to the fan-out. */
const BASELINE_EMAILS = 2_000;
/** The sender's concurrency in the manifest; the baseline is also measured at it. */
const SENDER_CONCURRENCY = 5;
const DAY = 24 * 3600_000;
const WRITERS = 8;

/**
 * What reached the SES emulator, counted as it arrives. The emulator keeps every email in memory
 * (100,000 check-ins are over 2 GB of strings) and `GET /store` would answer with more JSON than
 * one string may hold, so the store is read in this process and emptied as it is counted: taking
 * the list and clearing it happen in one synchronous step, so no email falls between the two.
 */
class Mailbag {
  emails = 0;
  chars = 0;
  /** One entry per person and check-in link: a duplicate adds to `emails` but not here. */
  readonly checkIns = new Set<string>();
  readonly messageIds = new Set<string>();
  sample: SentEmail | undefined;

  constructor(private readonly recipients: ReadonlySet<string>) {}

  harvest(): void {
    const { emails } = getStoreReadonly();
    clearStore();
    for (const email of emails) {
      const to = email.destination.to[0] ?? '';
      if (!this.recipients.has(to)) continue;
      this.emails += 1;
      this.chars += (email.body.html?.length ?? 0) + (email.body.text?.length ?? 0);
      this.checkIns.add(`${to}|${checkInLink(email)}`);
      this.messageIds.add(email.messageId);
      this.sample ??= email;
    }
  }
}

// Own emulators, always: the counts read the SES emulator's store in this process (see Mailbag).
delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
delete process.env.AWS_ENDPOINT_URL_SESV2;

const runtime = await startLocalRuntime({
  speed: 0,
  realTimeSchedules: false,
  log: { info: () => undefined, error: (message, error) => process.stderr.write(`${message}: ${error}\n`) },
  env: { POWERTOOLS_LOG_LEVEL: 'ERROR' },
});
const progress = (line: string) => process.stderr.write(`fanout: ${line}\n`);

try {
  const programId = `prg_fanout_${Date.now().toString(36)}`;
  await awsDeps.programs.create({
    programId,
    name: 'Fan-out benchmark',
    description: '',
    supportRoles: [...SUPPORT_ROLES],
    intakeQuestions: [],
    consentText: 'Answers are used for matching in this benchmark.',
    coordinatorEmails: ['coordinator@fanout.example.org'],
    createdAt: runtime.clock.now().toISOString(),
  });

  const results = [];
  let baseline: Awaited<ReturnType<typeof plainLoop>> | undefined;
  for (const size of SIZES) {
    const { result, sample } = await fanOut(runtime, programId, size);
    // The baseline sends copies of a real check-in email, so it runs after the first fan-out.
    baseline ??= await plainLoop(runtime.sesUrl, sample);
    results.push(result);
    await fetch(`${runtime.sesUrl}/clear-store`, { method: 'POST' });
  }
  const report = {
    at: new Date().toISOString(),
    node: process.version,
    plainLoop: baseline,
    sizes: results.map((result) => ({
      ...result,
      senderVsPlainLoop: baseline && round(result.emailsPerSecond / baseline.sequential.emailsPerSecond, 2),
      senderVsPlainLoopAtSenderConcurrency:
        baseline && round(result.emailsPerSecond / baseline.concurrent.emailsPerSecond, 2),
    })),
    duplicatesTotal: results.reduce((sum, r) => sum + r.duplicates.inStore + r.duplicates.inLedger, 0),
  };
  mkdirSync(join(REPO_ROOT, 'bench/results'), { recursive: true });
  const file = join(REPO_ROOT, 'bench/results', `fanout-${report.at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(report, null, 2)}\nwritten to ${file}\n`);
} finally {
  await runtime.stop();
}

/**
 * Seeds a matched cohort of `size` people in `size / 2` pairs (everyone in exactly one pair, so
 * one check-in each), lets the check-ins job plan its rounds at the program's start, then jumps
 * to round 1 and measures its fan-out until the last email is sent.
 */
async function fanOut(runtime: LocalRuntime, programId: string, size: number) {
  const cohortId = `coh_fanout_${size}_${Date.now().toString(36)}`;
  const now = runtime.clock.nowMs();
  const cohort: Cohort = {
    cohortId,
    programId,
    name: `Fan-out ${size}`,
    state: 'matched',
    timeZone: 'UTC',
    checkInEveryDays: 14,
    intakeReminderDaysBeforeClose: 0,
    openApplication: false,
    intakeOpensAt: new Date(now - 30 * DAY).toISOString(),
    intakeClosesAt: new Date(now - 10 * DAY).toISOString(),
    programStartsAt: new Date(now + DAY).toISOString(),
    programEndsAt: new Date(now + 85 * DAY).toISOString(),
    createdAt: new Date(now - 30 * DAY).toISOString(),
    version: 1,
  };
  const seedStarted = performance.now();
  await awsDeps.cohorts.create(cohort, planCheckInMilestones(cohort));
  const people = Array.from({ length: size }, (_, i) => participant(cohort, i));
  await inParallel(people, (batch) =>
    putAll(batch.map((p) => ({ ...keys.participant(cohortId, p.participantId), type: 'participant', ...p }))),
  );
  const pairs: Pair[] = Array.from({ length: size / 2 }, (_, i) => ({
    seekerId: people[2 * i]!.participantId,
    role: SUPPORT_ROLES[i % SUPPORT_ROLES.length]!,
    supporterId: people[2 * i + 1]!.participantId,
  }));
  const runId = 'run-bench';
  const matches: StoredMatch[] = pairs.map((pair) => ({
    cohortId,
    runId,
    ...pair,
    status: 'matched',
    score: 1,
    alternatives: [],
  }));
  // The match store's own write: the matches, then the run made current on the cohort.
  await inParallel(matches.slice(1), (batch) =>
    putAll(batch.map((m) => ({ ...keys.match(cohortId, runId, m.seekerId, m.role), type: 'match', ...m }))),
  );
  await awsDeps.matches.saveRun(
    cohort,
    {
      runId,
      proposedAt: cohort.createdAt,
      totals: { matched: pairs.length, score: pairs.length, demand: pairs.length },
    },
    matches.slice(0, 1),
  );
  const seedMs = Math.round(performance.now() - seedStarted);
  progress(`${size}: seeded ${size} people and ${pairs.length} pairs in ${(seedMs / 1000).toFixed(1)} s`);

  // The program starts: the check-ins job moves the cohort to running and plans its rounds.
  runtime.clock.jumpTo(new Date(Date.parse(cohort.programStartsAt) + 60_000));
  await runtime.tick();
  const round1 = (await awsDeps.checkIns.rounds(cohortId)).find((r) => r.round === 1);
  if (!round1) throw new Error(`The check-ins job planned no round 1 for ${cohortId}`);
  runtime.clock.jumpTo(new Date(Date.parse(round1.opensAt) + 60_000));

  const mailbag = new Mailbag(new Set(people.map((p) => p.email)));
  const memory = sampleMemory(() => mailbag.harvest());
  const started = performance.now();
  let ticks = 0;
  // The job stops at its time budget and carries on from its cursor at the next tick.
  for (let step = 'open'; step === 'open'; ticks += 1) {
    await runtime.tick();
    step = (await awsDeps.checkIns.rounds(cohortId)).find((r) => r.round === 1)?.step ?? 'gone';
  }
  const wallMs = Math.round(performance.now() - started);
  const peak = memory.stop();
  mailbag.harvest();
  if (!mailbag.sample) throw new Error(`No check-in email of ${cohortId} reached the SES emulator`);
  const ledger = await ledgerOf(
    pairs.flatMap((pair) => [
      sendKeys.checkIn(cohortId, 1, pair, pair.seekerId, false),
      sendKeys.checkIn(cohortId, 1, pair, pair.supporterId, false),
    ]),
  );
  const deadLetters = [...runtime.queues.values()].reduce((sum, q) => sum + q.deadLetters.length, 0);
  const result = {
    participants: size,
    pairs: pairs.length,
    seedMs,
    ticks,
    wallMs,
    emailsSent: mailbag.emails,
    emailsPerSecond: Math.round((mailbag.emails / wallMs) * 1000),
    /** Mean size of one email's HTML and text parts: what every hop (SQS, SES, the store) carries. */
    emailKb: round(mailbag.chars / Math.max(1, mailbag.emails) / 1024, 1),
    peakRssMb: peak.rssMb,
    peakHeapMb: peak.heapMb,
    /** The process's high-water mark so far (DynamoDB Local, a Java process, is not in it). */
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    missing: size - mailbag.checkIns.size,
    duplicates: {
      /** Emails in the store beyond one per person and check-in link. */
      inStore: mailbag.emails - mailbag.checkIns.size,
      /** Emails in the store that the ledger does not know: sent without their record. */
      inLedger: [...mailbag.messageIds].filter((id) => !ledger.messageIds.has(id)).length,
    },
    ledger: {
      sent: ledger.sent,
      notSent: ledger.notSent,
      withMessageInStore: [...ledger.messageIds].filter((id) => mailbag.messageIds.has(id)).length,
    },
    /** The emulator draws message ids at random from 900 million: at this scale two may collide. */
    messageIdCollisions: mailbag.emails - mailbag.messageIds.size,
    deadLetters,
    failedInvocations: runtime.failedInvocations.length,
  };
  progress(`${size}: ${JSON.stringify(result)}`);
  return { result, sample: mailbag.sample };
}

function participant(cohort: Cohort, i: number): Participant {
  const id = `p${String(i).padStart(6, '0')}`;
  const email = `${id}-${cohort.cohortId}@fanout.example.org`.toLowerCase();
  return {
    participantId: id,
    cohortId: cohort.cohortId,
    programId: cohort.programId,
    email,
    emailNormalised: email,
    name: `Person ${i} Nguyễn`,
    status: 'approved',
    source: 'import',
    invitedAt: cohort.createdAt,
    prefill: {},
    version: 1,
  };
}

/** Writes in WRITERS parallel streams of BatchWrite: seeding 150,000 items one call at a time is minutes. */
async function inParallel<T>(items: readonly T[], write: (batch: T[]) => Promise<void>): Promise<void> {
  const per = Math.ceil(items.length / WRITERS);
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => write(items.slice(w * per, (w + 1) * per))));
}

function checkInLink(email: SentEmail): string {
  const text = email.body.text ?? email.body.html ?? '';
  return /\/check-in\/[A-Za-z0-9._~-]+/.exec(text)?.[0] ?? email.subject;
}

/** Every expected send key, read back from the ledger (BatchGet, 100 keys a call). */
async function ledgerOf(sendKeys: readonly string[]) {
  const TableName = runtime.tableName;
  const messageIds = new Set<string>();
  let sent = 0;
  const batches: string[][] = [];
  for (let i = 0; i < sendKeys.length; i += 100) batches.push(sendKeys.slice(i, i + 100));
  await inParallel(batches, async (mine) => {
    for (const batch of mine) {
      let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
        [TableName]: { Keys: batch.map((key) => keys.send(key)) },
      };
      while (request && Object.keys(request).length > 0) {
        const result = await documentClient().send(new BatchGetCommand({ RequestItems: request }));
        for (const item of result.Responses?.[TableName] ?? []) {
          if (item.status !== 'sent') continue;
          sent += 1;
          messageIds.add(String(item.messageId));
        }
        request = result.UnprocessedKeys as typeof request;
      }
    }
  });
  return {
    sent,
    notSent: sendKeys.length - sent,
    messageIds,
  };
}

/**
 * What the SES emulator accepts from SendEmail calls in a plain loop, straight to the emulator:
 * one at a time, and SENDER_CONCURRENCY at a time (the sender's concurrency), with copies of a
 * real check-in email so the payloads are the same size.
 */
async function plainLoop(sesUrl: string, sample: SentEmail) {
  const client = new SESv2Client({ endpoint: sesUrl });
  const send = (i: number) =>
    client.send(
      new SendEmailCommand({
        FromEmailAddress: sample.from,
        Destination: { ToAddresses: [`plain-loop-${i}@fanout.example.org`] },
        Content: {
          Simple: {
            Subject: { Data: sample.subject },
            Body: { Html: { Data: sample.body.html ?? '' }, Text: { Data: sample.body.text ?? '' } },
          },
        },
      }),
    );
  const sequentialStart = performance.now();
  for (let i = 0; i < BASELINE_EMAILS; i += 1) await send(i);
  const sequentialMs = performance.now() - sequentialStart;
  const concurrentStart = performance.now();
  let next = BASELINE_EMAILS;
  await Promise.all(
    Array.from({ length: SENDER_CONCURRENCY }, async () => {
      while (next < 2 * BASELINE_EMAILS) await send(next++);
    }),
  );
  const concurrentMs = performance.now() - concurrentStart;
  client.destroy();
  return {
    emails: BASELINE_EMAILS,
    sequential: {
      ms: Math.round(sequentialMs),
      emailsPerSecond: Math.round((BASELINE_EMAILS / sequentialMs) * 1000),
    },
    concurrent: {
      concurrency: SENDER_CONCURRENCY,
      ms: Math.round(concurrentMs),
      emailsPerSecond: Math.round((BASELINE_EMAILS / concurrentMs) * 1000),
    },
  };
}

/** Peak resident and heap memory while the fan-out runs, sampled every 250 ms (after `each`). */
function sampleMemory(each: () => void) {
  let rss = 0;
  let heap = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    rss = Math.max(rss, usage.rss);
    heap = Math.max(heap, usage.heapUsed);
  };
  sample();
  const timer = setInterval(() => {
    each();
    sample();
  }, 250);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return { rssMb: Math.round(rss / 1048576), heapMb: Math.round(heap / 1048576) };
    },
  };
}

function round(value: number, digits: number): number {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}

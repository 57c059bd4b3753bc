import type { LocalRuntime } from '#infra/local/runtime.ts';
import type { SentEmail } from '#infra/local/ses-feedback.ts';
import type { Cohort } from '#shared/domain/cohort.ts';
import type { Milestone } from '#shared/domain/milestone.ts';
import type { MatchesView } from '#shared/use-cases/review-matches.ts';
import { type ApiClient, apiPath } from '../api-client.ts';
import { type Checks, forEachLimited } from './checks.ts';
import type { SimulatedPerson } from './people.ts';
import type { Random } from './prng.ts';

interface StageContext {
  runtime: LocalRuntime;
  /** Acts as the run's coordinator. */
  client: ApiClient;
  checks: Checks;
  /** The simulated instant the clock may not pass. */
  horizon: number;
  progress(line: string): void;
}

/** What `simulate --json` reports about check-ins: counts only. */
export interface CheckInFindings {
  rounds: number;
  checkIns: number;
  reminders: number;
  answered: number;
  helpRequests: number;
  atRiskPairs: number;
  flaggedSupporters: number;
  closedPairs: number;
  unsubscribed: number;
  /** Check-in and reminder emails beyond one per round, pair and person. */
  duplicates: number;
}

/**
 * How a simulated person treats every check-in, decided by the seed:
 * - `engaged`: answers at once: met, rated 4 or 5, energy fine;
 * - `late`: answers only when the reminder comes;
 * - `silent`: never answers;
 * - `asks-help`: engaged, and presses "I need help" in round 2;
 * - `tired`: engaged, but as a supporter reports energy 1 in rounds 2 and 3;
 * - `unhappy`: answers "we have not met" and rates it 2;
 * - `unsubscribes`: follows the unsubscribe link in the first check-in and never answers.
 */
type CheckInHabit = 'engaged' | 'late' | 'silent' | 'asks-help' | 'tired' | 'unhappy' | 'unsubscribes';

const HABITS: readonly (readonly [CheckInHabit, number])[] = [
  ['engaged', 58],
  ['late', 10],
  ['silent', 8],
  ['asks-help', 6],
  ['tired', 8],
  ['unhappy', 5],
  ['unsubscribes', 5],
];

/** The health API's view (`GET /cohorts/{cohortId}/check-ins`), as much of it as is checked. */
interface Health {
  rounds: {
    round: number;
    status: 'planned' | 'open' | 'closed' | 'skipped';
    opensAt: string;
    remindAt?: string;
    closesAt: string;
    asked: number;
    answered: number;
  }[];
  atRiskPairs: { round: number; seekerId: string; role: string; supporterId: string; reasons: string[] }[];
  flaggedSupporters: { participantId: string }[];
  helpRequests: { round: number; participantId: string }[];
  closedPairs: { seekerId: string; role: string; supporterId: string; closedAt: string }[];
}

/** One check-in (or its reminder) email, read from the SES emulator's store. */
interface CheckInMail {
  messageId: string;
  to: string;
  reminder: boolean;
  round: number;
  pair: string;
  participantId: string;
  side: 'seeker' | 'supporter';
  /** The one-click link to the confirm page, and the unsubscribe link. */
  link: string;
  unsubscribe: string | undefined;
  /** For a reminder: whether the person had already saved an answer when it arrived. */
  answeredBefore?: boolean;
}

interface Answer {
  met: boolean;
  rating: number;
  energy?: number;
  help: boolean;
}

const MINUTE = 60_000;
/** Rounds every two weeks over twelve weeks, each with a reminder and a close, and the start. */
const MAX_STEPS = 60;
const BROWSERS = 8;
const CHECK_IN_SUBJECT = /^Check-in: (is .+ a good fit\?|how is it going with .+\?)$/;
const REMINDER_SUBJECT = /^Reminder: check-in about /;
const LINK = /https?:\/\/[^\s"'<>]+\/check-in\/[A-Za-z0-9._~-]+(\?[^\s"'<>]*)?/;
const UNSUBSCRIBE_LINK = /https?:\/\/[^\s"'<>]+\/unsubscribe\/[A-Za-z0-9._~-]+/;

/**
 * Check-ins through the running period, as the people and the coordinator live them, checked
 * from outside (the SES emulator's store, the pages, the health API):
 * 1. The clock jumps from one due time to the next: the program's start, then each round's
 *    opening, reminder and close (from the health API). After each tick, people act on new
 *    check-in mail by habit: they open the link (the confirm page, which records nothing) and
 *    press Save (a POST, as a browser sends it), or wait for the reminder, or never answer, or
 *    unsubscribe.
 * 2. Checks: every due check-in was emailed exactly once (per round, pair and person, nobody
 *    who unsubscribed), reminders only to who had not answered, every answer stored, and the
 *    alerts the simulation provoked raised: pairs at risk, tired supporters flagged, help
 *    requests told to the coordinator.
 * `afterStep` lets a later stage's people read their mail between the jumps this stage makes;
 * `unsubscribedEmails` tells later stages whose mail stops (addresses stay out of the report).
 */
export async function runCheckInStage(
  ctx: StageContext,
  setup: {
    cohortId: string;
    people: readonly SimulatedPerson[];
    coordinatorEmail: string;
    random: Random;
    afterStep?: () => Promise<void>;
  },
): Promise<{ findings: CheckInFindings; unsubscribedEmails: ReadonlySet<string> }> {
  const { runtime, client, checks, progress } = ctx;
  const { cohortId } = setup;
  const habits = new Map(
    setup.people.map((person) => [person.email.toLowerCase(), habitOf(setup.random)] as const),
  );
  const mail = new Map<string, CheckInMail>();
  const answers = new Map<string, Answer>();
  /** Participant id → simulated time of their unsubscribe, and the round whose email they used. */
  const unsubscribedAt = new Map<string, number>();
  const unsubscribedRound = new Map<string, number>();
  const unsubscribedEmails = new Set<string>();
  const problems: string[] = [];
  const coordinatorMail: SentEmail[] = [];
  /** Mail read before that is not a check-in (the store is read again from a little back). */
  const seenOther = new Set<string>();
  let readSince = Math.floor(Date.now() / 1000) - 2;

  for (let step = 0; step < MAX_STEPS; step += 1) {
    await actOnNewMail();
    await setup.afterStep?.();
    const { cohort, milestones } = await client.get<{ cohort: Cohort; milestones: Milestone[] }>(
      apiPath`/cohorts/${cohortId}`,
    );
    const health = await client.get<Health>(apiPath`/cohorts/${cohortId}/check-ins`);
    const now = runtime.clock.nowMs();
    const starts = milestones.filter((m) => m.kind === 'program-starts' && !m.doneAt);
    const roundsLeft = health.rounds.filter((r) => r.status === 'planned' || r.status === 'open');
    if (cohort.state === 'closed' || (starts.length === 0 && health.rounds.length > 0 && !roundsLeft.length))
      break;
    const next = Math.min(
      ...[
        ...starts.map((m) => Date.parse(m.dueAt)),
        ...roundsLeft.flatMap((r) => [r.opensAt, r.remindAt ?? r.closesAt, r.closesAt].map(Date.parse)),
      ].filter((t) => t > now),
    );
    if (!Number.isFinite(next) || next + MINUTE > ctx.horizon) break;
    runtime.clock.jumpTo(new Date(next + MINUTE));
    await runtime.tick();
    progress(`check-ins: the clock is at ${new Date(next + MINUTE).toISOString().slice(0, 16)}`);
  }
  await actOnNewMail();

  progress('reading back check-ins, alerts and the inbox');
  const health = await client.get<Health>(apiPath`/cohorts/${cohortId}/check-ins`);
  const { matches } = await client.get<MatchesView>(apiPath`/cohorts/${cohortId}/matches`);
  const sent = [...mail.values()];
  const checkIns = sent.filter((m) => !m.reminder);
  const reminders = sent.filter((m) => m.reminder);
  const keyOf = (m: { round: number; pair: string; participantId: string }) =>
    `${m.round}|${m.pair}|${m.participantId}`;

  // 1. Exactly once: per round, the pairs in effect when it opened, both people, minus the unsubscribed.
  const asked = health.rounds.filter((r) => r.status === 'open' || r.status === 'closed');
  /** Due to people still subscribed when the round opened: each must be emailed once. */
  const expected = new Set<string>();
  const optional = new Set<string>();
  const pairsOf = new Map<number, string[]>();
  for (const round of asked) {
    const opensAt = Date.parse(round.opensAt);
    // An inactive pair is closed when a round closes: it was asked in that round. The next round
    // opens at that same instant, and the job may open it before it closes the pair: a check-in
    // for such a pair in that next round is allowed, not required.
    const closesAt = Date.parse(round.closesAt);
    const pairs = [
      ...matches.filter((m) => m.status === 'matched' && m.supporterId),
      ...health.closedPairs.filter((p) => Date.parse(p.closedAt) > closesAt),
    ].map((m) => ({ seekerId: m.seekerId, role: m.role, supporterId: m.supporterId as string }));
    for (const p of health.closedPairs) {
      const closedAt = Date.parse(p.closedAt);
      if (closedAt <= opensAt || closedAt > closesAt) continue;
      for (const participantId of [p.seekerId, p.supporterId])
        optional.add(keyOf({ round: round.round, pair: pairKey(p), participantId }));
    }
    pairsOf.set(
      round.round,
      pairs.map((p) => pairKey(p)),
    );
    for (const pair of pairs) {
      for (const participantId of [pair.seekerId, pair.supporterId]) {
        const key = keyOf({ round: round.round, pair: pairKey(pair), participantId });
        const gone = unsubscribedAt.get(participantId);
        if (gone === undefined || gone > opensAt) expected.add(key);
      }
    }
  }
  const got = new Set(checkIns.map(keyOf));
  const duplicates = checkIns.length - got.size + (reminders.length - new Set(reminders.map(keyOf)).size);
  const missing = [...expected].filter((k) => !got.has(k));
  const unexpected = [...got].filter((k) => !expected.has(k) && !optional.has(k));
  checks.check(
    'every due check-in was emailed exactly once',
    // With --weeks the clock may stop before the first round; without it, rounds must have run.
    (asked.length > 0 || ctx.horizon !== Number.POSITIVE_INFINITY) &&
      duplicates === 0 &&
      missing.length === 0 &&
      unexpected.length === 0,
    `${asked.length} rounds, ${checkIns.length} check-ins for ${expected.size} due; ${duplicates} duplicates, ${missing.length} missing, ${unexpected.length} unexpected${missing.length ? ` (e.g. ${missing[0]})` : ''}`,
  );
  const askedTotal = asked.reduce((sum, r) => sum + r.asked, 0);
  checks.check(
    'the health API counts what was asked',
    // People who unsubscribed before a round opened are not asked in it, so they are not counted.
    askedTotal >= expected.size && askedTotal <= expected.size + optional.size,
    `${askedTotal} asked, ${expected.size} due to people still subscribed (${got.size} emailed)`,
  );

  // 2. Reminders: once, and only to who had not answered when it went out.
  const remindedAfterAnswer = reminders.filter((m) => answers.has(keyOf(m)) && m.answeredBefore);
  checks.check(
    'reminders went once, only to people who had not answered',
    remindedAfterAnswer.length === 0,
    `${reminders.length} reminders, ${remindedAfterAnswer.length} to people who had answered`,
  );

  // 3. Every answer stored: the health API's count per round is what people saved.
  const answeredPerRound = new Map<number, number>();
  for (const key of answers.keys()) {
    const round = Number(key.split('|')[0]);
    answeredPerRound.set(round, (answeredPerRound.get(round) ?? 0) + 1);
  }
  const wrongCounts = health.rounds.filter((r) => r.answered !== (answeredPerRound.get(r.round) ?? 0));
  checks.check(
    'every answer is stored',
    (answers.size > 0 || asked.length === 0) && wrongCounts.length === 0,
    wrongCounts.length === 0
      ? `${answers.size} answers`
      : wrongCounts
          .map((r) => `round ${r.round}: ${r.answered} stored, ${answeredPerRound.get(r.round) ?? 0} saved`)
          .join('; '),
  );

  // 4. Alerts where the simulation created risk.
  const expectedRisk = expectedAtRisk(asked, pairsOf, answers);
  const raised = new Map<string, Set<string>>(
    health.atRiskPairs.map((p) => [`${p.round}|${pairKey(p)}`, new Set(p.reasons)]),
  );
  const notRaised = [...expectedRisk].filter(([key, reason]) => !raised.get(key)?.has(reason));
  checks.check(
    'pairs at risk raise an alert: two missed rounds, not met twice, a low rating',
    notRaised.length === 0,
    `${expectedRisk.size} provoked, ${raised.size} raised${notRaised.length ? `; not raised: ${notRaised.slice(0, 3).join(', ')}` : ''}`,
  );
  const tired = new Set<string>();
  const lowEnergy = new Map<string, Set<number>>();
  for (const [key, answer] of answers) {
    if (answer.energy === undefined || answer.energy > 2) continue;
    const [round, , participantId] = key.split('|');
    const rounds = lowEnergy.get(participantId!) ?? new Set();
    rounds.add(Number(round));
    lowEnergy.set(participantId!, rounds);
    if (rounds.size >= 2) tired.add(participantId!);
  }
  const flagged = new Set(health.flaggedSupporters.map((s) => s.participantId));
  const notFlagged = [...tired].filter((id) => !flagged.has(id));
  checks.check(
    'supporters who report low energy twice are flagged',
    notFlagged.length === 0,
    `${tired.size} tired, ${flagged.size} flagged, ${notFlagged.length} missed`,
  );
  const helped = [...answers].filter(([, a]) => a.help).map(([key]) => key.split('|'));
  const listed = new Set(health.helpRequests.map((h) => `${h.round}|${h.participantId}`));
  const helpToCoordinator = coordinatorMail.filter((m) => m.subject.endsWith(': someone asked for help'));
  checks.check(
    'each help request is listed and emailed to the coordinator',
    helped.every(([round, , participantId]) => listed.has(`${round}|${participantId}`)) &&
      helpToCoordinator.length === helped.length,
    `${helped.length} asked for help, ${listed.size} listed, ${helpToCoordinator.length} emails to the coordinator`,
  );

  // 5. Unsubscribing stops check-ins.
  checks.check(
    'people who unsubscribed get no more check-ins, and every page worked',
    problems.length === 0,
    problems.length === 0 ? `${unsubscribedAt.size} unsubscribed` : problems.slice(0, 5).join('; '),
  );

  return {
    unsubscribedEmails,
    findings: {
      rounds: asked.length,
      checkIns: checkIns.length,
      reminders: reminders.length,
      answered: answers.size,
      helpRequests: health.helpRequests.length,
      atRiskPairs: health.atRiskPairs.length,
      flaggedSupporters: health.flaggedSupporters.length,
      closedPairs: health.closedPairs.length,
      unsubscribed: unsubscribedAt.size,
      duplicates,
    },
  };

  /** Reads the mail that arrived since the last look, and lets each person act on theirs. */
  async function actOnNewMail(): Promise<void> {
    // The store's `since` is in whole seconds: look a little back, and skip what was seen.
    const startedAt = Math.floor(Date.now() / 1000) - 2;
    const fresh = (await readStoreSince(runtime.sesUrl, readSince)).filter(
      (email) => !mail.has(email.messageId) && !seenOther.has(email.messageId),
    );
    readSince = startedAt;
    const todo: (() => Promise<void>)[] = [];
    for (const email of fresh) {
      const to = email.destination.to[0]?.toLowerCase() ?? '';
      if (to === setup.coordinatorEmail.toLowerCase()) coordinatorMail.push(email);
      const parsed = habits.has(to) ? parseCheckInMail(email, to) : undefined;
      if (!parsed) {
        seenOther.add(email.messageId);
        continue;
      }
      mail.set(parsed.messageId, parsed);
      const goneSince = unsubscribedRound.get(parsed.participantId);
      if (goneSince !== undefined) {
        // Someone in two pairs gets two check-ins a round: only a later round's is wrong.
        if (parsed.round > goneSince)
          problems.push(
            `${parsed.participantId} got a check-in for round ${parsed.round} after unsubscribing`,
          );
        continue;
      }
      const habit = habits.get(to) as CheckInHabit;
      if (habit === 'unsubscribes' && parsed.unsubscribe) {
        const link = parsed.unsubscribe;
        unsubscribedAt.set(parsed.participantId, runtime.clock.nowMs());
        unsubscribedRound.set(parsed.participantId, parsed.round);
        unsubscribedEmails.add(to);
        todo.push(() => unsubscribe(link, parsed.participantId));
        continue;
      }
      const key = `${parsed.round}|${parsed.pair}|${parsed.participantId}`;
      if (parsed.reminder) parsed.answeredBefore = answers.has(key);
      const acts = habit === 'late' ? parsed.reminder : !parsed.reminder && habit !== 'silent';
      if (acts && !answers.has(key)) todo.push(() => answer(parsed, habit, key));
    }
    await forEachLimited(todo, BROWSERS, (work) => work());
  }

  async function answer(checkIn: CheckInMail, habit: CheckInHabit, key: string): Promise<void> {
    const supporter = checkIn.side === 'supporter';
    const chosen: Answer = {
      met: habit !== 'unhappy',
      // Not from `setup.random`: answers run concurrently, and the seed must give the same run.
      rating: habit === 'unhappy' ? 2 : 4 + ((checkIn.round + checkIn.participantId.length) % 2),
      ...(supporter ? { energy: habit === 'tired' && [2, 3].includes(checkIn.round) ? 1 : 4 } : {}),
      help: habit === 'asks-help' && checkIn.round === 2,
    };
    // The one-click link opens the confirm page, which must record nothing: a link scanner
    // opening it would otherwise answer for the person.
    const confirm = await fetchPage(checkIn.link);
    const action = /<form method="post" action="([^"]+)"/.exec(confirm.html)?.[1];
    if (confirm.status !== 200 || !action) {
      problems.push(
        `${checkIn.participantId}: the confirm page of round ${checkIn.round} gave HTTP ${confirm.status}`,
      );
      return;
    }
    const body = new URLSearchParams({ met: chosen.met ? 'yes' : 'no', rating: String(chosen.rating) });
    if (chosen.energy !== undefined) body.append('energy', String(chosen.energy));
    if (checkIn.round === 1) body.append('fit', 'good');
    if (chosen.help) {
      body.append('help', 'yes');
      body.append('helpNote', 'We are stuck on what to work on next.');
    }
    const saved = await fetchPage(new URL(action.replaceAll('&amp;', '&'), checkIn.link).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
    if (saved.status !== 200 || !saved.html.includes('Your answer is saved')) {
      problems.push(`${checkIn.participantId}: saving round ${checkIn.round} gave HTTP ${saved.status}`);
      return;
    }
    answers.set(key, chosen);
  }

  async function unsubscribe(link: string, participantId: string): Promise<void> {
    const page = await fetchPage(link);
    const action = /<form method="post" action="([^"]+)"/.exec(page.html)?.[1];
    const done = action ? await fetchPage(new URL(action, link).href, { method: 'POST' }) : undefined;
    if (done?.status !== 200) problems.push(`${participantId}: unsubscribing failed`);
  }
}

function habitOf(random: Random): CheckInHabit {
  const total = HABITS.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random.next() * total;
  for (const [habit, weight] of HABITS) {
    roll -= weight;
    if (roll < 0) return habit;
  }
  return 'engaged';
}

function pairKey(pair: { seekerId: string; role: string; supporterId: string }): string {
  return `${pair.seekerId}~${pair.role}~${pair.supporterId}`;
}

/**
 * A check-in email, told by its subject, with its link's token read as a browser can: the token
 * (`v1.check-in.<participant>.<item>.<exp>.<mac>`) names the person and, in base64url, the
 * cohort, round and pair it is about.
 */
function parseCheckInMail(email: SentEmail, to: string): CheckInMail | undefined {
  const reminder = REMINDER_SUBJECT.test(email.subject);
  if (!reminder && !CHECK_IN_SUBJECT.test(email.subject)) return undefined;
  const text = email.body.text ?? email.body.html ?? '';
  const link = LINK.exec(text)?.[0];
  const token = link && /\/check-in\/([^?]+)/.exec(link)?.[1];
  const [, , participantId, item] = token?.split('.') ?? [];
  if (!link || !participantId || !item) return undefined;
  const [, round, seekerId, role, supporterId] = Buffer.from(item, 'base64url').toString('utf8').split('|');
  if (!round || !seekerId || !role || !supporterId) return undefined;
  return {
    messageId: email.messageId,
    to,
    reminder,
    round: Number(round),
    pair: pairKey({ seekerId, role, supporterId }),
    participantId,
    side: participantId === supporterId ? 'supporter' : 'seeker',
    link,
    unsubscribe: UNSUBSCRIBE_LINK.exec(text)?.[0],
  };
}

/**
 * The pairs the simulation put at risk, by the rules in docs/check-ins.md, from what people saved:
 * `<round>|<pair>` → the reason an alert must give.
 */
function expectedAtRisk(
  rounds: readonly { round: number; status: string }[],
  pairsOf: ReadonlyMap<number, readonly string[]>,
  answers: ReadonlyMap<string, Answer>,
): Map<string, string> {
  const expected = new Map<string, string>();
  const history = new Map<string, { answered: boolean; notMet: boolean }[]>();
  for (const { round, status } of [...rounds].sort((a, b) => a.round - b.round)) {
    if (status !== 'closed') continue;
    for (const pair of pairsOf.get(round) ?? []) {
      const said = [...answers].filter(([key]) => key.startsWith(`${round}|${pair}|`)).map(([, a]) => a);
      const met = said.some((a) => a.met);
      const observation = { answered: said.length > 0, notMet: !met && said.some((a) => !a.met) };
      const past = history.get(pair) ?? [];
      const previous = past.at(-1);
      const key = `${round}|${pair}`;
      if (!observation.answered && previous && !previous.answered) expected.set(key, 'missed-two-rounds');
      else if (observation.notMet && past.some((o) => o.notMet)) expected.set(key, 'not-met-twice');
      else if (said.some((a) => a.rating <= 2)) expected.set(key, 'low-rating');
      history.set(pair, [...past, observation]);
    }
  }
  return expected;
}

async function readStoreSince(sesUrl: string, since: number): Promise<SentEmail[]> {
  const response = await fetch(`${sesUrl}/store?since=${since}`);
  if (!response.ok) throw new Error(`The SES emulator's GET /store answered HTTP ${response.status}`);
  return ((await response.json()) as { emails: SentEmail[] }).emails;
}

async function fetchPage(url: string, init: RequestInit = {}): Promise<{ status: number; html: string }> {
  const response = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(35_000) });
  return { status: response.status, html: await response.text() };
}

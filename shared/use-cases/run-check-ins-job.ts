import {
  isInactive,
  observePair,
  type PairObservation,
  pairRisk,
  reportsLowEnergy,
} from '#shared/domain/check-ins/alerts.ts';
import type {
  DigestState,
  Notice,
  PairState,
  RoundState,
  StoredCheckIn,
} from '#shared/domain/check-ins/check-in.ts';
import { type Pair, pairKey } from '#shared/domain/check-ins/check-in-ref.ts';
import { summariseRound } from '#shared/domain/check-ins/health.ts';
import { planRounds } from '#shared/domain/check-ins/rounds.ts';
import { type CheckInSettings, checkInSettings } from '#shared/domain/check-ins/settings.ts';
import type { Cohort } from '#shared/domain/cohort.ts';
import { ConflictError } from '#shared/domain/errors.ts';
import type { Milestone } from '#shared/domain/milestone.ts';
import { addLocalDays, localDate, localToInstant } from '#shared/domain/zoned-time.ts';
import type { DigestLine } from '#shared/emails/check-in-notices.ts';
import type { DomainEvent } from '#shared/events/domain-event.ts';
import { PairAtRisk } from '#shared/events/pair-at-risk.ts';
import { PairClosed } from '#shared/events/pair-closed.ts';
import { SupporterFlagged } from '#shared/events/supporter-flagged.ts';
import type { StoredMatch } from '#shared/ports/match-store.ts';
import type { SendJob } from '#shared/ports/send-queue.ts';
import { runFollowUps } from './answer-check-in.ts';
import { type CohortContext, checkInJob, digestJobs, pairClosedJobs } from './check-in-emails.ts';
import type { Deps } from './deps.ts';
import { cohortParticipants } from './propose-matches.ts';

export interface CheckInsJobReport {
  started: number;
  roundsOpened: number;
  checkInsQueued: number;
  remindersQueued: number;
  roundsClosed: number;
  atRisk: number;
  flagged: number;
  pairsClosed: number;
  digestsQueued: number;
  followUps: number;
  /** The run stopped at its time budget with work left; the next run carries on from the cursors. */
  more: boolean;
}

type JobDeps = Pick<
  Deps,
  | 'clock'
  | 'cohorts'
  | 'programs'
  | 'participants'
  | 'matches'
  | 'checkIns'
  | 'sendQueue'
  | 'suppressions'
  | 'events'
  | 'signingKey'
  | 'publicBaseUrl'
>;

interface JobOptions {
  /** Cohorts whose matches were just approved (`MatchesApproved`), and when. */
  approved?: readonly { cohortId: string; at: Date }[];
  /**
   * Wall-clock time this run may take before it stops at a page boundary (default 10 minutes).
   * A run always does at least one item or page, so 0 means one page per run.
   */
  budgetMs?: number;
  /** Pairs per page (default 100); the cursor is saved after each. */
  pageSize?: number;
}

/** Pairs handled per page: one batch read, about 200 emails queued, then the cursor saved. */
const PAGE_SIZE = 100;
const BUDGET_MS = 10 * 60_000;
const DAY = 24 * 3600_000;
const ENDED: readonly Cohort['state'][] = ['surveying', 'closed'];

interface RunContext extends CohortContext {
  settings: CheckInSettings;
  /** The cohort's pairs in effect, in key order: every step walks them the same way. */
  pairs: (Pair & { key: string })[];
  matchOf: Map<string, StoredMatch>;
  matches: StoredMatch[];
}

/**
 * The check-ins job reconciles, like the intake and surveys jobs: everything the due index says
 * is due by now is done idempotently, each step recorded last.
 *
 * Primary course:
 * 1. `program-starts` (or `MatchesApproved` after the start): move the cohort matched → running
 *    and plan its rounds and its daily digest, once.
 * 2. A round that opens: walk the cohort's pairs a page at a time, queue both people's check-in
 *    (send key per round, pair and person), save the cursor. A crash or a throttle mid-way is
 *    repaired by the next run, which carries on from the cursor and re-queues at most one page
 *    (the sender drops what it already sent).
 * 3. The reminder: the same walk, queuing a reminder to whoever has not answered.
 * 4. The close: the same walk; each pair's answers become an observation; alert rules raise
 *    `PairAtRisk`, flag tired supporters, close inactive pairs; then the round's counts are kept.
 * 5. The digest: one email a day to the coordinators with what happened since the last.
 * 6. An answer's follow-ups the page could not finish (help request, note, re-match).
 * New rounds stop once the cohort is surveying or closed.
 */
export async function runCheckInsJob(deps: JobDeps, options: JobOptions = {}): Promise<CheckInsJobReport> {
  const now = deps.clock.now();
  const startedAt = Date.now();
  const outOfTime = () => Date.now() - startedAt >= (options.budgetMs ?? BUDGET_MS);
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const report: CheckInsJobReport = {
    started: 0,
    roundsOpened: 0,
    checkInsQueued: 0,
    remindersQueued: 0,
    roundsClosed: 0,
    atRisk: 0,
    flagged: 0,
    pairsClosed: 0,
    digestsQueued: 0,
    followUps: 0,
    more: false,
  };
  const contexts = new Map<string, Promise<RunContext | undefined>>();
  const contextOf = (cohortId: string) => {
    if (!contexts.has(cohortId)) contexts.set(cohortId, loadContext(cohortId));
    return contexts.get(cohortId) as Promise<RunContext | undefined>;
  };

  for (const { cohortId, at } of options.approved ?? []) await start(cohortId, at);
  let handled = 0;
  for await (const item of deps.checkIns.due(now)) {
    // The first item is always done, so a run that starts late still moves things on.
    if (handled > 0 && outOfTime()) {
      report.more = true;
      break;
    }
    handled += 1;
    try {
      if (item.type === 'milestone') await runMilestone(item.milestone);
      else if (item.type === 'round') await runRound(item.round);
      else if (item.type === 'digest') await runDigest(item.digest);
      else await followUp(item.checkIn);
    } catch (error) {
      // Another run did this step first; what it stored stands and the index will say what is left.
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  return report;

  async function loadContext(cohortId: string): Promise<RunContext | undefined> {
    const cohort = await deps.cohorts.get(cohortId);
    const program = cohort && (await deps.programs.get(cohort.programId));
    if (!cohort || !program) return undefined;
    const people = new Map((await cohortParticipants(deps, cohortId)).map((p) => [p.participantId, p]));
    const matches = cohort.matchingRun
      ? await deps.matches.matchesOf(cohortId, cohort.matchingRun.runId)
      : [];
    const pairs = matches
      .filter((m) => m.status === 'matched' && m.supporterId)
      .map((m) => {
        const pair = { seekerId: m.seekerId, role: m.role, supporterId: m.supporterId as string };
        return { ...pair, key: pairKey(pair) };
      })
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const matchOf = new Map(
      matches
        .filter((m) => m.supporterId)
        .map((m) => [pairKey({ ...m, supporterId: m.supporterId as string }), m]),
    );
    return { cohort, program, people, settings: checkInSettings(cohort.checkIns), pairs, matchOf, matches };
  }

  /** Moves matched → running; a lost race carries on from what the winner stored. */
  async function advance(cohort: Cohort): Promise<Cohort> {
    if (cohort.state !== 'matched') return cohort;
    try {
      return await deps.cohorts.transition(cohort, 'running');
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return (await deps.cohorts.get(cohort.cohortId)) ?? cohort;
    }
  }

  /**
   * Starts a cohort's check-ins if its matches are approved and its program has begun. 'waiting'
   * means not yet (the milestone stays due and is looked at again); 'done' means started, or never
   * will be (the cohort is gone or already past running).
   */
  async function start(cohortId: string, approvedAt: Date | undefined): Promise<'waiting' | 'done'> {
    const stored = await deps.cohorts.get(cohortId);
    if (!stored || ENDED.includes(stored.state)) return 'done';
    const starts = Date.parse(stored.programStartsAt);
    if ((stored.state !== 'matched' && stored.state !== 'running') || now.getTime() < starts)
      return 'waiting';
    const cohort = await advance(stored);
    contexts.delete(cohortId);
    if (cohort.state !== 'running') return ENDED.includes(cohort.state) ? 'done' : 'waiting';
    // Matches approved after the start begin their cadence at the approval; a job that merely
    // ran late (within a day) keeps the planned start.
    const begins =
      approvedAt && approvedAt.getTime() > starts
        ? approvedAt.getTime()
        : now.getTime() - starts > DAY
          ? now.getTime()
          : starts;
    const anchoredAt = new Date(begins).toISOString();
    const settings = checkInSettings(cohort.checkIns);
    const rounds = planRounds({
      anchoredAt,
      programEndsAt: cohort.programEndsAt,
      timeZone: cohort.timeZone,
      checkInEveryDays: cohort.checkInEveryDays,
      settings,
    });
    const plan = await deps.checkIns.ensurePlan(
      { cohortId, anchoredAt, createdAt: now.toISOString() },
      rounds.map((round) => ({ ...round, cohortId, step: 'open', asked: 0, version: 1 })),
      { cohortId, nextAt: nextDigestAt(cohort, settings, now), version: 1 },
    );
    if (plan.createdAt === now.toISOString()) report.started += 1;
    return 'done';
  }

  async function runMilestone(milestone: Milestone): Promise<void> {
    if (milestone.kind !== 'program-starts') return;
    if ((await start(milestone.cohortId, undefined)) === 'done')
      await deps.cohorts.markMilestoneDone(milestone, now);
  }

  async function runRound(seen: RoundState): Promise<void> {
    // The index may lag behind the table: act on the rounds as stored. A round's close and the
    // next round's opening can fall due at the same instant, and the index does not order them;
    // earlier rounds go first, so a pair closed at one round's close is never asked in the next.
    const rounds = (await deps.checkIns.rounds(seen.cohortId))
      .filter((r) => r.round <= seen.round)
      .sort((a, b) => a.round - b.round);
    for (const stored of rounds) if (!(await stepThrough(stored))) return;
  }

  /** Takes every step of a round that is due; false when a step could not finish in this run. */
  async function stepThrough(stored: RoundState): Promise<boolean> {
    let round = stored;
    for (let due = dueOf(round); due && due <= now.toISOString(); due = dueOf(round)) {
      const before = round;
      if (round.step === 'open') round = await openStep(round);
      else if (round.step === 'remind') round = await remindStep(round);
      else round = await closeStep(round);
      if (round.step === before.step) {
        report.more = true;
        return false;
      }
    }
    return true;
  }

  async function openStep(seen: RoundState): Promise<RoundState> {
    let round = seen;
    const context = await contextOf(round.cohortId);
    const cohort = context && (await advance(context.cohort));
    if (!context || !cohort || cohort.state !== 'running')
      return deps.checkIns.saveRound(round, { step: 'skipped', cursor: undefined }, undefined);
    for (const page of pagesAfter(context.pairs, round.cursor, pageSize)) {
      const known = await deps.checkIns.pairs(
        round.cohortId,
        page.map((p) => p.key),
      );
      const fresh = page.filter((p) => !known.has(p.key));
      await deps.checkIns.addPairs(
        fresh.map(({ key: _key, ...pair }) => ({
          ...pair,
          cohortId: round.cohortId,
          firstRound: round.round,
          startedAt: now.toISOString(),
          observations: {},
        })),
      );
      const asked = page.filter((p) => !known.get(p.key)?.closedAt);
      const jobs = await jobsFor(context, round, asked, () => true, false);
      await deps.sendQueue.enqueue(jobs);
      report.checkInsQueued += jobs.length;
      round = await deps.checkIns.saveRound(
        round,
        { cursor: page.at(-1)?.key, asked: round.asked + jobs.length },
        round.opensAt,
      );
      if (outOfTime()) return round;
    }
    report.roundsOpened += 1;
    return deps.checkIns.saveRound(
      round,
      { step: round.remindAt ? 'remind' : 'close', cursor: undefined },
      round.remindAt ?? round.closesAt,
    );
  }

  async function remindStep(seen: RoundState): Promise<RoundState> {
    let round = seen;
    const context = await contextOf(round.cohortId);
    const answered = new Set<string>();
    for await (const c of deps.checkIns.checkInsOf(round.cohortId, round.round))
      answered.add(`${pairKey(c)}#${c.participantId}`);
    for (const page of pagesAfter(context?.pairs ?? [], round.cursor, pageSize)) {
      if (!context) break;
      const known = await deps.checkIns.pairs(
        round.cohortId,
        page.map((p) => p.key),
      );
      const asked = page.filter((p) => askedIn(known.get(p.key), round));
      const jobs = await jobsFor(context, round, asked, (p, id) => !answered.has(`${p.key}#${id}`), true);
      await deps.sendQueue.enqueue(jobs);
      report.remindersQueued += jobs.length;
      round = await deps.checkIns.saveRound(round, { cursor: page.at(-1)?.key }, round.remindAt);
      if (outOfTime()) return round;
    }
    return deps.checkIns.saveRound(round, { step: 'close', cursor: undefined }, round.closesAt);
  }

  async function closeStep(seen: RoundState): Promise<RoundState> {
    let round = seen;
    const context = await contextOf(round.cohortId);
    const answers = new Map<string, StoredCheckIn[]>();
    for await (const c of deps.checkIns.checkInsOf(round.cohortId, round.round))
      answers.set(pairKey(c), [...(answers.get(pairKey(c)) ?? []), c]);
    const rounds = await deps.checkIns.rounds(round.cohortId);
    // "We met" counts until the round it was said in closed: a pair that says so is never closed
    // by the same round's close, whatever the cadence and the inactivity period.
    const closesAt = new Map(rounds.map((r) => [r.round, r.closesAt]));
    const closedAt = new Date(round.closesAt);
    for (const page of pagesAfter(context?.pairs ?? [], round.cursor, pageSize)) {
      if (!context) break;
      const known = await deps.checkIns.pairs(
        round.cohortId,
        page.map((p) => p.key),
      );
      const events: DomainEvent[] = [];
      const jobs: SendJob[] = [];
      for (const { key, ...pair } of page) {
        const state = known.get(key);
        if (!state || !askedIn(state, round)) continue;
        const got = answers.get(key) ?? [];
        const observation = observePair(got.map((c) => c.answer));
        await deps.checkIns.observe(state, round.round, observation);
        const history = [
          ...Object.entries(state.observations)
            .filter(([r]) => Number(r) < round.round)
            .sort(([a], [b]) => Number(a) - Number(b))
            .map(([, o]) => o),
          observation,
        ];
        const reasons = pairRisk(history);
        if (reasons.length > 0) {
          await deps.checkIns.addNotice({
            cohortId: round.cohortId,
            kind: 'pair-at-risk',
            id: `${round.round}#${key}`,
            at: round.closesAt,
            round: round.round,
            pair,
            reasons,
          });
          events.push(
            PairAtRisk.create(
              { cohortId: round.cohortId, round: round.round, ...pair, reasons },
              now,
              `PairAtRisk:${round.cohortId}:${round.round}:${key}`,
            ),
          );
          report.atRisk += 1;
        }
        for (const c of got) {
          if (c.side !== 'supporter' || !reportsLowEnergy(c.answer)) continue;
          if (await deps.checkIns.recordLowEnergy(round.cohortId, c.participantId, round.round, closedAt)) {
            await deps.checkIns.addNotice({
              cohortId: round.cohortId,
              kind: 'supporter-flagged',
              id: `${c.participantId}#${round.round}`,
              at: round.closesAt,
              round: round.round,
              participantId: c.participantId,
            });
            events.push(
              SupporterFlagged.create(
                { cohortId: round.cohortId, participantId: c.participantId, round: round.round },
                now,
                `SupporterFlagged:${round.cohortId}:${c.participantId}:${round.round}`,
              ),
            );
            report.flagged += 1;
          }
        }
        const observed: Record<string, PairObservation> = {
          ...state.observations,
          [round.round]: observation,
        };
        const metRounds = Object.entries(observed)
          .filter(([, o]) => o.met)
          .map(([r]) => Number(r));
        const lastMetAt = metRounds.length > 0 ? closesAt.get(Math.max(...metRounds)) : undefined;
        if (isInactive(lastMetAt, state.startedAt, closedAt, context.settings.closeInactiveAfterDays)) {
          jobs.push(...(await closeInactivePair(context, state, key)));
          events.push(
            PairClosed.create(
              { cohortId: round.cohortId, ...pair, reason: 'inactive' },
              now,
              `PairClosed:${round.cohortId}:${key}`,
            ),
          );
        }
      }
      await deps.sendQueue.enqueue(jobs);
      await deps.events.publish(events);
      round = await deps.checkIns.saveRound(round, { cursor: page.at(-1)?.key }, round.closesAt);
      if (outOfTime()) return round;
    }
    const atRisk = (await deps.checkIns.notices(round.cohortId, 'pair-at-risk')).filter(
      (n) => n.round === round.round,
    ).length;
    report.roundsClosed += 1;
    return deps.checkIns.saveRound(
      round,
      { step: 'done', cursor: undefined, summary: summariseRound([...answers.values()].flat(), atRisk) },
      undefined,
    );
  }

  /**
   * Ends the match (the supporter's place is free again, their load recorded), tells both, and
   * notes it for the coordinator. Every part repeats harmlessly.
   */
  async function closeInactivePair(context: RunContext, state: PairState, key: string): Promise<SendJob[]> {
    const match = context.matchOf.get(key);
    if (match?.status === 'matched') {
      const ended: StoredMatch = {
        ...match,
        status: 'ended',
        endedWith: [...(match.endedWith ?? []), state.supporterId],
      };
      await deps.matches.putMatch(ended);
      context.matchOf.set(key, ended);
      context.matches = context.matches.map((m) => (m === match ? ended : m));
      await deps.matches.recordOutcome(context.cohort.cohortId, context.cohort.programEndsAt, [
        {
          participantId: state.supporterId,
          supporting: context.matches.filter(
            (m) => m.status === 'matched' && m.supporterId === state.supporterId,
          ).length,
          unmatchedRoles: [],
        },
      ]);
    }
    await deps.checkIns.addNotice({
      cohortId: state.cohortId,
      kind: 'pair-closed',
      id: key,
      at: now.toISOString(),
      pair: { seekerId: state.seekerId, role: state.role, supporterId: state.supporterId },
    });
    await deps.checkIns.closePair(state, now);
    report.pairsClosed += 1;
    return pairClosedJobs(deps, context, state, context.settings.closeInactiveAfterDays);
  }

  /**
   * The check-in (or reminder) of each person of these pairs whom `include` keeps. People the
   * program may not email (unsubscribed, bounced, complained) are left out here, not only by the
   * sender, so a round's `asked` counts the check-ins that went out and its response rate is not
   * lowered by people it never asked. The sender checks again for anyone suppressed since.
   */
  async function jobsFor(
    context: RunContext,
    round: RoundState,
    pairs: readonly (Pair & { key: string })[],
    include: (pair: Pair & { key: string }, participantId: string) => boolean,
    reminder: boolean,
  ): Promise<SendJob[]> {
    const wanted = pairs.flatMap(({ key, ...pair }) =>
      (['seeker', 'supporter'] as const).flatMap((side) => {
        const to = context.people.get(side === 'seeker' ? pair.seekerId : pair.supporterId);
        return to && include({ ...pair, key }, to.participantId) ? [{ pair, side, email: to.email }] : [];
      }),
    );
    const suppressed = await deps.suppressions.suppressedAmong(wanted.map((w) => w.email));
    const jobs = await Promise.all(
      wanted
        .filter((w) => !suppressed.has(w.email))
        .map(({ pair, side }) => checkInJob(deps, context, round, pair, side, reminder)),
    );
    return jobs.filter((job): job is SendJob => job !== undefined);
  }

  async function runDigest(seen: DigestState): Promise<void> {
    const context = await contextOf(seen.cohortId);
    if (!context) return deps.checkIns.saveDigest(seen, undefined);
    const { cohort } = context;
    const date = localDate(now, cohort.timeZone);
    const notices = await deps.checkIns.claimNotices(cohort.cohortId, date);
    if (notices.length > 0) {
      const jobs = digestJobs(
        context,
        date,
        notices.map((n) => digestLine(context, n)),
      );
      await deps.sendQueue.enqueue(jobs);
      report.digestsQueued += jobs.length;
    }
    // A closed cohort's last digest has gone out; nothing more will happen to report.
    const next = cohort.state === 'closed' ? undefined : nextDigestAt(cohort, context.settings, now);
    await deps.checkIns.saveDigest(seen, next);
  }

  async function followUp(seen: StoredCheckIn): Promise<void> {
    const current = await deps.checkIns.getCheckIn(seen, seen.participantId);
    if (!current) return;
    await runFollowUps(deps, current);
    report.followUps += 1;
  }
}

function dueOf(round: RoundState): string | undefined {
  if (round.step === 'open') return round.opensAt;
  if (round.step === 'remind') return round.remindAt ?? round.closesAt;
  if (round.step === 'close') return round.closesAt;
  return undefined;
}

/** A pair was asked in this round if it existed when the round opened and has not been closed. */
function askedIn(state: PairState | undefined, round: RoundState): state is PairState {
  return state !== undefined && state.firstRound <= round.round && !state.closedAt;
}

/** The pairs after `cursor` (the last key done), a page at a time. */
function* pagesAfter<T extends { key: string }>(
  pairs: readonly T[],
  cursor: string | undefined,
  size: number,
): Iterable<T[]> {
  const from = cursor === undefined ? 0 : pairs.findIndex((p) => p.key > cursor);
  if (from < 0) return;
  for (let i = from; i < pairs.length; i += size) yield pairs.slice(i, i + size);
}

/** The next digest time after `after`: `digestHour` o'clock in the cohort's zone. */
function nextDigestAt(cohort: Cohort, settings: CheckInSettings, after: Date): string {
  const hour = String(settings.digestHour).padStart(2, '0');
  const today = localToInstant(`${localDate(after, cohort.timeZone)}T${hour}:00`, cohort.timeZone) as string;
  return Date.parse(today) > after.getTime() ? today : addLocalDays(today, 1, cohort.timeZone);
}

const nameOf = (context: CohortContext, id: string | undefined) =>
  (id && context.people.get(id)?.name) || id || 'someone';

function digestLine(context: CohortContext, notice: Notice): DigestLine {
  const pair = notice.pair;
  const who = pair
    ? `${nameOf(context, pair.seekerId)} and ${nameOf(context, pair.supporterId)} (${pair.role})`
    : nameOf(context, notice.participantId);
  return {
    kind: notice.kind,
    who: notice.kind === 'help-request' ? `${nameOf(context, notice.participantId)}: ${who}` : who,
    ...(notice.round !== undefined ? { round: notice.round } : {}),
    ...(notice.reasons ? { reasons: notice.reasons } : {}),
  };
}

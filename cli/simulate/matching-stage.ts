import type { LocalRuntime } from '#infra/local/runtime.ts';
import type { SentEmail } from '#infra/local/ses-feedback.ts';
import type { Cohort } from '#shared/domain/cohort.ts';
import { type Participant, SENIORITY_LEVELS } from '#shared/domain/participant.ts';
import { SUPPORT_ROLES, type SupportRole, supportRoleDescriptions } from '#shared/domain/support-roles.ts';
import { withArticle } from '#shared/emails/introduction.ts';
import type { StoredMatch } from '#shared/ports/match-store.ts';
import type { ParticipantPage } from '#shared/ports/participant-store.ts';
import type { MatchesView } from '#shared/use-cases/review-matches.ts';
import { type ApiClient, apiPath } from '../api-client.ts';
import type { Checks } from './checks.ts';
import { mailByRecipient, readInbox } from './inbox.ts';
import type { IntakeRun } from './intake-stage.ts';
import type { SimulatedPerson } from './people.ts';

interface StageContext {
  runtime: LocalRuntime;
  /** Acts as the run's coordinator. */
  client: ApiClient;
  checks: Checks;
  progress(line: string): void;
}

/** What `simulate --json` reports about matching: counts only. */
export interface MatchingFindings {
  /** One per seeker and role sought by the people who applied. */
  seekersNeeds: number;
  matched: number;
  unmatched: number;
  /** Introduction emails to this run's people, the re-match's included. */
  introductions: number;
  /** Matches ended early ("not a fit") that found a new supporter. */
  rematched: number;
}

/** The matching job runs on `IntakeClosed`; a tick or two more is all it may take. */
const TICKS_FOR_PROPOSAL = 3;

/** The words the introduction template (`shared/emails/introduction.ts`) puts in its subjects. */
const INTRODUCTION_SUBJECTS = [/^Meet your [a-z]+: /, /, whom you will support$/];
const isIntroduction = (email: SentEmail) => INTRODUCTION_SUBJECTS.some((re) => re.test(email.subject));

/**
 * Matching, as a coordinator and the people live it, checked from the outside:
 * 1. After intake closed, tick until the matching job has proposed; list the proposal.
 * 2. Check what the API shows against the applications: one entry per need, at most one
 *    supporter per seeker and role, nobody matched with themselves, no supporter over the places
 *    they offered (per role and in total), sponsors senior and influential enough.
 * 3. Approve; tick; every matched person has exactly one introduction per match, naming the other.
 * 4. End one match as "not a fit": the seeker gets a new supporter and a new introduction, the
 *    old supporter is not offered again, and nobody else's match or inbox changes.
 */
export async function runMatchingStage(
  ctx: StageContext,
  setup: { run: IntakeRun; people: readonly SimulatedPerson[] },
): Promise<MatchingFindings> {
  const { runtime, client, checks, progress } = ctx;
  const cohortId = setup.run.cohort.cohortId;
  const findings: MatchingFindings = {
    seekersNeeds: 0,
    matched: 0,
    unmatched: 0,
    introductions: 0,
    rematched: 0,
  };

  progress('waiting for the matching job to propose matches');
  const proposed = await proposal(ctx, cohortId);
  checks.check(
    'the matching job proposed matches after intake closed',
    proposed !== undefined && proposed.cohort.state === 'matching',
    proposed ? `cohort is ${proposed.cohort.state}` : `no proposal after ${TICKS_FOR_PROPOSAL} ticks`,
  );
  if (!proposed) return findings;
  const participants = await allParticipants(client, cohortId);
  checkProposal(checks, proposed, participants);
  findings.seekersNeeds = proposed.matches.length;
  findings.matched = matchedOf(proposed.matches).length;
  findings.unmatched = findings.seekersNeeds - findings.matched;
  progress(`${findings.matched} of ${findings.seekersNeeds} needs matched; approving`);

  const { cohort } = await client.post<{ cohort: Cohort }>(
    apiPath`/cohorts/${cohortId}/matches/approval`,
    {},
  );
  checks.check(
    'approval moves the cohort to matched',
    cohort.state === 'matched',
    `cohort is ${cohort.state}`,
  );
  await runtime.tick();
  const byId = new Map(participants.map((p) => [p.participantId, p]));
  const addresses = setup.people.map((person) => person.email);
  const introduced = introductionsByRecipient(await readInbox(runtime.sesUrl), addresses);
  const wrongIntroductions = introductionProblems(matchedOf(proposed.matches), introduced, byId);
  checks.check(
    'each matched person got exactly one introduction per match, naming the other',
    wrongIntroductions.length === 0,
    wrongIntroductions.length === 0
      ? `${2 * findings.matched} introductions`
      : wrongIntroductions.slice(0, 5).join('; '),
  );

  const ending = matchToEnd(proposed.matches, participants, setup.people);
  if (!ending) {
    checks.check(
      'a match that ends early can be re-matched',
      findings.matched === 0,
      'no match with spare room',
    );
    findings.introductions = count(introduced);
    return findings;
  }
  progress(`ending the ${ending.role} match of one seeker as "not a fit"`);
  const rematch = await endOneMatch(ctx, { cohortId, proposed, ending, participants, addresses, introduced });
  findings.introductions = rematch.introductions;
  findings.rematched = rematch.rematched ? 1 : 0;
  return findings;
}

/** What the API lists, checked against the applications it was made from. */
function checkProposal(checks: Checks, proposed: MatchesView, participants: readonly Participant[]): void {
  const expectedNeeds = participants
    .filter(takesPart)
    .reduce((sum, p) => sum + (p.application?.seeks.length ?? 0), 0);
  const problems = constraintProblems(proposed.matches, participants);
  checks.check(
    'proposed matches keep every rule visible from outside',
    problems.length === 0,
    problems.length === 0
      ? `${proposed.matches.length} needs, ${matchedOf(proposed.matches).length} matched`
      : problems.slice(0, 5).join('; '),
  );
  checks.check(
    'every need of every applicant is listed once',
    proposed.matches.length === expectedNeeds,
    `${proposed.matches.length} listed for ${expectedNeeds} needs`,
  );
  const unnamed = proposed.matches.filter(
    (m) => !proposed.people[m.seekerId] || (m.supporterId && !proposed.people[m.supporterId]),
  );
  checks.check(
    'the list names everyone in it',
    unnamed.length === 0,
    `${unnamed.length} needs without names`,
  );
}

/**
 * The coordinator ends one approved match as "not a fit". The seeker must get a new supporter
 * within the rules and one new introduction, as must that supporter; nothing else may move.
 */
async function endOneMatch(
  ctx: StageContext,
  input: {
    cohortId: string;
    proposed: MatchesView;
    ending: StoredMatch & { supporterId: string };
    participants: readonly Participant[];
    addresses: readonly string[];
    introduced: ReadonlyMap<string, readonly SentEmail[]>;
  },
): Promise<{ rematched: boolean; introductions: number }> {
  const { runtime, client, checks } = ctx;
  const { cohortId, proposed, ending, participants, introduced } = input;
  const next = await client.post<StoredMatch>(apiPath`/cohorts/${cohortId}/matches/${ending.seekerId}/end`, {
    role: ending.role,
    reason: 'not-a-fit',
  });
  await runtime.tick();
  const after = await client.get<MatchesView>(apiPath`/cohorts/${cohortId}/matches`);
  const introducedAfter = introductionsByRecipient(await readInbox(runtime.sesUrl), input.addresses);

  const newSupporter = next.status === 'matched' ? next.supporterId : undefined;
  const rematched = newSupporter !== undefined && newSupporter !== ending.supporterId;
  const afterProblems = constraintProblems(after.matches, participants);
  checks.check(
    'the ended match has a new supporter, within the rules',
    rematched && afterProblems.length === 0,
    newSupporter === undefined
      ? `no new supporter: ${next.reason ?? 'no reason'}`
      : afterProblems.length === 0
        ? `${rematched ? 'a different' : 'the same'} supporter`
        : afterProblems.slice(0, 5).join('; '),
  );
  const key = (m: StoredMatch) => `${m.seekerId}#${m.role}`;
  const pairOf = (m: StoredMatch) => `${m.status}:${m.supporterId ?? ''}`;
  const before = new Map(proposed.matches.map((m) => [key(m), pairOf(m)]));
  const moved = after.matches.filter((m) => key(m) !== key(ending) && before.get(key(m)) !== pairOf(m));
  checks.check(
    'ending one match moved nobody else’s',
    moved.length === 0 && after.matches.length === proposed.matches.length,
    `${moved.length} other needs changed`,
  );

  // Only the seeker and the new supporter may have new mail: one introduction each, naming each other.
  const seen = new Set([...introduced.values()].flat().map((email) => email.messageId));
  const fresh = new Map(
    [...introducedAfter]
      .map(([address, mail]) => [address, mail.filter((email) => !seen.has(email.messageId))] as const)
      .filter(([, mail]) => mail.length > 0),
  );
  const byId = new Map(participants.map((p) => [p.participantId, p]));
  const freshProblems = newSupporter
    ? introductionProblems([next], fresh, byId)
    : [`${fresh.size} people got new introductions without a new match`];
  checks.check(
    'the re-matched seeker and their new supporter got one new introduction each, and nobody else',
    freshProblems.length === 0,
    freshProblems.length === 0 ? 'two new introductions' : freshProblems.slice(0, 5).join('; '),
  );
  return { rematched, introductions: count(introducedAfter) };
}

/** The proposal, once the matching job has stored one (the API answers 409 until then). */
async function proposal(ctx: StageContext, cohortId: string): Promise<MatchesView | undefined> {
  for (let tick = 0; tick <= TICKS_FOR_PROPOSAL; tick += 1) {
    const reply = await ctx.client.request<MatchesView>('GET', apiPath`/cohorts/${cohortId}/matches`, {
      accept: [409],
    });
    if (reply.status === 200) return reply.body;
    await ctx.runtime.tick();
  }
  return undefined;
}

async function allParticipants(client: ApiClient, cohortId: string): Promise<Participant[]> {
  const participants: Participant[] = [];
  let cursor: string | undefined;
  do {
    const page: ParticipantPage = await client.get<ParticipantPage>(
      apiPath`/cohorts/${cohortId}/applications`,
      { query: { limit: 500, cursor } },
    );
    participants.push(...page.participants);
    cursor = page.nextCursor;
  } while (cursor);
  return participants;
}

const takesPart = (p: Participant) =>
  Boolean(p.application) && (p.status === 'applied' || p.status === 'approved');
const matchedOf = (matches: readonly StoredMatch[]) =>
  matches.filter(
    (m): m is StoredMatch & { supporterId: string } => m.status === 'matched' && !!m.supporterId,
  );

/** Every rule a coordinator could check with the list and the applications in hand. */
function constraintProblems(matches: readonly StoredMatch[], participants: readonly Participant[]): string[] {
  const problems: string[] = [];
  const byId = new Map(participants.map((p) => [p.participantId, p]));
  const needs = new Map<string, number>();
  const load = new Map<string, { total: number; byRole: Map<SupportRole, number> }>();
  for (const match of matches) {
    const need = `${match.seekerId}#${match.role}`;
    needs.set(need, (needs.get(need) ?? 0) + 1);
    const seeker = byId.get(match.seekerId);
    if (!seeker || !takesPart(seeker) || !seeker.application?.seeks.includes(match.role)) {
      problems.push(`${match.seekerId} is listed for ${match.role} without seeking it`);
    }
    if (match.status !== 'matched') {
      if (!match.reason) problems.push(`${need} is unmatched without a reason`);
      continue;
    }
    const supporterId = match.supporterId ?? '';
    if (supporterId === match.seekerId) problems.push(`${match.seekerId} is matched with themselves`);
    const supporter = byId.get(supporterId);
    if (!supporter || !takesPart(supporter)) problems.push(`${need}: supporter ${supporterId} did not apply`);
    if (match.role === 'sponsor' && seeker?.application && supporter?.application) {
      // The program's default rules: a sponsor has influence and is at least one level more senior.
      const gap =
        SENIORITY_LEVELS.indexOf(supporter.application.seniority) -
        SENIORITY_LEVELS.indexOf(seeker.application.seniority);
      if (!supporter.application.hasInfluence || gap < 1) {
        problems.push(`${need}: sponsor ${supporterId} lacks influence or seniority (gap ${gap})`);
      }
    }
    const entry = load.get(supporterId) ?? { total: 0, byRole: new Map() };
    entry.total += 1;
    entry.byRole.set(match.role, (entry.byRole.get(match.role) ?? 0) + 1);
    load.set(supporterId, entry);
  }
  for (const [need, times] of needs) if (times > 1) problems.push(`${need} is listed ${times} times`);
  for (const [supporterId, entry] of load) {
    const offers = byId.get(supporterId)?.application?.offers ?? [];
    const offered = offers.reduce((sum, offer) => sum + offer.capacity, 0);
    if (entry.total > offered) problems.push(`${supporterId} supports ${entry.total}, offered ${offered}`);
    for (const [role, taken] of entry.byRole) {
      const capacity = offers.find((offer) => offer.role === role)?.capacity ?? 0;
      if (taken > capacity) problems.push(`${supporterId} is ${role} to ${taken}, offered ${capacity}`);
    }
  }
  return problems;
}

function introductionsByRecipient(emails: readonly SentEmail[], addresses: readonly string[]) {
  const byRecipient = mailByRecipient(emails, addresses);
  for (const [address, mail] of byRecipient) byRecipient.set(address, mail.filter(isIntroduction));
  return byRecipient;
}

function count(byRecipient: ReadonlyMap<string, readonly SentEmail[]>): number {
  return [...byRecipient.values()].reduce((sum, mail) => sum + mail.length, 0);
}

/**
 * Each match needs one introduction to the seeker that names the supporter and the role, and one
 * to the supporter that names the seeker and the role; a person's introductions are exactly those.
 */
function introductionProblems(
  matches: readonly StoredMatch[],
  mail: ReadonlyMap<string, readonly SentEmail[]>,
  byId: ReadonlyMap<string, Participant>,
): string[] {
  const problems: string[] = [];
  const expected = new Map<string, number>();
  for (const match of matches) {
    const seeker = byId.get(match.seekerId);
    const supporter = match.supporterId ? byId.get(match.supporterId) : undefined;
    if (!seeker || !supporter) {
      problems.push(`${match.seekerId}#${match.role}: a person is missing`);
      continue;
    }
    const title = supportRoleDescriptions[match.role].title.toLowerCase();
    const sides = [
      { to: seeker, other: supporter, says: `your ${title} in` },
      { to: supporter, other: seeker, says: `as ${withArticle(title)} in` },
    ];
    for (const { to, other, says } of sides) {
      const address = to.email.toLowerCase();
      expected.set(address, (expected.get(address) ?? 0) + 1);
      const naming = (mail.get(address) ?? []).filter((email) => {
        const text = email.body.text ?? '';
        return text.includes(other.name) && text.includes(other.email) && text.includes(says);
      });
      if (naming.length !== 1) {
        problems.push(
          `${to.participantId} got ${naming.length} introductions to ${other.participantId} as ${title}`,
        );
      }
    }
  }
  for (const [address, emails] of mail) {
    if (emails.length !== (expected.get(address) ?? 0)) {
      problems.push(
        `${address} got ${emails.length} introductions for ${expected.get(address) ?? 0} matches`,
      );
    }
  }
  return problems;
}

/**
 * The match to end early: the first seeker (in the cohort's import order, so a seed repeats the
 * choice) whose next best alternative still has room in that role and in total, so a re-match
 * must find somebody new.
 */
function matchToEnd(
  matches: readonly StoredMatch[],
  participants: readonly Participant[],
  people: readonly SimulatedPerson[],
): (StoredMatch & { supporterId: string }) | undefined {
  const indexOf = new Map(people.map((person) => [person.email.toLowerCase(), person.index]));
  const byId = new Map(participants.map((p) => [p.participantId, p]));
  const order = (id: string) =>
    indexOf.get(byId.get(id)?.email.toLowerCase() ?? '') ?? Number.MAX_SAFE_INTEGER;
  const matched = matchedOf(matches);
  const taken = (supporterId: string, role?: SupportRole) =>
    matched.filter((m) => m.supporterId === supporterId && (role === undefined || m.role === role)).length;
  const hasRoom = (supporterId: string, role: SupportRole) => {
    const offers = byId.get(supporterId)?.application?.offers ?? [];
    const capacity = offers.find((offer) => offer.role === role)?.capacity ?? 0;
    const total = offers.reduce((sum, offer) => sum + offer.capacity, 0);
    return taken(supporterId, role) < capacity && taken(supporterId) < total;
  };
  return [...matched]
    .sort(
      (a, b) =>
        order(a.seekerId) - order(b.seekerId) ||
        SUPPORT_ROLES.indexOf(a.role) - SUPPORT_ROLES.indexOf(b.role),
    )
    .find((m) =>
      m.alternatives.some(
        (option) =>
          option.supporterId !== m.supporterId &&
          option.supporterId !== m.seekerId &&
          hasRoom(option.supporterId, m.role),
      ),
    );
}

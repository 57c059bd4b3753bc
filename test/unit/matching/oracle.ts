import type { CandidatePair, MatchingInput, MatchingResult } from '#shared/domain/matching/types.ts';
import { SENIORITY_LEVELS } from '#shared/domain/participant.ts';
import type { SupportRole } from '#shared/domain/support-roles.ts';

/**
 * An independent referee for the matching tests: the rules, the room and the optimum, written
 * again from the words, sharing no code with shared/domain/matching.
 */

const level = (seniority: string) => SENIORITY_LEVELS.indexOf(seniority as (typeof SENIORITY_LEVELS)[number]);

/** Whether two people sit within two steps of each other on the reporting lines. */
function inChain(input: MatchingInput, a: string, b: string): boolean {
  const managers = (id: string) =>
    input.reportingLines.filter((l) => l.personId === id).map((l) => l.managerId);
  const above = (id: string) => new Set([...managers(id), ...managers(id).flatMap(managers)]);
  return (a !== b && above(a).has(b)) || (a !== b && above(b).has(a));
}

/** May this seeker be matched with this supporter in this role, places aside? */
export function allowed(
  input: MatchingInput,
  seekerId: string,
  supporterId: string,
  role: SupportRole,
): boolean {
  const s = input.seekers.find((x) => x.personId === seekerId);
  const t = input.supporters.find((x) => x.personId === supporterId);
  if (!s || !t || !s.seeks.includes(role) || !t.offers.some((o) => o.role === role)) return false;
  if (t.paused || seekerId === supporterId || inChain(input, seekerId, supporterId)) return false;
  if (input.forbids.some((f) => f.seekerId === seekerId && f.supporterId === supporterId)) return false;
  if (role === 'sponsor') {
    const gap = input.rules?.sponsorMinSeniorityGap ?? 1;
    const influence = input.rules?.sponsorRequiresInfluence ?? true;
    if (level(t.seniority) - level(s.seniority) < gap || (influence && !t.hasInfluence)) return false;
  }
  return true;
}

export function places(input: MatchingInput, supporterId: string, role: SupportRole): number {
  return (
    input.supporters.find((t) => t.personId === supporterId)?.offers.find((o) => o.role === role)?.capacity ??
    0
  );
}

export function loadRoom(input: MatchingInput, supporterId: string): number {
  const t = input.supporters.find((x) => x.personId === supporterId)!;
  return Math.max(0, t.totalLoadLimit - t.currentLoadElsewhere);
}

/** Every broken rule in a result, in words (empty when it is a valid assignment). */
export function violations(input: MatchingInput, result: MatchingResult): string[] {
  const broken: string[] = [];
  const perSeekerRole = new Set<string>();
  const perOffer = new Map<string, number>();
  const perSupporter = new Map<string, number>();
  for (const m of result.matches) {
    if (!allowed(input, m.seekerId, m.supporterId, m.role))
      broken.push(`not allowed: ${m.seekerId}-${m.supporterId} ${m.role}`);
    const key = `${m.seekerId}/${m.role}`;
    if (perSeekerRole.has(key)) broken.push(`two ${m.role}s for ${m.seekerId}`);
    perSeekerRole.add(key);
    const offer = `${m.supporterId}/${m.role}`;
    perOffer.set(offer, (perOffer.get(offer) ?? 0) + 1);
    perSupporter.set(m.supporterId, (perSupporter.get(m.supporterId) ?? 0) + 1);
  }
  for (const [offer, n] of perOffer) {
    const [supporterId, role] = offer.split('/') as [string, SupportRole];
    if (n > places(input, supporterId, role)) broken.push(`${offer} over its places`);
  }
  for (const [supporterId, n] of perSupporter) {
    if (n > loadRoom(input, supporterId)) broken.push(`${supporterId} over their total load`);
  }
  for (const pin of input.pins) {
    if (
      !result.matches.some(
        (m) => m.seekerId === pin.seekerId && m.supporterId === pin.supporterId && m.role === pin.role,
      )
    ) {
      broken.push(`pin ${pin.seekerId}-${pin.supporterId} dropped`);
    }
  }
  const demand = input.seekers.reduce((n, s) => n + new Set(s.seeks).size, 0);
  if (result.matches.length + result.unmatched.length !== demand) broken.push('a seeker-role is missing');
  return broken;
}

/** Seeker-roles left unmatched although an allowed supporter still has a place in that role and load room. */
export function unmatchedWithRoom(input: MatchingInput, result: MatchingResult): string[] {
  const used = (supporterId: string, role?: SupportRole) =>
    result.matches.filter((m) => m.supporterId === supporterId && (role === undefined || m.role === role))
      .length;
  return result.unmatched.flatMap((u) =>
    input.supporters
      .filter(
        (t) =>
          allowed(input, u.seekerId, t.personId, u.role) &&
          used(t.personId, u.role) < places(input, t.personId, u.role) &&
          used(t.personId) < loadRoom(input, t.personId),
      )
      .map((t) => `${u.seekerId} (${u.role}) unmatched while ${t.personId} has room`),
  );
}

interface Optimum {
  matched: number;
  cents: number;
}

const cents = (score: number) => Math.round(score * 100);

function groupBySeekerRole(input: MatchingInput, candidates: CandidatePair[]) {
  const pinned = new Map(input.pins.map((p) => [`${p.seekerId}/${p.role}`, p.supporterId]));
  const groups = new Map<string, CandidatePair[]>();
  for (const c of candidates) {
    const key = `${c.seekerId}/${c.role}`;
    const only = pinned.get(key);
    if (only !== undefined && only !== c.supporterId) continue;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return { groups: [...groups.entries()], pinned };
}

/** The best (matches, then score) by trying every assignment of candidates: for small cohorts. */
export function bruteForce(input: MatchingInput, candidates: CandidatePair[]): Optimum {
  const { groups, pinned } = groupBySeekerRole(input, candidates);
  const offerUse = new Map<string, number>();
  const supporterUse = new Map<string, number>();
  let best: Optimum = { matched: -1, cents: 0 };
  const visit = (i: number, matched: number, total: number) => {
    if (i === groups.length) {
      if (matched > best.matched || (matched === best.matched && total > best.cents))
        best = { matched, cents: total };
      return;
    }
    const [key, options] = groups[i]!;
    if (!pinned.has(key)) visit(i + 1, matched, total);
    for (const c of options) {
      const offer = `${c.supporterId}/${c.role}`;
      const o = offerUse.get(offer) ?? 0;
      const t = supporterUse.get(c.supporterId) ?? 0;
      if (o >= places(input, c.supporterId, c.role) || t >= loadRoom(input, c.supporterId)) continue;
      offerUse.set(offer, o + 1);
      supporterUse.set(c.supporterId, t + 1);
      visit(i + 1, matched + 1, total + cents(c.score));
      offerUse.set(offer, o);
      supporterUse.set(c.supporterId, t);
    }
  };
  visit(0, 0, 0);
  return best;
}

/**
 * The optimum by a different method: a maximum flow of minimum cost (cost = −score) found by
 * successive shortest paths with Bellman–Ford, source → seeker-role → (supporter, role) →
 * supporter → sink. Pinned pairs are taken first, out of the places.
 */
export function minCostMaxFlow(input: MatchingInput, candidates: CandidatePair[]): Optimum {
  const { groups, pinned } = groupBySeekerRole(input, candidates);
  const arcs: { from: string; to: string; cap: number; cost: number }[] = [];
  const offerTaken = new Map<string, number>();
  const supporterTaken = new Map<string, number>();
  let base: Optimum = { matched: 0, cents: 0 };
  const add = (from: string, to: string, cap: number, cost: number) => {
    arcs.push({ from, to, cap, cost }, { from: to, to: from, cap: 0, cost: -cost });
  };
  for (const [key, options] of groups) {
    if (pinned.has(key)) {
      const c = options[0]!;
      offerTaken.set(`${c.supporterId}/${c.role}`, (offerTaken.get(`${c.supporterId}/${c.role}`) ?? 0) + 1);
      supporterTaken.set(c.supporterId, (supporterTaken.get(c.supporterId) ?? 0) + 1);
      base = { matched: base.matched + 1, cents: base.cents + cents(c.score) };
      continue;
    }
    add('source', `want:${key}`, 1, 0);
    for (const c of options) add(`want:${key}`, `offer:${c.supporterId}/${c.role}`, 1, -cents(c.score));
  }
  for (const t of input.supporters) {
    for (const o of t.offers) {
      add(
        `offer:${t.personId}/${o.role}`,
        `give:${t.personId}`,
        o.capacity - (offerTaken.get(`${t.personId}/${o.role}`) ?? 0),
        0,
      );
    }
    add(`give:${t.personId}`, 'sink', loadRoom(input, t.personId) - (supporterTaken.get(t.personId) ?? 0), 0);
  }
  let { matched, cents: total } = base;
  for (;;) {
    const dist = new Map<string, number>([['source', 0]]);
    const via = new Map<string, number>();
    for (let round = 0, changed = true; changed && round < arcs.length; round += 1) {
      changed = false;
      arcs.forEach((a, i) => {
        const d = dist.get(a.from);
        if (a.cap <= 0 || d === undefined) return;
        if (d + a.cost < (dist.get(a.to) ?? Number.POSITIVE_INFINITY)) {
          dist.set(a.to, d + a.cost);
          via.set(a.to, i);
          changed = true;
        }
      });
    }
    if (!dist.has('sink')) break;
    for (let node = 'sink'; node !== 'source'; ) {
      const i = via.get(node)!;
      arcs[i]!.cap -= 1;
      arcs[i ^ 1]!.cap += 1;
      node = arcs[i]!.from;
    }
    matched += 1;
    total -= dist.get('sink')!;
  }
  return { matched, cents: total };
}

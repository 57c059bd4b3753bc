import type { FieldProblem } from '../errors.ts';
import { SUPPORT_ROLES } from '../support-roles.ts';
import { ROLE_COUNT, type Rows, roleIndex, seniorityLevel } from './scoring.ts';
import type { MatchingInput, MatchingRules, Seeker, Supporter } from './types.ts';

/**
 * The hard rules: who may never be paired, and how much each supporter can take on. Nothing here
 * is a preference; a pair that breaks a rule is not a candidate at all, and a coordinator's pin
 * that breaks one is refused with both people and the rule named.
 */

/** Each supporter's places, per role and in total. */
export interface Offers {
  count: number;
  /** `supporter × ROLE_COUNT + role` → the offer's id, or -1 when the role is not offered. */
  ofSupporterRole: Int32Array;
  supporter: Int32Array;
  role: Uint8Array;
  capacity: Int32Array;
  /**
   * Per supporter: what they agreed to carry in total, less what they carry in concurrent
   * cohorts. Never negative: someone already over their limit simply takes nobody new.
   */
  loadRoom: Int32Array;
}

export function buildOffers(supporters: readonly Supporter[]): Offers {
  const ofSupporterRole = new Int32Array(supporters.length * ROLE_COUNT).fill(-1);
  const supporter: number[] = [];
  const role: number[] = [];
  const capacity: number[] = [];
  supporters.forEach((t, i) => {
    // In role order, so offer ids never depend on the order a form listed the roles in.
    const sorted = [...t.offers].sort((a, b) => roleIndex(a.role) - roleIndex(b.role));
    for (const offer of sorted) {
      ofSupporterRole[i * ROLE_COUNT + roleIndex(offer.role)] = supporter.length;
      supporter.push(i);
      role.push(roleIndex(offer.role));
      capacity.push(offer.capacity);
    }
  });
  return {
    count: supporter.length,
    ofSupporterRole,
    supporter: Int32Array.from(supporter),
    role: Uint8Array.from(role),
    capacity: Int32Array.from(capacity),
    loadRoom: Int32Array.from(supporters, (t) => Math.max(0, t.totalLoadLimit - t.currentLoadElsewhere)),
  };
}

/** Sponsors open doors: senior enough above the seeker, and (by default) with influence. */
function sponsorAllows(rules: MatchingRules, seeker: Seeker, supporter: Supporter): boolean {
  return (
    seniorityLevel(supporter) - seniorityLevel(seeker) >= rules.sponsorMinSeniorityGap &&
    (!rules.sponsorRequiresInfluence || supporter.hasInfluence)
  );
}

type Relation = 'manager' | "manager's manager" | 'report' | "report's report";

/** The answer for the many people with no reporting line in the cohort's input. */
const NOBODY: ReadonlyMap<string, Relation> = new Map();

/**
 * Who is within two steps of whom on the reporting lines, both ways. Walking a fixed two steps
 * (never "up to the top") is what keeps a cycle of reporting lines from looping, and a person
 * listed with two managers has both chains checked.
 */
export class ReportingChains {
  private readonly managers = new Map<string, string[]>();
  private readonly reports = new Map<string, string[]>();

  constructor(lines: MatchingInput['reportingLines']) {
    const add = (map: Map<string, string[]>, key: string, value: string) => {
      const list = map.get(key);
      if (list) list.push(value);
      else map.set(key, [value]);
    };
    for (const { personId, managerId } of lines) {
      if (personId === managerId) continue;
      add(this.managers, personId, managerId);
      add(this.reports, managerId, personId);
    }
  }

  /** Everyone within the chain of `personId`, with how they relate to them. */
  relatives(personId: string): ReadonlyMap<string, Relation> {
    if (!this.managers.has(personId) && !this.reports.has(personId)) return NOBODY;
    const found = new Map<string, Relation>();
    const walk = (map: Map<string, string[]>, near: Relation, far: Relation) => {
      for (const first of map.get(personId) ?? []) {
        if (!found.has(first)) found.set(first, near);
        for (const second of map.get(first) ?? []) if (!found.has(second)) found.set(second, far);
      }
    };
    walk(this.managers, 'manager', "manager's manager");
    walk(this.reports, 'report', "report's report");
    found.delete(personId);
    return found;
  }
}

function describeRelation(seekerId: string, supporterId: string, relation: Relation): string {
  switch (relation) {
    case 'manager':
      return `${supporterId} is ${seekerId}'s manager`;
    case "manager's manager":
      return `${supporterId} is ${seekerId}'s manager's manager`;
    case 'report':
      return `${seekerId} is ${supporterId}'s manager`;
    default:
      return `${seekerId} is ${supporterId}'s manager's manager`;
  }
}

/**
 * Per seeker, the supporters they may never be paired with whatever the role: themselves (a
 * person can seek and offer support), anyone within their reporting chain, and coordinator
 * forbids. Forbids naming someone not in the cohort are kept out of the way silently: "never
 * pair" holds trivially for a person who left.
 */
export function buildExclusions(
  seekerIds: readonly string[],
  supporterIndex: ReadonlyMap<string, number>,
  chains: ReportingChains,
  forbids: MatchingInput['forbids'],
): Rows {
  const forbidden = new Map<string, number[]>();
  for (const { seekerId, supporterId } of forbids) {
    const t = supporterIndex.get(supporterId);
    if (t === undefined) continue;
    const list = forbidden.get(seekerId);
    if (list) list.push(t);
    else forbidden.set(seekerId, [t]);
  }
  const start = new Int32Array(seekerIds.length + 1);
  const items: number[] = [];
  for (let i = 0; i < seekerIds.length; i += 1) {
    const id = seekerIds[i]!;
    const from = items.length;
    if (forbidden.size > 0) for (const t of forbidden.get(id) ?? []) items.push(t);
    const self = supporterIndex.get(id);
    if (self !== undefined) items.push(self);
    for (const relative of chains.relatives(id).keys()) {
      const t = supporterIndex.get(relative);
      if (t !== undefined) items.push(t);
    }
    if (items.length - from > 1) {
      // Ascending and without repeats, for the binary search in `isExcluded`.
      const row = [...new Set(items.splice(from))].sort((a, b) => a - b);
      items.push(...row);
    }
    start[i + 1] = items.length;
  }
  return { start, items: Int32Array.from(items) };
}

/** Whether `supporter` is in seeker `seeker`'s exclusion row (ascending, so binary search). */
function isExcluded(exclusions: Rows, seeker: number, supporter: number): boolean {
  let low = exclusions.start[seeker]!;
  let high = exclusions.start[seeker + 1]! - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const value = exclusions.items[middle]!;
    if (value === supporter) return true;
    if (value < supporter) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

/**
 * Whether a pair could be matched in a role if places allowed: the role is offered, the
 * supporter is not paused, the sponsor rules hold, and no exclusion applies.
 */
export function pairAllowed(
  context: { supporters: readonly Supporter[]; seekers: readonly Seeker[]; offers: Offers; exclusions: Rows },
  rules: MatchingRules,
  seeker: number,
  supporter: number,
  role: number,
): boolean {
  const t = context.supporters[supporter]!;
  return (
    context.offers.ofSupporterRole[supporter * ROLE_COUNT + role]! >= 0 &&
    !t.paused &&
    (SUPPORT_ROLES[role] !== 'sponsor' || sponsorAllows(rules, context.seekers[seeker]!, t)) &&
    !isExcluded(context.exclusions, seeker, supporter)
  );
}

interface PinCheckContext {
  seekers: readonly Seeker[];
  supporters: readonly Supporter[];
  seekerIndex: ReadonlyMap<string, number>;
  supporterIndex: ReadonlyMap<string, number>;
  offers: Offers;
  chains: ReportingChains;
  forbids: MatchingInput['forbids'];
  rules: MatchingRules;
}

/**
 * Every way the coordinator's pins break a rule, each naming both people and the rule, so one
 * run shows them all. Pins are checked against each other too: two pins for one seeker and
 * role, or more pins on a supporter than their places.
 */
export function pinProblems(pins: MatchingInput['pins'], context: PinCheckContext): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const pinned = {
    roles: new Set<string>(),
    perOffer: new Map<number, number>(),
    perSupporter: new Map<number, number>(),
  };
  pins.forEach((pin, n) => {
    const message = pinProblem(pin, context, pinned);
    if (message) problems.push({ field: `pins[${n}]`, message });
  });
  return problems;
}

function pinProblem(
  pin: MatchingInput['pins'][number],
  context: PinCheckContext,
  pinned: { roles: Set<string>; perOffer: Map<number, number>; perSupporter: Map<number, number> },
): string | undefined {
  const { seekerId, supporterId, role } = pin;
  const s = context.seekerIndex.get(seekerId);
  const t = context.supporterIndex.get(supporterId);
  if (s === undefined) return `the pin names ${seekerId} as a seeker, but nobody seeks support under that id`;
  if (t === undefined)
    return `the pin names ${supporterId} as a supporter, but nobody offers support under that id`;
  const seeker = context.seekers[s]!;
  const supporter = context.supporters[t]!;
  const pair = `cannot pin ${seekerId} with ${supporterId} as ${role}`;
  if (!seeker.seeks.includes(role)) return `${pair}: ${seekerId} does not seek a ${role}`;
  const offer = context.offers.ofSupporterRole[t * ROLE_COUNT + roleIndex(role)]!;
  if (offer < 0) return `${pair}: ${supporterId} does not offer to be a ${role}`;
  const key = `${seekerId}\u0000${role}`;
  if (pinned.roles.has(key)) return `${pair}: ${seekerId} already has a pinned ${role}`;
  pinned.roles.add(key);
  if (seekerId === supporterId) return `${pair}: nobody can be their own ${role}`;
  const relation = context.chains.relatives(seekerId).get(supporterId);
  if (relation) {
    return `${pair}: ${describeRelation(seekerId, supporterId, relation)}, and nobody is matched within their reporting chain`;
  }
  if (context.forbids.some((f) => f.seekerId === seekerId && f.supporterId === supporterId)) {
    return `${pair}: a forbid says ${seekerId} and ${supporterId} must never be paired`;
  }
  if (supporter.paused) return `${pair}: ${supporterId} is paused and takes nobody new`;
  if (role === 'sponsor' && !sponsorAllows(context.rules, seeker, supporter)) {
    const gap = seniorityLevel(supporter) - seniorityLevel(seeker);
    return gap < context.rules.sponsorMinSeniorityGap
      ? `${pair}: a sponsor must be at least ${context.rules.sponsorMinSeniorityGap} seniority level(s) above the seeker, and ${supporterId} (${supporter.seniority}) is ${gap} above ${seekerId} (${seeker.seniority})`
      : `${pair}: a sponsor must have influence where decisions are made, and ${supporterId} did not say so`;
  }
  const inOffer = (pinned.perOffer.get(offer) ?? 0) + 1;
  pinned.perOffer.set(offer, inOffer);
  const places = context.offers.capacity[offer]!;
  if (inOffer > places) {
    return `${pair}: ${supporterId} offered ${places} ${role} place(s), and more pins than that name them`;
  }
  const inTotal = (pinned.perSupporter.get(t) ?? 0) + 1;
  pinned.perSupporter.set(t, inTotal);
  const room = context.offers.loadRoom[t]!;
  if (inTotal > room) {
    return `${pair}: ${supporterId} can take ${room} more person(s) in total across roles and cohorts, and more pins than that name them`;
  }
  return undefined;
}

import { IDENTITY_FIELDS } from '../participant.ts';
import { SUPPORT_ROLES, type SupportRole } from '../support-roles.ts';
import type { MatchingInput, MatchingResult } from './types.ts';

/**
 * The coordinator's fairness report: who got matched, and how well, by role and by the identity
 * groups people allowed us to use. Identity groups are shown only with at least
 * `MINIMUM_GROUP_SIZE` people; a smaller group is hidden, and when hiding it alone would let
 * anyone work it out from the cohort's total minus the groups shown, the next smallest groups
 * are hidden with it (complementary suppression) until the hidden ones together hold at least
 * that many people, in at least two groups.
 */

const MINIMUM_GROUP_SIZE = 5;

type IdentityField = (typeof IDENTITY_FIELDS)[number];

interface GroupOutcome {
  /** People in the group who seek support. */
  seekers: number;
  /** Seeker-roles: one person seeking a mentor and a sponsor counts twice. */
  sought: number;
  matched: number;
  /** matched / sought, 0–1, three decimals. */
  matchRate: number;
  /** Mean score of the group's matches, or null when none was matched. */
  meanScore: number | null;
}

type IdentityGroup =
  | ({ value: string; suppressed: false } & GroupOutcome)
  | { value: string; suppressed: true; why: 'fewer-than-minimum' | 'protects-a-smaller-group' };

interface FairnessReport {
  minimumGroupSize: number;
  overall: GroupOutcome;
  byRole: ({ role: SupportRole } & GroupOutcome)[];
  byIdentity: { field: IdentityField; groups: IdentityGroup[] }[];
}

interface Tally {
  people: Set<string>;
  sought: number;
  matched: number;
  scoreCents: number;
}

const emptyTally = (): Tally => ({ people: new Set(), sought: 0, matched: 0, scoreCents: 0 });

function outcome(tally: Tally): GroupOutcome {
  return {
    seekers: tally.people.size,
    sought: tally.sought,
    matched: tally.matched,
    matchRate: tally.sought === 0 ? 0 : Math.round((tally.matched / tally.sought) * 1000) / 1000,
    meanScore: tally.matched === 0 ? null : Math.round(tally.scoreCents / tally.matched) / 100,
  };
}

export function fairnessReport(input: MatchingInput, result: MatchingResult): FairnessReport {
  const scoreOf = new Map(result.matches.map((m) => [`${m.seekerId}\u0000${m.role}`, m.score]));
  const overall = emptyTally();
  const byRole = new Map<SupportRole, Tally>();
  const byValue = new Map<IdentityField, Map<string, { label: string; tally: Tally }>>();

  for (const seeker of input.seekers) {
    const fields = seeker.identity?.fields ?? {};
    const groups: Tally[] = [];
    for (const field of IDENTITY_FIELDS) {
      const raw = fields[field]?.trim();
      if (!raw) continue;
      const key = raw.toLowerCase();
      let values = byValue.get(field);
      if (!values) {
        values = new Map();
        byValue.set(field, values);
      }
      let group = values.get(key);
      if (!group) {
        group = { label: raw, tally: emptyTally() };
        values.set(key, group);
      }
      // The label shown is the smallest spelling, so it does not depend on input order.
      if (raw < group.label) group.label = raw;
      groups.push(group.tally);
    }
    for (const role of new Set(seeker.seeks)) {
      let roleTally = byRole.get(role);
      if (!roleTally) {
        roleTally = emptyTally();
        byRole.set(role, roleTally);
      }
      const score = scoreOf.get(`${seeker.personId}\u0000${role}`);
      for (const tally of [overall, roleTally, ...groups]) {
        tally.people.add(seeker.personId);
        tally.sought += 1;
        if (score !== undefined) {
          tally.matched += 1;
          tally.scoreCents += Math.round(score * 100);
        }
      }
    }
  }

  return {
    minimumGroupSize: MINIMUM_GROUP_SIZE,
    overall: outcome(overall),
    byRole: SUPPORT_ROLES.filter((role) => byRole.has(role)).map((role) => ({
      role,
      ...outcome(byRole.get(role)!),
    })),
    byIdentity: IDENTITY_FIELDS.filter((field) => byValue.has(field)).map((field) => ({
      field,
      groups: suppress([...byValue.get(field)!.values()]),
    })),
  };
}

/** Primary suppression of small groups, then complementary suppression within the field. */
function suppress(groups: { label: string; tally: Tally }[]): IdentityGroup[] {
  const sorted = [...groups].sort(
    (a, b) => a.tally.people.size - b.tally.people.size || (a.label < b.label ? -1 : 1),
  );
  const hidden = new Map<string, 'fewer-than-minimum' | 'protects-a-smaller-group'>();
  let hiddenPeople = 0;
  for (const group of sorted) {
    if (group.tally.people.size >= MINIMUM_GROUP_SIZE) break;
    hidden.set(group.label, 'fewer-than-minimum');
    hiddenPeople += group.tally.people.size;
  }
  if (hidden.size > 0) {
    for (const group of sorted) {
      if (hidden.size >= 2 && hiddenPeople >= MINIMUM_GROUP_SIZE) break;
      if (hidden.has(group.label)) continue;
      hidden.set(group.label, 'protects-a-smaller-group');
      hiddenPeople += group.tally.people.size;
    }
  }
  return [...groups]
    .sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0))
    .map((group): IdentityGroup => {
      const why = hidden.get(group.label);
      return why
        ? { value: group.label, suppressed: true, why }
        : { value: group.label, suppressed: false, ...outcome(group.tally) };
    });
}

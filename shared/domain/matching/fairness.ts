import { IDENTITY_FIELDS } from '../participant.ts';
import { MINIMUM_GROUP_SIZE, type SuppressionReason, suppressSmallGroups } from '../privacy/small-groups.ts';
import { SUPPORT_ROLES, type SupportRole } from '../support-roles.ts';
import type { MatchingIdentity, ProposedMatch, Seeker } from './types.ts';

/**
 * The coordinator's fairness report: who got matched, and how well, by role and by the identity
 * groups people allowed us to use. Identity groups are shown only with at least
 * `MINIMUM_GROUP_SIZE` people; a smaller group is hidden, and when hiding it alone would let
 * anyone work it out from the cohort's total minus the groups shown, the next smallest groups
 * are hidden with it (complementary suppression) until the hidden ones together hold at least
 * that many people, in at least two groups.
 */

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
  | { value: string; suppressed: true; why: SuppressionReason };

export interface FairnessReport {
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

/**
 * Identity here is what the person consented to store: for the matching job's own input that is
 * what they allowed for matching; for a stored cohort it is every field they chose to share.
 */
type FairnessSeeker = Pick<Seeker, 'personId' | 'seeks'> & { identity?: Pick<MatchingIdentity, 'fields'> };

export function fairnessReport(
  seekers: readonly FairnessSeeker[],
  matches: readonly Pick<ProposedMatch, 'seekerId' | 'role' | 'score'>[],
): FairnessReport {
  const scoreOf = new Map(matches.map((m) => [`${m.seekerId}\u0000${m.role}`, m.score]));
  const overall = emptyTally();
  const byRole = new Map<SupportRole, Tally>();
  const byValue = new Map<IdentityField, Map<string, { label: string; tally: Tally }>>();

  for (const seeker of seekers) {
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
  const hidden = suppressSmallGroups(groups.map((g) => ({ key: g.label, size: g.tally.people.size })));
  return [...groups]
    .sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0))
    .map((group): IdentityGroup => {
      const why = hidden.get(group.label);
      return why
        ? { value: group.label, suppressed: true, why }
        : { value: group.label, suppressed: false, ...outcome(group.tally) };
    });
}

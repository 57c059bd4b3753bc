/**
 * The one place that says how small a group may be shown. People in small groups are the
 * easiest to identify, so every report (matching fairness, survey outcomes) hides any group of
 * fewer than this many people.
 */
export const MINIMUM_GROUP_SIZE = 5;

export type SuppressionReason = 'fewer-than-minimum' | 'protects-a-smaller-group';

interface GroupSize {
  /** Unique within the breakdown; also the tie-breaker, so the result does not depend on input order. */
  key: string;
  size: number;
}

/**
 * Which groups of one breakdown to hide. First every group under the minimum (primary
 * suppression). Then, because the groups shown and the total together would give away a single
 * hidden group by subtraction, the next smallest groups are hidden with it (complementary
 * suppression) until the hidden groups number at least two and together hold at least the
 * minimum. The groups of a breakdown must partition its total (add an "not stated" group for
 * people without a value) for the subtraction argument to hold.
 */
export function suppressSmallGroups(groups: readonly GroupSize[]): Map<string, SuppressionReason> {
  const sorted = [...groups].sort((a, b) => a.size - b.size || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const hidden = new Map<string, SuppressionReason>();
  let hiddenPeople = 0;
  for (const group of sorted) {
    if (group.size >= MINIMUM_GROUP_SIZE) break;
    hidden.set(group.key, 'fewer-than-minimum');
    hiddenPeople += group.size;
  }
  if (hidden.size > 0) {
    for (const group of sorted) {
      if (hidden.size >= 2 && hiddenPeople >= MINIMUM_GROUP_SIZE) break;
      if (hidden.has(group.key)) continue;
      hidden.set(group.key, 'protects-a-smaller-group');
      hiddenPeople += group.size;
    }
  }
  return hidden;
}

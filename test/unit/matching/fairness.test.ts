import { describe, expect, it } from 'vitest';
import { fairnessReport } from '#shared/domain/matching/fairness.ts';
import { matchCohort } from '#shared/domain/matching/match-cohort.ts';
import type { Seeker } from '#shared/domain/matching/types.ts';
import { cohort, seeker, supporter } from './people.ts';

/** `n` seekers of one gender (consented), called `prefix0`, `prefix1`, ... */
function group(prefix: string, gender: string, n: number, overrides: Partial<Seeker> = {}): Seeker[] {
  return Array.from({ length: n }, (_, i) =>
    seeker(`${prefix}${i}`, { identity: { fields: { gender }, preference: 'none' }, ...overrides }),
  );
}

describe('fairness report', () => {
  it('reports match rate and mean score by role and by consented identity group', () => {
    // Prepare: 6 women seek mentors (5 places), 5 men seek coaches (plenty of places).
    const input = cohort({
      seekers: [...group('w', 'woman', 6), ...group('m', 'man', 5, { seeks: ['coach'] })],
      supporters: [
        supporter('t1', { offers: [{ role: 'mentor', capacity: 5 }] }),
        supporter('t2', { offers: [{ role: 'coach', capacity: 9 }] }),
      ],
    });
    const result = matchCohort(input);

    // Act
    const report = fairnessReport(input.seekers, result.matches);

    // Assess
    expect(report.overall).toEqual({ seekers: 11, sought: 11, matched: 10, matchRate: 0.909, meanScore: 20 });
    expect(report.byRole).toEqual([
      { role: 'mentor', seekers: 6, sought: 6, matched: 5, matchRate: 0.833, meanScore: 20 },
      { role: 'coach', seekers: 5, sought: 5, matched: 5, matchRate: 1, meanScore: 20 },
    ]);
    expect(report.byIdentity).toEqual([
      {
        field: 'gender',
        groups: [
          { value: 'man', suppressed: false, seekers: 5, sought: 5, matched: 5, matchRate: 1, meanScore: 20 },
          {
            value: 'woman',
            suppressed: false,
            seekers: 6,
            sought: 6,
            matched: 5,
            matchRate: 0.833,
            meanScore: 20,
          },
        ],
      },
    ]);
  });

  it('hides groups under 5 people, and the next smallest with them so none can be worked out', () => {
    // Prepare: 8 women, 6 men and 2 non-binary people.
    const input = cohort({
      seekers: [...group('w', 'woman', 8), ...group('m', 'man', 6), ...group('n', 'non-binary', 2)],
      supporters: [supporter('t', { offers: [{ role: 'mentor', capacity: 20 }], totalLoadLimit: 20 })],
    });

    // Act
    const report = fairnessReport(input.seekers, matchCohort(input).matches);

    // Assess
    expect(report.byIdentity[0]?.groups).toEqual([
      { value: 'man', suppressed: true, why: 'protects-a-smaller-group' },
      { value: 'non-binary', suppressed: true, why: 'fewer-than-minimum' },
      { value: 'woman', suppressed: false, seekers: 8, sought: 8, matched: 8, matchRate: 1, meanScore: 20 },
    ]);
  });

  it('hides two small groups that together reach 5 without touching a large one', () => {
    // Prepare
    const input = cohort({
      seekers: [...group('w', 'woman', 7), ...group('a', 'agender', 2), ...group('n', 'non-binary', 3)],
      supporters: [supporter('t', { offers: [{ role: 'mentor', capacity: 20 }], totalLoadLimit: 20 })],
    });

    // Act
    const report = fairnessReport(input.seekers, matchCohort(input).matches);

    // Assess
    expect(report.byIdentity[0]?.groups.map((g) => [g.value, g.suppressed])).toEqual([
      ['agender', true],
      ['non-binary', true],
      ['woman', false],
    ]);
  });

  it('uses only identity details people consented to: without them nobody is grouped', () => {
    // Prepare
    const input = cohort({ seekers: [seeker('a'), seeker('b')], supporters: [supporter('t')] });

    // Act
    const report = fairnessReport(input.seekers, matchCohort(input).matches);

    // Assess
    expect(report.byIdentity).toEqual([]);
    expect(report.minimumGroupSize).toBe(5);
  });
});

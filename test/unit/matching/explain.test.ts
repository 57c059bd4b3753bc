import { describe, expect, it } from 'vitest';
import { matchCohort } from '#shared/domain/matching/match-cohort.ts';
import { cohort, seeker, supporter } from './people.ts';

describe('explanations', () => {
  it('gives each unmatched seeker-role the reason a coordinator can act on', () => {
    // Prepare: nobody offers advocacy; the only coach is full; the only sponsor is ana's manager.
    const ana = seeker('ana', { seeks: ['advocate', 'coach', 'sponsor'] });
    const input = cohort({
      seekers: [seeker('ben', { seeks: ['coach'], goals: ['x'] }), ana],
      supporters: [
        supporter('cy', { offers: [{ role: 'coach', capacity: 1 }], skills: ['x'] }),
        supporter('mia', { offers: [{ role: 'sponsor', capacity: 2 }] }),
      ],
      reportingLines: [{ personId: 'ana', managerId: 'mia' }],
    });

    // Act
    const result = matchCohort(input);

    // Assess
    expect(result.unmatched).toEqual([
      { seekerId: 'ana', role: 'sponsor', reason: 'all-excluded-by-constraints' },
      { seekerId: 'ana', role: 'coach', reason: 'all-at-capacity' },
      { seekerId: 'ana', role: 'advocate', reason: 'no-supporter-offers-role' },
    ]);
  });

  it('counts a supporter with no places as at capacity, not as a problem', () => {
    // Prepare
    const input = cohort({
      seekers: [seeker('ana')],
      supporters: [supporter('bo', { offers: [{ role: 'mentor', capacity: 0 }] })],
    });

    // Act
    const result = matchCohort(input);

    // Assess
    expect(result.unmatched).toEqual([{ seekerId: 'ana', role: 'mentor', reason: 'all-at-capacity' }]);
    expect(result.totals).toEqual({ matched: 0, score: 0, demand: 1 });
  });

  it('lists the next best supporters for every seeker-role, best first, without the chosen one', () => {
    // Prepare: four mentors, sharing 3, 2, 1 and 0 of ana's goals.
    const goals = ['a', 'b', 'c'];
    const supporters = [0, 1, 2, 3].map((n) => supporter(`t${n}`, { skills: goals.slice(0, 3 - n) }));

    // Act
    const result = matchCohort(cohort({ seekers: [seeker('ana', { goals })], supporters }));

    // Assess
    expect(result.matches.map((m) => [m.supporterId, m.score])).toEqual([['t0', 60]]);
    expect(result.alternatives).toEqual([
      {
        seekerId: 'ana',
        role: 'mentor',
        options: [
          { supporterId: 't1', score: 46.67 },
          { supporterId: 't2', score: 33.33 },
          { supporterId: 't3', score: 20 },
        ],
      },
    ]);
  });

  it('lists the factors behind each match, biggest first, adding up to its score', () => {
    // Prepare
    const input = cohort({
      seekers: [seeker('ana', { goals: ['negotiation'], jobFunction: 'sales', timeZone: 'Europe/Paris' })],
      supporters: [supporter('bo', { goals: ['negotiation'], jobFunction: 'Sales' })],
    });

    // Act
    const [match] = matchCohort(input).matches;

    // Assess
    expect(match?.factors.map((f) => [f.factor, f.points])).toEqual([
      ['goalsAndSkills', 40],
      ['timeZoneOverlap', 17.5],
      ['functionOrIndustry', 15],
    ]);
    expect(match?.score).toBe(72.5);
  });
});

import { describe, expect, it } from 'vitest';
import { matchCohort } from '#shared/domain/matching/match-cohort.ts';
import { cohort, refusal, seeker, supporter } from './people.ts';

describe('matchCohort', () => {
  it('answers an empty cohort with an empty result', () => {
    // Act, Assess
    expect(matchCohort(cohort())).toEqual({
      matches: [],
      alternatives: [],
      unmatched: [],
      totals: { matched: 0, score: 0, demand: 0 },
    });
  });

  it('refuses duplicate people, naming them and both entries, and every other problem at once', () => {
    // Prepare
    const input = cohort({
      seekers: [
        seeker('ana'),
        seeker('ana', { seeks: ['mentor', 'mentor'] }),
        seeker('ben', { timeZone: 'Mars/Olympus' }),
      ],
      supporters: [
        supporter('bo'),
        supporter('bo', { offers: [{ role: 'mentor', capacity: -1 }], totalLoadLimit: 1.5 }),
      ],
      weights: { goalsAndSkills: 500 },
      rules: { candidatesPerSeeker: 0 },
    });

    // Act, Assess
    expect(refusal(input)).toEqual([
      'seekers[1].personId: ana is listed as a seeker twice (entries 0 and 1)',
      'seekers[2].timeZone: ben\'s time zone "Mars/Olympus" is not a time zone',
      'supporters[1].personId: bo is listed as a supporter twice (entries 0 and 1)',
      'seekers[1].seeks: ana seeks the same role twice',
      "supporters[1].offers[0].capacity: bo's places must be a whole number, 0 or more",
      "supporters[1].totalLoadLimit: bo's total load must be a whole number, 0 or more",
      'weights.goalsAndSkills: must be a number from 0 to 100',
      'rules.candidatesPerSeeker: must be a whole number, 1 or more',
    ]);
  });

  it('matches everyone who can be matched when seekers outnumber places', () => {
    // Prepare: 5 seekers, 3 places in total.
    const input = cohort({
      seekers: ['a', 'b', 'c', 'd', 'e'].map((id) => seeker(id)),
      supporters: [supporter('t1', { offers: [{ role: 'mentor', capacity: 2 }] }), supporter('t2')],
    });

    // Act
    const result = matchCohort(input);

    // Assess
    expect(result.totals).toEqual({ matched: 3, score: 60, demand: 5 });
    expect(result.unmatched).toHaveLength(2);
  });

  it('prefers one more match to a higher score', () => {
    // Prepare: ana scores well with both; ben only with bo. Giving ana to bo would score more
    // (shared goal) but leave ben unmatched.
    const input = cohort({
      seekers: [seeker('ana', { goals: ['x'] }), seeker('ben', { timeZone: 'Asia/Tokyo' })],
      supporters: [supporter('bo', { skills: ['x'] }), supporter('cy', { timeZone: 'Asia/Tokyo' })],
      forbids: [{ seekerId: 'ben', supporterId: 'cy' }],
    });

    // Act
    const result = matchCohort(input);

    // Assess: ben can only have bo, so ana takes cy (0 points) and both are matched.
    expect(result.matches.map((m) => `${m.seekerId}-${m.supporterId}`)).toEqual(['ana-cy', 'ben-bo']);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchCohort } from '#shared/domain/matching/match-cohort.ts';
import { DEFAULT_WEIGHTS } from '#shared/domain/matching/scoring.ts';
import type { ScoreFactor } from '#shared/domain/matching/types.ts';
import { cohort, cohortArb, seeker, supporter } from './people.ts';

/** The factors of the one match between `s` and `t`. */
function factorsOf(...people: Parameters<typeof pair>): ScoreFactor[] {
  return pair(...people).factors;
}

function pair(s: ReturnType<typeof seeker>, t: ReturnType<typeof supporter>, weights = {}) {
  const result = matchCohort(cohort({ seekers: [s], supporters: [t], weights }));
  const match = result.matches[0];
  if (!match) throw new Error('expected a match');
  return match;
}

const factor = (factors: ScoreFactor[], name: ScoreFactor['factor']) =>
  factors.find((f) => f.factor === name);

describe('scoring', () => {
  it('adds up to 100 points by default for a perfect pair of a previously unmatched seeker', () => {
    // Prepare
    const who = { fields: { gender: 'woman' }, preference: 'shared' as const };
    const s = seeker('s', {
      goals: ['Product Strategy', 'hiring', 'negotiation'],
      jobFunction: 'Engineering',
      identity: who,
      previouslyUnmatched: true,
    });
    const t = supporter('t', {
      goals: ['product strategy'],
      skills: ['Hiring', 'negotiation'],
      jobFunction: 'engineering',
      identity: who,
    });

    // Act
    const match = pair(s, t);

    // Assess
    expect(Object.values(DEFAULT_WEIGHTS).reduce((a, b) => a + b)).toBe(100);
    expect(match.score).toBe(100);
    expect(match.factors.reduce((sum, f) => sum + f.points, 0)).toBe(100);
  });

  it('says which goals the two share, in the seeker’s words', () => {
    // Prepare
    const s = seeker('s', { goals: ['Product strategy', 'public speaking'] });
    const t = supporter('t', { goals: ['product strategy'], skills: ['Public Speaking'] });

    // Act
    const goals = factor(factorsOf(s, t), 'goalsAndSkills');

    // Assess
    expect(goals).toEqual({
      factor: 'goalsAndSkills',
      points: 40,
      says: 'you both want to grow in Product strategy; one of you wants to grow in public speaking and the other has that experience',
    });
  });

  it('counts up to three shared goals: one of four wanted is a third of the points', () => {
    // Prepare
    const s = seeker('s', { goals: ['a', 'b', 'c', 'd'] });
    const t = supporter('t', { skills: ['a'] });

    // Act
    const goals = factor(factorsOf(s, t), 'goalsAndSkills');

    // Assess
    expect(goals?.points).toBe(13.33);
  });

  it('gives the whole function factor for the same function and half for the same industry only', () => {
    // Prepare
    const s = seeker('s', { jobFunction: 'Design', industry: 'Health' });

    // Act
    const sameFunction = factor(
      factorsOf(s, supporter('t', { jobFunction: 'design' })),
      'functionOrIndustry',
    );
    const sameIndustry = factor(factorsOf(s, supporter('t', { industry: 'health ' })), 'functionOrIndustry');

    // Assess
    expect(sameFunction).toEqual({
      factor: 'functionOrIndustry',
      points: 15,
      says: 'you both work in design',
    });
    expect(sameIndustry).toEqual({
      factor: 'functionOrIndustry',
      points: 7.5,
      says: 'you both work in the health industry',
    });
  });

  it('scores the overlap of 09:00–17:00 working days, averaged over winter and summer', () => {
    // Prepare
    const s = seeker('s', { timeZone: 'Europe/London' });

    // Act
    const same = factor(factorsOf(s, supporter('t', { timeZone: 'Europe/Lisbon' })), 'timeZoneOverlap');
    const oneHour = factor(factorsOf(s, supporter('t', { timeZone: 'Europe/Paris' })), 'timeZoneOverlap');
    // New York is 5 hours behind London all year except the weeks the two switch on different dates.
    const fiveHours = factor(
      factorsOf(s, supporter('t', { timeZone: 'America/New_York' })),
      'timeZoneOverlap',
    );
    const none = factor(factorsOf(s, supporter('t', { timeZone: 'Asia/Tokyo' })), 'timeZoneOverlap');

    // Assess
    expect(same).toEqual({ factor: 'timeZoneOverlap', points: 20, says: 'you work the same hours' });
    expect(oneHour).toEqual({
      factor: 'timeZoneOverlap',
      points: 17.5,
      says: 'your working hours overlap by about 7 hours',
    });
    expect(fiveHours?.points).toBe(7.5);
    expect(none).toBeUndefined();
  });

  it('uses identity only as consented: a preference, and details on both sides', () => {
    // Prepare
    const shared = { fields: { ethnicity: 'group a', gender: 'woman' }, preference: 'shared' as const };
    const different = { ...shared, preference: 'different' as const };
    const none = { ...shared, preference: 'none' as const };
    const t = supporter('t', {
      identity: { fields: { ethnicity: 'group a', gender: 'man' }, preference: 'none' },
    });
    const silent = supporter('t');

    // Act
    const likeMe = factor(factorsOf(seeker('s', { identity: shared }), t), 'identityPreference');
    const unlikeMe = factor(factorsOf(seeker('s', { identity: different }), t), 'identityPreference');
    const noPreference = factor(factorsOf(seeker('s', { identity: none }), t), 'identityPreference');
    const notShared = factor(factorsOf(seeker('s', { identity: shared }), silent), 'identityPreference');

    // Assess: one of the seeker's two fields is the same, one differs.
    expect(likeMe).toEqual({
      factor: 'identityPreference',
      points: 7.5,
      says: 'you asked for someone who shares part of your background',
    });
    expect(unlikeMe?.points).toBe(7.5);
    expect(unlikeMe?.says).toContain('we learn more from people unlike ourselves');
    expect(noPreference).toBeUndefined();
    expect(notShared).toBeUndefined();
  });

  it('never names an identity field or value in what it says', () => {
    fc.assert(
      fc.property(cohortArb({ seekers: 5, supporters: 4 }), (input) => {
        // Act
        const says = matchCohort(input).matches.flatMap((m) => m.factors.map((f) => f.says));

        // Assess
        for (const text of says) expect(text).not.toMatch(/\b(woman|man|non-binary|gender|ethnicity)\b/);
      }),
      { numRuns: 100 },
    );
  });

  it('gives priority points to a seeker left unmatched before, and explains the sponsor’s seniority', () => {
    // Prepare
    const s = seeker('s', { previouslyUnmatched: true, seeks: ['sponsor'] });
    const t = supporter('t', { offers: [{ role: 'sponsor', capacity: 1 }], seniority: 'executive' });

    // Act
    const factors = factorsOf(s, t);

    // Assess
    expect(factor(factors, 'priorityForPreviouslyUnmatched')).toEqual({
      factor: 'priorityForPreviouslyUnmatched',
      points: 10,
      says: 'you were not matched in an earlier cohort, so you came first this time',
    });
    expect(factor(factors, 'seniorityGap')).toEqual({
      factor: 'seniorityGap',
      points: 0,
      says: 'your sponsor is 4 levels more senior and has a say where decisions about people are made',
    });
  });

  it('takes a program’s own weights', () => {
    // Prepare
    const s = seeker('s', { goals: ['a'] });
    const t = supporter('t', { skills: ['a'] });

    // Act
    const match = pair(s, t, { goalsAndSkills: 60, timeZoneOverlap: 0 });

    // Assess
    expect(match.score).toBe(60);
    expect(match.factors.map((f) => f.factor)).toEqual(['goalsAndSkills']);
  });

  it('keeps exactly the K best by score, for any K', () => {
    fc.assert(
      fc.property(cohortArb({ seekers: 6, supporters: 8 }), fc.integer({ min: 1, max: 4 }), (input, k) => {
        // Act
        const all = matchCohort(
          { ...input, rules: { candidatesPerSeeker: 100 } },
          { includeCandidates: true },
        );
        const top = matchCohort({ ...input, rules: { candidatesPerSeeker: k } }, { includeCandidates: true });

        // Assess: per seeker-role, the K kept are the K best scores of all allowed pairs (ties may go
        // either way, so scores are compared), each with the same score as in the full list. The
        // kept list may be longer only by supporters added because everyone kept was full.
        const scoreOf = new Map(
          all.candidates?.map((c) => [`${c.seekerId}/${c.role}/${c.supporterId}`, c.score]),
        );
        for (const c of top.candidates ?? [])
          expect(scoreOf.get(`${c.seekerId}/${c.role}/${c.supporterId}`)).toBe(c.score);
        const bySeekerRole = (list: typeof top.candidates = []) => {
          const groups = new Map<string, typeof list>();
          for (const c of list)
            groups.set(`${c.seekerId}/${c.role}`, [...(groups.get(`${c.seekerId}/${c.role}`) ?? []), c]);
          return groups;
        };
        const full = bySeekerRole(all.candidates);
        for (const [key, kept] of bySeekerRole(top.candidates)) {
          const best = (full.get(key) ?? []).map((c) => c.score).sort((a, b) => b - a);
          expect(kept.slice(0, k).map((c) => c.score)).toEqual(best.slice(0, k));
        }
      }),
      { numRuns: 150 },
    );
  });
});

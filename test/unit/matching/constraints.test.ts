import { describe, expect, it } from 'vitest';
import { matchCohort } from '#shared/domain/matching/match-cohort.ts';
import type { MatchingInput } from '#shared/domain/matching/types.ts';
import { cohort, refusal, seeker, supporter } from './people.ts';

const pairs = (input: MatchingInput) =>
  matchCohort(input).matches.map((m) => `${m.seekerId}-${m.supporterId}:${m.role}`);

describe('hard constraints', () => {
  it('never matches a person with themselves, though they may seek and offer support', () => {
    // Prepare: ana both seeks and offers mentoring.
    const input = cohort({ seekers: [seeker('ana')], supporters: [supporter('ana'), supporter('bo')] });

    // Act, Assess
    expect(pairs(input)).toEqual(['ana-bo:mentor']);
  });

  it('never matches within a reporting chain: manager and manager’s manager, either way', () => {
    // Prepare: dev → mia → max; ana's only candidates are in her chain or below her.
    const supporters = ['mia', 'max', 'dev', 'zoe'].map((id) => supporter(id));
    const reportingLines = [
      { personId: 'ana', managerId: 'mia' },
      { personId: 'mia', managerId: 'max' },
      { personId: 'dev', managerId: 'ana' },
      { personId: 'zoe', managerId: 'dev' },
    ];

    // Act
    const result = matchCohort(cohort({ seekers: [seeker('ana')], supporters, reportingLines }));

    // Assess
    expect(result.matches).toEqual([]);
    expect(result.unmatched).toEqual([
      { seekerId: 'ana', role: 'mentor', reason: 'all-excluded-by-constraints' },
    ]);
  });

  it('allows three steps up a chain, and survives a cycle of reporting lines', () => {
    // Prepare: a cycle ana → mia → max → ana, and a longer chain ana → lee → kim → ola.
    const reportingLines = [
      { personId: 'ana', managerId: 'mia' },
      { personId: 'mia', managerId: 'max' },
      { personId: 'max', managerId: 'ana' },
      { personId: 'ana', managerId: 'lee' },
      { personId: 'lee', managerId: 'kim' },
      { personId: 'kim', managerId: 'ola' },
    ];
    const supporters = ['mia', 'max', 'lee', 'kim', 'ola'].map((id) => supporter(id));

    // Act, Assess: ola is three steps up; everyone else is within two.
    expect(pairs(cohort({ seekers: [seeker('ana')], supporters, reportingLines }))).toEqual([
      'ana-ola:mentor',
    ]);
  });

  it('keeps forbidden pairs apart in every role', () => {
    // Prepare
    const s = seeker('ana', { seeks: ['mentor', 'coach'] });
    const both = [
      { role: 'mentor' as const, capacity: 1 },
      { role: 'coach' as const, capacity: 1 },
    ];
    const supporters = [supporter('bo', { offers: both }), supporter('cy', { offers: both })];
    const forbids = [{ seekerId: 'ana', supporterId: 'bo' }];

    // Act, Assess
    expect(pairs(cohort({ seekers: [s], supporters, forbids }))).toEqual(['ana-cy:mentor', 'ana-cy:coach']);
  });

  it('matches a role only with someone offering it', () => {
    // Prepare
    const input = cohort({
      seekers: [seeker('ana', { seeks: ['coach'] })],
      supporters: [supporter('bo'), supporter('cy', { offers: [{ role: 'coach', capacity: 1 }] })],
    });

    // Act, Assess
    expect(pairs(input)).toEqual(['ana-cy:coach']);
  });

  it('asks sponsors for the seniority gap and for influence, as configured', () => {
    // Prepare: ana is mid-career; sponsors one level up with and without influence, and two up.
    const sponsor = [{ role: 'sponsor' as const, capacity: 3 }];
    const supporters = [
      supporter('senior-no-say', { seniority: 'senior', hasInfluence: false, offers: sponsor }),
      supporter('senior', { seniority: 'senior', offers: sponsor }),
      supporter('peer', { seniority: 'mid_career', offers: sponsor }),
    ];
    const ana = seeker('ana', { seniority: 'mid_career', seeks: ['sponsor'] });

    // Act
    const byDefault = pairs(
      cohort({ seekers: [ana], supporters, forbids: [{ seekerId: 'ana', supporterId: 'senior' }] }),
    );
    const twoLevels = pairs(cohort({ seekers: [ana], supporters, rules: { sponsorMinSeniorityGap: 2 } }));
    const noInfluence = pairs(
      cohort({
        seekers: [ana],
        supporters,
        forbids: [{ seekerId: 'ana', supporterId: 'senior' }],
        rules: { sponsorRequiresInfluence: false },
      }),
    );

    // Assess
    expect(byDefault).toEqual([]);
    expect(twoLevels).toEqual([]);
    expect(noInfluence).toEqual(['ana-senior-no-say:sponsor']);
  });

  it('respects places per role and a total load across roles and concurrent cohorts', () => {
    // Prepare: bo offers 2 mentor and 2 coach places but agreed to 3 in total, and already
    // supports 1 person in another cohort: 2 places are left.
    const seekers = ['a', 'b', 'c', 'd'].map((id) => seeker(id, { seeks: ['mentor', 'coach'] }));
    const bo = supporter('bo', {
      offers: [
        { role: 'mentor', capacity: 2 },
        { role: 'coach', capacity: 2 },
      ],
      totalLoadLimit: 3,
      currentLoadElsewhere: 1,
    });

    // Act
    const result = matchCohort(cohort({ seekers, supporters: [bo] }));

    // Assess
    expect(result.totals.matched).toBe(2);
    expect(result.unmatched.every((u) => u.reason === 'all-at-capacity')).toBe(true);
  });

  it('gives paused supporters nobody new, and someone already over their limit nobody at all', () => {
    // Prepare
    const input = cohort({
      seekers: [seeker('a'), seeker('b')],
      supporters: [
        supporter('paused', { paused: true }),
        supporter('full', { totalLoadLimit: 2, currentLoadElsewhere: 3 }),
      ],
    });

    // Act
    const result = matchCohort(input);

    // Assess
    expect(result.matches).toEqual([]);
    expect(result.unmatched.map((u) => u.reason)).toEqual(['all-at-capacity', 'all-at-capacity']);
  });

  it('keeps pins even when another pairing would score more', () => {
    // Prepare: bo shares ana's goal, cy does not; the coordinator pinned cy.
    const input = cohort({
      seekers: [seeker('ana', { goals: ['hiring'] })],
      supporters: [supporter('bo', { skills: ['hiring'] }), supporter('cy')],
      pins: [{ seekerId: 'ana', supporterId: 'cy', role: 'mentor' }],
    });

    // Act
    const result = matchCohort(input);

    // Assess
    expect(result.matches).toMatchObject([{ seekerId: 'ana', supporterId: 'cy', pinned: true }]);
    expect(result.alternatives).toEqual([
      { seekerId: 'ana', role: 'mentor', options: [{ supporterId: 'bo', score: 60 }] },
    ]);
  });

  it('refuses pins that break a rule, naming both people and the rule', () => {
    // Prepare
    const input = cohort({
      seekers: [seeker('ana', { seeks: ['mentor', 'sponsor'] }), seeker('ben'), seeker('cyd')],
      supporters: [
        supporter('mia', { offers: [{ role: 'mentor', capacity: 1 }] }),
        supporter('bo', { paused: true }),
        supporter('lu', { seniority: 'early_career', offers: [{ role: 'sponsor', capacity: 1 }] }),
      ],
      reportingLines: [{ personId: 'ana', managerId: 'mia' }],
      forbids: [{ seekerId: 'cyd', supporterId: 'mia' }],
      pins: [
        { seekerId: 'ana', supporterId: 'mia', role: 'mentor' },
        { seekerId: 'ben', supporterId: 'bo', role: 'mentor' },
        { seekerId: 'ana', supporterId: 'lu', role: 'sponsor' },
        { seekerId: 'cyd', supporterId: 'mia', role: 'mentor' },
        { seekerId: 'ben', supporterId: 'mia', role: 'coach' },
        { seekerId: 'zed', supporterId: 'mia', role: 'mentor' },
      ],
    });

    // Act, Assess
    expect(refusal(input)).toEqual([
      "pins[0]: cannot pin ana with mia as mentor: mia is ana's manager, and nobody is matched within their reporting chain",
      'pins[1]: cannot pin ben with bo as mentor: bo is paused and takes nobody new',
      'pins[2]: cannot pin ana with lu as sponsor: a sponsor must be at least 1 seniority level(s) above the seeker, and lu (early_career) is 0 above ana (early_career)',
      'pins[3]: cannot pin cyd with mia as mentor: a forbid says cyd and mia must never be paired',
      'pins[4]: cannot pin ben with mia as coach: ben does not seek a coach',
      'pins[5]: the pin names zed as a seeker, but nobody seeks support under that id',
    ]);
  });

  it('refuses more pins on a supporter than their places', () => {
    // Prepare
    const input = cohort({
      seekers: [seeker('ana'), seeker('ben')],
      supporters: [supporter('mia', { offers: [{ role: 'mentor', capacity: 1 }] })],
      pins: [
        { seekerId: 'ana', supporterId: 'mia', role: 'mentor' },
        { seekerId: 'ben', supporterId: 'mia', role: 'mentor' },
      ],
    });

    // Act, Assess
    expect(refusal(input)).toEqual([
      'pins[1]: cannot pin ben with mia as mentor: mia offered 1 mentor place(s), and more pins than that name them',
    ]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MINIMUM_GROUP_SIZE, suppressSmallGroups } from '#shared/domain/privacy/small-groups.ts';
import { SUPPORT_ROLES } from '#shared/domain/support-roles.ts';
import { type Breakdown, buildCohortReport, type ResponseForReport } from '#shared/domain/surveys/report.ts';
import { input, round } from './cohort-fixture.ts';

const groupSizes = fc.uniqueArray(
  fc.record({ key: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), size: fc.nat(12) }),
  {
    selector: (g) => g.key,
    maxLength: 6,
  },
);

describe('suppressSmallGroups', () => {
  it('hides every small group, and never leaves a lone hidden group or fewer than the minimum hidden', () => {
    fc.assert(
      fc.property(groupSizes, (groups) => {
        const hidden = suppressSmallGroups(groups);
        for (const g of groups) if (g.size < MINIMUM_GROUP_SIZE) expect(hidden.has(g.key)).toBe(true);
        if (hidden.size > 0 && hidden.size < groups.length) {
          const hiddenPeople = groups.filter((g) => hidden.has(g.key)).reduce((sum, g) => sum + g.size, 0);
          expect(hidden.size).toBeGreaterThanOrEqual(2);
          expect(hiddenPeople).toBeGreaterThanOrEqual(MINIMUM_GROUP_SIZE);
        }
      }),
    );
  });

  it('does not depend on the order of the groups', () => {
    fc.assert(
      fc.property(groupSizes, (groups) => {
        expect(suppressSmallGroups([...groups].reverse())).toEqual(suppressSmallGroups(groups));
      }),
    );
  });
});

const person = fc.record({
  gender: fc.option(fc.constantFrom('woman', 'man', 'non-binary', 'Woman'), { nil: undefined }),
  ethnicity: fc.option(fc.constantFrom('Black', 'Latina', 'South Asian', 'East Asian'), { nil: undefined }),
  role: fc.constantFrom(...SUPPORT_ROLES),
  confidence: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
  recommend: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
  promoted: fc.boolean(),
});

type Person = typeof person extends fc.Arbitrary<infer T> ? T : never;

function responses(people: Person[]): ResponseForReport[] {
  return people.map((p, i) => {
    const answers: ResponseForReport['answers'] = {
      advancement: [p.promoted ? 'I was promoted' : 'None of these yet'],
    };
    if (p.confidence !== undefined) answers.confidence = p.confidence;
    if (p.recommend !== undefined) answers.recommend = p.recommend;
    return {
      personKey: `key-${i}`,
      respondent: { seeks: true, supports: false, rolesReceived: [p.role], rolesGiven: [] },
      identity: {
        ...(p.gender ? { gender: p.gender } : {}),
        ...(p.ethnicity ? { ethnicity: p.ethnicity } : {}),
      },
      answers,
      shareFreeText: false,
    };
  });
}

describe('cohort report privacy', () => {
  it('never shows a figure for fewer than 5 people, nor a hidden cell that the total minus the shown ones would give away', () => {
    fc.assert(
      fc.property(fc.array(person, { maxLength: 40 }), (people) => {
        // Act
        const report = buildCohortReport(input([round('end-of-program', responses(people))]));

        // Assess
        if (people.length < MINIMUM_GROUP_SIZE) {
          expect(report.suppressed).toBe(true);
          return;
        }
        if (report.suppressed) throw new Error('a cohort of 5 or more was suppressed');
        for (const q of report.rounds.flatMap((r) => r.questions)) {
          if (q.answered !== null) expect(q.answered).toBeGreaterThanOrEqual(MINIMUM_GROUP_SIZE);
          for (const b of q.breakdowns) checkBreakdown(b, q.answered!);
        }
      }),
    );
  });

  it('gives the same report whatever order the responses come in', () => {
    fc.assert(
      fc.property(fc.array(person, { minLength: 5, maxLength: 25 }), (people) => {
        const given = responses(people);
        const shuffled = [...given].reverse();
        expect(buildCohortReport(input([round('end-of-program', shuffled)]))).toEqual(
          buildCohortReport(input([round('end-of-program', given)])),
        );
      }),
    );
  });
});

function checkBreakdown(breakdown: Breakdown, total: number): void {
  if (breakdown.suppressed) {
    expect(breakdown.groups).toEqual([]);
    return;
  }
  const shown = breakdown.groups.flatMap((g) => (g.suppressed ? [] : [g.n]));
  for (const n of shown) expect(n).toBeGreaterThanOrEqual(MINIMUM_GROUP_SIZE);
  // Identity groups (with "not stated") partition the answerers, and in these cohorts each person
  // receives one role, so what is hidden is the total minus what is shown: none (the hidden
  // groups, decided for the whole survey, may have had nobody answer this question) or at least
  // the minimum.
  const hidden = total - shown.reduce((sum, n) => sum + n, 0);
  expect(hidden === 0 || hidden >= MINIMUM_GROUP_SIZE, `hidden ${hidden}`).toBe(true);
  const named = breakdown.groups.filter((g) => g.suppressed && g.group !== null);
  for (const g of named) expect(g.suppressed && g.why).toBe('protects-a-smaller-group');
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MINIMUM_GROUP_SIZE, suppressSmallGroups } from '#shared/domain/privacy/small-groups.ts';
import {
  type Breakdown,
  type BreakdownBy,
  buildCohortReport,
  type ResponseForReport,
} from '#shared/domain/surveys/report.ts';
import { input, round } from './cohort-fixture.ts';

/**
 * Within a report, no hidden cell can be derived from any combination of shown figures and
 * totals. Each question is answered by different people, so suppressing small groups per
 * question would hide different groups in different figures, and comparing them would give a
 * hidden group away. The report decides the hidden groups once per population (a round's
 * respondents; the people with a before/after pair) and keeps them in every figure.
 */

const likert = fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined, freq: 3 });
const member = fc.record({
  gender: fc.option(fc.constantFrom('woman', 'man', 'non-binary', 'Woman', 'MAN'), { nil: undefined }),
  ethnicity: fc.option(fc.constantFrom('Black', 'Latina', 'South Asian'), { nil: undefined, freq: 2 }),
  role: fc.option(fc.constantFrom('mentor' as const, 'sponsor' as const, 'coach' as const), {
    nil: undefined,
    freq: 4,
  }),
  baseline: fc.record({ confidence: likert, belonging: likert }),
  end: fc.record({
    confidence: likert,
    belonging: likert,
    recommend: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined, freq: 3 }),
    advanced: fc.option(fc.boolean(), { nil: undefined, freq: 3 }),
  }),
});
type Member = typeof member extends fc.Arbitrary<infer T> ? T : never;

function definedOnly(answers: Record<string, unknown>): ResponseForReport['answers'] {
  return Object.fromEntries(
    Object.entries(answers).filter(([, v]) => v !== undefined),
  ) as ResponseForReport['answers'];
}

function cohort(members: Member[]): { baseline: ResponseForReport[]; end: ResponseForReport[] } {
  const base = (m: Member, i: number) => ({
    personKey: `key-${i}`,
    // At most one role each, so the total minus the roles shown is exactly the people outside them.
    respondent: { seeks: true, supports: false, rolesReceived: m.role ? [m.role] : [], rolesGiven: [] },
    identity: {
      ...(m.gender ? { gender: m.gender } : {}),
      ...(m.ethnicity ? { ethnicity: m.ethnicity } : {}),
    },
    shareFreeText: false,
  });
  return {
    baseline: members.map((m, i) => ({ ...base(m, i), answers: definedOnly(m.baseline) })),
    end: members.map((m, i) => ({
      ...base(m, i),
      answers: definedOnly({
        confidence: m.end.confidence,
        belonging: m.end.belonging,
        recommend: m.end.recommend,
        advancement:
          m.end.advanced === undefined
            ? undefined
            : [m.end.advanced ? 'I was promoted' : 'None of these yet'],
      }),
    })),
  };
}

const NOT_STATED = '(not stated)';
const NO_ROLE = '(no role)';

/** The groups a person is in, as the report's rules define them (computed here independently). */
function keysOf(by: BreakdownBy, r: ResponseForReport): string[] {
  if (by === 'role-received')
    return r.respondent.rolesReceived.length ? [...r.respondent.rolesReceived] : [NO_ROLE];
  return [r.identity[by]?.trim().toLowerCase() || NOT_STATED];
}

interface Expected {
  shown: Set<string>;
  named: Set<string>;
  smallHidden: boolean;
}

/** The population's hidden set, decided once: primary and complementary suppression over its groups. */
function expectedPlan(by: BreakdownBy, population: ResponseForReport[]): Expected | null {
  const sizes = new Map<string, number>();
  for (const r of population) for (const key of keysOf(by, r)) sizes.set(key, (sizes.get(key) ?? 0) + 1);
  const listed = (key: string) => key !== NO_ROLE;
  if (![...sizes.keys()].some((key) => listed(key) && key !== NOT_STATED)) return null;
  const hidden = suppressSmallGroups([...sizes].map(([key, size]) => ({ key, size })));
  return {
    shown: new Set([...sizes.keys()].filter((key) => listed(key) && !hidden.has(key))),
    named: new Set(
      [...hidden]
        .filter(([key, why]) => listed(key) && why === 'protects-a-smaller-group')
        .map(([key]) => key),
    ),
    smallHidden: [...hidden.values()].includes('fewer-than-minimum'),
  };
}

function keyOfLabel(by: BreakdownBy, label: string): string {
  return by === 'role-received' || label === NOT_STATED ? label : label.toLowerCase();
}

function checkBreakdown(b: Breakdown, expected: Expected, total: number): void {
  if (b.suppressed) {
    expect(b.groups).toEqual([]);
    return;
  }
  const shown = b.groups.flatMap((g) => (g.suppressed ? [] : [g]));
  // Exactly the population's hidden set, in every figure.
  expect(new Set(shown.map((g) => keyOfLabel(b.by, g.group)))).toEqual(expected.shown);
  expect(
    new Set(b.groups.flatMap((g) => (g.suppressed && g.group !== null ? [keyOfLabel(b.by, g.group)] : []))),
  ).toEqual(expected.named);
  expect(b.groups.some((g) => g.suppressed && g.group === null)).toBe(expected.smallHidden);
  // Every shown cell is at least the minimum; what the total minus the shown cells gives away is
  // none or at least the minimum.
  for (const g of shown) expect(g.n).toBeGreaterThanOrEqual(MINIMUM_GROUP_SIZE);
  const derived = total - shown.reduce((sum, g) => sum + g.n, 0);
  expect(derived === 0 || derived >= MINIMUM_GROUP_SIZE, `derivable hidden count ${derived}`).toBe(true);
}

const BY: readonly BreakdownBy[] = [
  'gender',
  'ethnicity',
  'disability',
  'lgbtq',
  'firstGeneration',
  'role-received',
];

/** Responses with at least one answer, as the report counts respondents. */
const answered = (rs: ResponseForReport[]) => rs.filter((r) => Object.keys(r.answers).length > 0);

describe('cohort report: the same groups are hidden in every figure of a population', () => {
  it('hides, per identity field and role, exactly the round’s hidden set in each question, or the whole breakdown', () => {
    fc.assert(
      fc.property(fc.array(member, { minLength: 5, maxLength: 45 }), (members) => {
        // Prepare
        const { baseline, end } = cohort(members);

        // Act
        const report = buildCohortReport(
          input([round('intake-baseline', baseline), round('end-of-program', end)]),
        );

        // Assess
        const respondents = new Set([...answered(baseline), ...answered(end)].map((r) => r.personKey));
        expect(report.suppressed).toBe(respondents.size < MINIMUM_GROUP_SIZE);
        if (report.suppressed) return;
        const populations = { 'intake-baseline': answered(baseline), 'end-of-program': answered(end) };
        for (const r of report.rounds) {
          const population = populations[r.surveyId as keyof typeof populations];
          const plans = new Map(BY.map((by) => [by, expectedPlan(by, population)] as const));
          // Every figure of the round that shows a breakdown by a field hides the same groups.
          for (const by of BY) {
            const hiddenSets = new Set(
              r.questions.flatMap((q) =>
                q.breakdowns
                  .filter((b) => b.by === by && !b.suppressed)
                  .map((b) => JSON.stringify(b.groups.filter((g) => g.suppressed))),
              ),
            );
            expect(hiddenSets.size, `${r.surveyId}: groups hidden by ${by}`).toBeLessThanOrEqual(1);
          }
          for (const q of r.questions) {
            if (q.suppressed || q.figure === null) {
              expect(q.breakdowns).toEqual([]);
              continue;
            }
            const withRole = !['value_mentor', 'value_sponsor', 'value_coach'].includes(q.questionId);
            expect(q.breakdowns.map((b) => b.by)).toEqual(
              BY.filter((by) => plans.get(by) && (by !== 'role-received' || withRole)),
            );
            for (const b of q.breakdowns) checkBreakdown(b, plans.get(b.by)!, q.answered!);
          }
        }
        // Before/after change: the population is everyone with a pair for any of the questions.
        const before = new Map(baseline.map((b) => [b.personKey, b.answers]));
        const paired = answered(end).filter((e) =>
          ['confidence', 'belonging'].some(
            (id) => e.answers[id] !== undefined && before.get(e.personKey)?.[id] !== undefined,
          ),
        );
        for (const c of report.change) {
          if (c.suppressed) {
            expect(c.breakdowns).toEqual([]);
            continue;
          }
          for (const b of c.breakdowns) checkBreakdown(b, expectedPlan(b.by, paired)!, c.pairs!);
          expect(c.breakdowns.map((b) => b.by)).toEqual(BY.filter((by) => expectedPlan(by, paired)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same report whatever order the responses come in', () => {
    fc.assert(
      fc.property(fc.array(member, { minLength: 5, maxLength: 30 }), (members) => {
        const { baseline, end } = cohort(members);
        const build = (b: ResponseForReport[], e: ResponseForReport[]) =>
          buildCohortReport(input([round('intake-baseline', b), round('end-of-program', e)]));
        expect(build([...baseline].reverse(), [...end].reverse())).toEqual(build(baseline, end));
      }),
      { numRuns: 50 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/domain/errors.ts';
import { matchCohort } from '#shared/domain/matching/match-cohort.ts';
import type { MatchingInput, MatchingResult } from '#shared/domain/matching/types.ts';
import { graphFrom, plainMinCostFlow } from '../../../bench/matching-baselines.ts';
import { syntheticCohort } from '../../../bench/matching-cohort.ts';
import { allowed, bruteForce, minCostMaxFlow, unmatchedWithRoom, violations } from './oracle.ts';
import { cohortArb } from './people.ts';

/** Every pair scored, so the candidate graph is the whole feasible set. */
const everyone = (input: MatchingInput): MatchingInput => ({ ...input, rules: { candidatesPerSeeker: 100 } });

const totals = (result: MatchingResult) => ({
  matched: result.totals.matched,
  cents: Math.round(result.totals.score * 100),
});

const shuffled = <T>(items: T[], seed: number): T[] =>
  items
    .map((item, i) => ({ item, key: Math.sin(seed * 9301 + i * 49297) }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.item);

describe('matchCohort on random small cohorts', () => {
  it('keeps every rule: allowed pairs only, places, total load, one per seeker-role', () => {
    fc.assert(
      fc.property(cohortArb({ seekers: 6, supporters: 5 }), (input) => {
        // Act
        const result = matchCohort(input);

        // Assess
        expect(violations(input, result)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('scores exactly the allowed pairs when every pair is a candidate', () => {
    fc.assert(
      fc.property(cohortArb({ seekers: 5, supporters: 5 }), (input) => {
        // Act
        const candidates = matchCohort(everyone(input), { includeCandidates: true }).candidates ?? [];

        // Assess: open offers (places and load room) of allowed supporters, nothing else.
        const open = (supporterId: string, role: string) => {
          const t = input.supporters.find((x) => x.personId === supporterId)!;
          return (
            (t.offers.find((o) => o.role === role)?.capacity ?? 0) > 0 &&
            t.totalLoadLimit - t.currentLoadElsewhere > 0
          );
        };
        const expected = input.seekers.flatMap((s) =>
          [...new Set(s.seeks)].flatMap((role) =>
            input.supporters
              .filter((t) => allowed(input, s.personId, t.personId, role) && open(t.personId, role))
              .map((t) => `${s.personId}/${role}/${t.personId}`),
          ),
        );
        expect(candidates.map((c) => `${c.seekerId}/${c.role}/${c.supporterId}`).sort()).toEqual(
          expected.sort(),
        );
      }),
      { numRuns: 150 },
    );
  });

  it('equals the optimum found by trying every assignment', () => {
    fc.assert(
      fc.property(cohortArb({ seekers: 4, supporters: 4 }), (input) => {
        // Act
        const result = matchCohort(everyone(input), { includeCandidates: true });

        // Assess
        expect(totals(result)).toEqual(bruteForce(input, result.candidates ?? []));
      }),
      { numRuns: 200 },
    );
  });

  it('equals an independent min-cost max-flow on the same candidates, with a short candidate list', () => {
    fc.assert(
      fc.property(cohortArb({ seekers: 10, supporters: 8 }), fc.integer({ min: 1, max: 3 }), (input, k) => {
        // Prepare: few candidates per seeker-role, so the cut matters.
        const small = { ...input, rules: { candidatesPerSeeker: k } };

        // Act
        const result = matchCohort(small, { includeCandidates: true });

        // Assess
        expect(totals(result)).toEqual(minCostMaxFlow(small, result.candidates ?? []));
        expect(violations(small, result)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('equals the independent min-cost max-flow on larger cohorts, where the solver needs many phases', () => {
    fc.assert(
      fc.property(
        cohortArb({ seekers: 40, supporters: 14, atLeast: 0.75 }),
        fc.integer({ min: 2, max: 6 }),
        (input, k) => {
          // Prepare
          const cut = { ...input, rules: { candidatesPerSeeker: k } };

          // Act
          const result = matchCohort(cut, { includeCandidates: true });

          // Assess
          expect(totals(result)).toEqual(minCostMaxFlow(cut, result.candidates ?? []));
          expect(violations(cut, result)).toEqual([]);
          expect(unmatchedWithRoom(cut, result)).toEqual([]);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('leaves no seeker-role unmatched while an allowed supporter has room, however short the list', () => {
    fc.assert(
      fc.property(cohortArb({ seekers: 8, supporters: 6 }), fc.integer({ min: 1, max: 3 }), (input, k) => {
        // Act
        const result = matchCohort({ ...input, rules: { candidatesPerSeeker: k } });

        // Assess
        expect(unmatchedWithRoom(input, result)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('gives the same result for the same input, and for the same people in another order', () => {
    fc.assert(
      fc.property(cohortArb({ seekers: 8, supporters: 6 }), fc.integer(), (input, seed) => {
        // Prepare
        const reordered: MatchingInput = {
          ...input,
          seekers: shuffled(input.seekers, seed).map((s) => ({ ...s, seeks: shuffled(s.seeks, seed + 1) })),
          supporters: shuffled(input.supporters, seed + 2).map((t) => ({
            ...t,
            offers: shuffled(t.offers, seed + 3),
          })),
          reportingLines: shuffled(input.reportingLines, seed + 4),
        };

        // Act
        const first = matchCohort(input);
        const again = matchCohort(structuredClone(input));
        const other = matchCohort(reordered);

        // Assess
        expect(again).toEqual(first);
        expect(other).toEqual(first);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps a pin and still finds the best of the rest', () => {
    fc.assert(
      fc.property(cohortArb({ seekers: 4, supporters: 4 }), fc.nat(), (input, pick) => {
        // Prepare: pin one allowed pair that has a place.
        const options = matchCohort(everyone(input), { includeCandidates: true }).candidates ?? [];
        fc.pre(options.length > 0);
        const chosen = options[pick % options.length]!;
        const pinned = everyone({
          ...input,
          pins: [{ seekerId: chosen.seekerId, supporterId: chosen.supporterId, role: chosen.role }],
        });

        // Act
        const result = matchCohort(pinned, { includeCandidates: true });

        // Assess
        expect(violations(pinned, result)).toEqual([]);
        expect(
          result.matches.find((m) => m.seekerId === chosen.seekerId && m.role === chosen.role),
        ).toMatchObject({
          supporterId: chosen.supporterId,
          pinned: true,
        });
        expect(totals(result)).toEqual(bruteForce(pinned, result.candidates ?? []));
      }),
      { numRuns: 150 },
    );
  });

  it('refuses, naming both people, a pin of a pair the rules do not allow', () => {
    fc.assert(
      fc.property(cohortArb({ seekers: 4, supporters: 4 }), (input) => {
        // Prepare: a pair that is not allowed in some role it could be pinned in.
        const bad = input.seekers.flatMap((s) =>
          s.seeks.flatMap((role) =>
            input.supporters
              .filter(
                (t) => t.offers.some((o) => o.role === role) && !allowed(input, s.personId, t.personId, role),
              )
              .map((t) => ({ seekerId: s.personId, supporterId: t.personId, role })),
          ),
        );
        fc.pre(bad.length > 0);
        const pin = bad[0]!;

        // Act
        const run = () => matchCohort({ ...input, pins: [pin] });

        // Assess
        expect(run).toThrow(ValidationError);
        try {
          run();
        } catch (error) {
          const message = (error as ValidationError).problems.map((p) => p.message).join('\n');
          expect(message).toContain(pin.seekerId);
          expect(message).toContain(pin.supporterId);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('matchCohort on a synthetic cohort of 1,000 seekers', () => {
  it('equals the plain successive-shortest-path min-cost flow of the benchmark on the same candidates', () => {
    // Prepare: the benchmark's cohort shape, small enough for the plain solver.
    const input = syntheticCohort(1000, 200, 7);

    // Act
    const result = matchCohort({ ...input, rules: { candidatesPerSeeker: 10 } }, { includeCandidates: true });
    const graph = graphFrom(input, result.candidates ?? []);
    const plain = plainMinCostFlow(graph);

    // Assess
    let cents = 0;
    for (const e of plain) if (e >= 0) cents += graph.edgeScore[e]!;
    expect(totals(result)).toEqual({ matched: plain.filter((e) => e >= 0).length, cents });
    expect(violations(input, result)).toEqual([]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '#cli/simulate/prng.ts';
import { ValidationError } from '#shared/domain/errors.ts';
import { circleSizes, formCircles, scoreCircle } from '#shared/domain/matching/circles.ts';
import type { MatchingIdentity, PersonProfile } from '#shared/domain/matching/types.ts';
import { SENIORITY_LEVELS, type Seniority } from '#shared/domain/participant.ts';

// Zones with daylight saving in both hemispheres, a half-hour offset and both sides of the date line.
const ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'America/New_York',
  'America/Los_Angeles',
  'Asia/Kolkata',
  'Australia/Sydney',
  'Pacific/Auckland',
];
const GOALS = [
  'people leadership',
  'public speaking',
  'career change',
  'system design',
  'negotiation',
  'confidence',
];
const SKILLS = ['sql', 'design', 'sales', 'coaching', 'finance'];
const FUNCTIONS = ['engineering', 'design', 'sales', 'people'];
const INDUSTRIES = ['health', 'retail', 'energy'];

/** Identity values no other text uses, so a reason that leaked one would be caught. */
const identityArb: fc.Arbitrary<MatchingIdentity> = fc.record({
  fields: fc.record(
    {
      gender: fc.constantFrom('identity-gender-a', 'identity-gender-b', 'identity-gender-c'),
      ethnicity: fc.constantFrom('identity-ethnicity-a', 'identity-ethnicity-b'),
      disability: fc.constantFrom('identity-disability-yes', 'identity-disability-no'),
      firstGeneration: fc.constantFrom('identity-first-yes', 'identity-first-no'),
    },
    { requiredKeys: [] },
  ),
  preference: fc.constantFrom('shared', 'different', 'none'),
});

/** A person before an id: what they said, and what they would have said about identity. */
interface Draft {
  goals: string[];
  skills: string[];
  seniority: Seniority;
  jobFunction: string | undefined;
  industry: string | undefined;
  timeZone: string;
  consents: boolean;
  identity: MatchingIdentity;
}
const draftArb: fc.Arbitrary<Draft> = fc.record({
  goals: fc.subarray(GOALS, { maxLength: 3 }),
  skills: fc.subarray(SKILLS, { maxLength: 3 }),
  seniority: fc.constantFrom(...SENIORITY_LEVELS),
  jobFunction: fc.option(fc.constantFrom(...FUNCTIONS), { nil: undefined }),
  industry: fc.option(fc.constantFrom(...INDUSTRIES), { nil: undefined }),
  timeZone: fc.constantFrom(...ZONES),
  consents: fc.boolean(),
  identity: identityArb,
});

/** The profile matching sees: identity only for those who consented to its use. */
function profile(draft: Draft, i: number): PersonProfile {
  const person: PersonProfile = {
    personId: `person-${String(i).padStart(3, '0')}`,
    goals: draft.goals,
    skills: draft.skills,
    seniority: draft.seniority,
    timeZone: draft.timeZone,
  };
  if (draft.jobFunction !== undefined) person.jobFunction = draft.jobFunction;
  if (draft.industry !== undefined) person.industry = draft.industry;
  if (draft.consents) person.identity = draft.identity;
  return person;
}

const peopleArb = (minLength: number, maxLength: number) =>
  fc.array(draftArb, { minLength, maxLength }).map((drafts) => drafts.map(profile));
const sizeArb = fc.constantFrom(3 as const, 4 as const, 5 as const, 6 as const);

const totalOf = (groups: PersonProfile[][]) =>
  groups.reduce((sum, group) => sum + scoreCircle(group).total, 0);

function groupsOf(people: PersonProfile[], memberIds: string[][]): PersonProfile[][] {
  const byId = new Map(people.map((person) => [person.personId, person]));
  return memberIds.map((ids) => ids.map((id) => byId.get(id)!));
}

/**
 * People drawn around a few clusters (a shared time zone and theme of goals), so a good grouping
 * exists and is far from a random one, as in real cohorts.
 */
function structuredPeople(seed: number, count: number): PersonProfile[] {
  const random = seededRandom(`circles-${seed}`);
  const clusters = Array.from({ length: random.int(2, 5) }, () => ({
    zone: random.pick(ZONES),
    goals: random.sample(GOALS, 3),
  }));
  return Array.from({ length: count }, (_, i) => {
    const cluster = random.pick(clusters);
    const person: PersonProfile = {
      personId: `person-${i}`,
      goals: random.sample(cluster.goals, random.int(1, 2)),
      skills: random.sample(SKILLS, random.int(0, 2)),
      seniority: random.pick(SENIORITY_LEVELS),
      jobFunction: random.pick(FUNCTIONS),
      industry: random.pick(INDUSTRIES),
      timeZone: random.chance(0.8) ? cluster.zone : random.pick(ZONES),
    };
    return person;
  });
}

describe('circleSizes', () => {
  it('keeps sizes within one of the asked size when possible, always within 3–6', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 300 }), sizeArb, (n, size) => {
        // Act
        const sizes = circleSizes(n, size);

        // Assess
        expect(sizes.reduce((sum, s) => sum + s, 0)).toBe(n);
        for (const s of sizes) expect(s >= 3 && s <= 6).toBe(true);
        const low = Math.max(3, size - 1);
        const high = Math.min(6, size + 1);
        const nearPossible = Array.from({ length: n + 1 }, (_, k) => k).some(
          (k) => k > 0 && k * low <= n && n <= k * high,
        );
        if (nearPossible) for (const s of sizes) expect(Math.abs(s - size)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('follows the documented rule on examples', () => {
    // Prepare, Act, Assess: remainder joins circles when it can, else one circle more.
    expect(circleSizes(12, 4)).toEqual([4, 4, 4]);
    expect(circleSizes(10, 4)).toEqual([5, 5]);
    expect(circleSizes(11, 4)).toEqual([4, 4, 3]);
    expect(circleSizes(14, 3)).toEqual([4, 4, 3, 3]);
    expect(circleSizes(5, 3)).toEqual([5]);
    expect(circleSizes(9, 6)).toEqual([5, 4]);
    expect(circleSizes(0, 4)).toEqual([]);
  });

  it('refuses too few people and sizes outside 3–6', () => {
    expect(() => circleSizes(2, 3)).toThrow(ValidationError);
    expect(() => circleSizes(12, 7)).toThrow(ValidationError);
    expect(() => circleSizes(12, 2.5)).toThrow(ValidationError);
  });
});

describe('formCircles properties', () => {
  it('places everyone exactly once, in circles of the rule’s sizes', () => {
    fc.assert(
      fc.property(peopleArb(3, 60), sizeArb, (people, size) => {
        // Act
        const result = formCircles(people, { size });

        // Assess
        const placed = result.circles.flatMap((circle) => circle.memberIds);
        expect([...placed].sort()).toEqual(people.map((person) => person.personId).sort());
        const sizes = result.circles.map((circle) => circle.memberIds.length).sort();
        expect(sizes).toEqual([...circleSizes(people.length, size)].sort());
        expect(result.totals.people).toBe(people.length);
      }),
      { numRuns: 60 },
    );
  });

  it('gives the same circles for the same people and seed, whatever their order', () => {
    fc.assert(
      fc.property(
        peopleArb(3, 40).chain((people) =>
          fc.tuple(fc.constant(people), fc.shuffledSubarray(people, { minLength: people.length })),
        ),
        sizeArb,
        fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
        ([people, shuffled], size, seed) => {
          // Act
          const first = formCircles(people, { size, seed });
          const again = formCircles(people, { size, seed });
          const reordered = formCircles(shuffled, { size, seed });

          // Assess
          expect(again).toEqual(first);
          expect(reordered).toEqual(first);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('stops at a local optimum: no swap of two people between circles improves the total', () => {
    fc.assert(
      fc.property(peopleArb(6, 36), sizeArb, fc.integer(), (people, size, seed) => {
        // Act
        const result = formCircles(people, { size, seed });

        // Assess: the reported quality is the public score, and no single swap beats it.
        const groups = groupsOf(
          people,
          result.circles.map((circle) => circle.memberIds),
        );
        const total = totalOf(groups);
        expect(result.totals.quality).toBeCloseTo(total, 9);
        expect(result.search).toMatchObject({ neighbourhood: 'all-circles', converged: true });
        for (let x = 0; x < groups.length; x += 1)
          for (let y = x + 1; y < groups.length; y += 1) {
            const before = scoreCircle(groups[x]!).total + scoreCircle(groups[y]!).total;
            for (let i = 0; i < groups[x]!.length; i += 1)
              for (let j = 0; j < groups[y]!.length; j += 1) {
                const one = groups[x]!.map((person, at) => (at === i ? groups[y]![j]! : person));
                const other = groups[y]!.map((person, at) => (at === j ? groups[x]![i]! : person));
                const after = scoreCircle(one).total + scoreCircle(other).total;
                expect(after - before).toBeLessThanOrEqual(1e-7);
              }
          }
      }),
      { numRuns: 30 },
    );
  });

  it('never uses identity details of someone who did not consent', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(draftArb, identityArb), { minLength: 3, maxLength: 36 }),
        sizeArb,
        (pairs, size) => {
          // Prepare: the same people twice, differing only in what those who did not consent
          // would have said; in the second input it even rides along under another key.
          const plain = pairs.map(([draft], i) => profile(draft, i));
          const carrying = pairs.map(([draft, hypothetical], i) => {
            const person = profile(draft.consents ? draft : { ...draft, identity: hypothetical }, i);
            if (draft.consents) return person;
            return { ...person, identity: undefined, declinedIdentity: hypothetical } as PersonProfile;
          });

          // Act
          const first = formCircles(plain, { size });
          const second = formCircles(carrying, { size });

          // Assess
          expect(second).toEqual(first);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('never names or counts anyone’s identity details in the reasons', () => {
    fc.assert(
      fc.property(peopleArb(3, 40), sizeArb, (people, size) => {
        // Act
        const reasons = formCircles(people, { size }).circles.flatMap((circle) => circle.reasons);

        // Assess
        for (const reason of reasons) expect(reason).not.toMatch(/identity-/);
      }),
      { numRuns: 40 },
    );
  });

  it('beats the mean of random groupings on structured instances', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 24, max: 120 }),
        sizeArb,
        (seed, count, size) => {
          // Prepare
          const people = structuredPeople(seed, count);
          const sizes = circleSizes(count, size);
          const random = seededRandom(`random-${seed}`);
          const randomTotals = Array.from({ length: 10 }, () => {
            const shuffled = random.sample(people, people.length);
            let next = 0;
            return totalOf(
              sizes.map((s) => {
                next += s;
                return shuffled.slice(next - s, next);
              }),
            );
          });

          // Act
          const result = formCircles(people, { size });

          // Assess
          const randomMean = randomTotals.reduce((sum, total) => sum + total, 0) / randomTotals.length;
          expect(result.totals.quality).toBeGreaterThan(randomMean);
          expect(result.totals.quality).toBeGreaterThanOrEqual(Math.max(...randomTotals));
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('formCircles', () => {
  it('polishes a large cohort in windows and still places everyone once, deterministically', () => {
    // Prepare: large enough to be cut into blocks.
    const people = structuredPeople(7, 700);

    // Act
    const result = formCircles(people, { size: 4 });
    const again = formCircles([...people].reverse(), { size: 4 });

    // Assess
    expect(result.search).toMatchObject({ neighbourhood: 'windows', converged: true });
    const placed = result.circles.flatMap((circle) => circle.memberIds);
    expect(new Set(placed).size).toBe(700);
    expect(placed).toHaveLength(700);
    expect(result.circles.every((circle) => circle.memberIds.length === 4)).toBe(true);
    expect(again).toEqual(result);
  });

  it('explains a circle in plain words', () => {
    // Prepare
    const base = { skills: ['sql'], industry: 'health', timeZone: 'Europe/London' };
    const people: PersonProfile[] = [
      {
        ...base,
        personId: 'a',
        goals: ['people leadership'],
        seniority: 'early_career',
        jobFunction: 'Design',
      },
      { ...base, personId: 'b', goals: ['people leadership'], seniority: 'senior', jobFunction: 'Sales' },
      {
        ...base,
        personId: 'c',
        goals: ['People leadership ', 'negotiation'],
        seniority: 'leader',
        jobFunction: 'Engineering',
        timeZone: 'Europe/Berlin',
      },
    ];

    // Act
    const [circle] = formCircles(people, { size: 3 }).circles;

    // Assess
    expect(circle?.memberIds).toEqual(['a', 'b', 'c']);
    expect(circle?.reasons).toEqual([
      'all three of you want to grow in people leadership',
      'all three of you bring experience in sql',
      'you bring three different functions (Design, Engineering, Sales)',
      'you span three career stages, from early career to leader',
      'your working days overlap by 7 hours (UTC to UTC+1)',
    ]);
    const factor = (name: string) => circle?.quality.factors.find((f) => f.factor === name)?.value;
    expect(factor('sharedGoals')).toBeCloseTo((1 + 0.5 + 0.5) / 3, 12);
    expect(factor('timeZoneSpread')).toBe(1);
  });

  it('uses consented identity details: differing backgrounds count as diversity', () => {
    // Prepare
    const person = (personId: string, gender?: string): PersonProfile => ({
      personId,
      goals: ['confidence'],
      skills: [],
      seniority: 'mid_career',
      timeZone: 'UTC',
      ...(gender ? { identity: { fields: { gender }, preference: 'none' as const } } : {}),
    });

    // Act
    const differing = scoreCircle([person('a', 'woman'), person('b', 'man'), person('c', 'non-binary')]);
    const undisclosed = scoreCircle([person('a'), person('b'), person('c')]);

    // Assess
    const diversity = (quality: typeof differing) =>
      quality.factors.find((f) => f.factor === 'diversity')!.value;
    expect(diversity(differing)).toBeCloseTo(0.05, 12);
    expect(diversity(undisclosed)).toBe(0);
  });

  it('measures time-zone spread around the clock face with standard offsets', () => {
    // Prepare: Sydney (UTC+10 standard) and Los Angeles (UTC-8) are 6 hours apart on the clock.
    const person = (personId: string, timeZone: string): PersonProfile => ({
      personId,
      goals: [],
      skills: [],
      seniority: 'senior',
      timeZone,
    });

    // Act
    const quality = scoreCircle([
      person('a', 'Australia/Sydney'),
      person('b', 'America/Los_Angeles'),
      person('c', 'Australia/Sydney'),
    ]);

    // Assess
    const spread = quality.factors.find((f) => f.factor === 'timeZoneSpread')!;
    expect(spread.value).toBe(6);
    expect(spread.points).toBeCloseTo(-6 / 8, 12);
  });

  it('answers bad input clearly', () => {
    // Prepare
    const person = (personId: string, timeZone = 'UTC'): PersonProfile => ({
      personId,
      goals: [],
      skills: [],
      seniority: 'senior',
      timeZone,
    });

    // Act, Assess
    expect(formCircles([], { size: 4 }).circles).toEqual([]);
    expect(() => formCircles([person('a'), person('b')], { size: 3 })).toThrow(ValidationError);
    const duplicate = (() => {
      try {
        formCircles([person('a'), person('a'), person('b')], { size: 3 });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(duplicate).toBeInstanceOf(ValidationError);
    expect((duplicate as ValidationError).problems).toEqual([
      { field: 'a', message: 'appears more than once; list each person once' },
    ]);
    expect(() => formCircles([person('a'), person('b'), person('c', 'Mars/Olympus')], { size: 3 })).toThrow(
      ValidationError,
    );
    expect(() =>
      formCircles([person('a'), person('b'), person('c')], { size: 3, weights: { diversity: -1 } }),
    ).toThrow(ValidationError);
  });
});

import fc from 'fast-check';
import { ValidationError } from '#shared/domain/errors.ts';
import { matchCohort } from '#shared/domain/matching/match-cohort.ts';
import type { MatchingInput, Seeker, Supporter } from '#shared/domain/matching/types.ts';
import { SENIORITY_LEVELS } from '#shared/domain/participant.ts';
import type { SupportRole } from '#shared/domain/support-roles.ts';

/** Builders for matching tests: a person is the defaults plus what the test is about. */

export function seeker(personId: string, overrides: Partial<Seeker> = {}): Seeker {
  return {
    personId,
    goals: [],
    skills: [],
    seniority: 'early_career',
    timeZone: 'Europe/London',
    seeks: ['mentor'],
    previouslyUnmatched: false,
    ...overrides,
  };
}

export function supporter(personId: string, overrides: Partial<Supporter> = {}): Supporter {
  return {
    personId,
    goals: [],
    skills: [],
    seniority: 'leader',
    timeZone: 'Europe/London',
    offers: [{ role: 'mentor', capacity: 1 }],
    totalLoadLimit: 5,
    currentLoadElsewhere: 0,
    paused: false,
    hasInfluence: true,
    ...overrides,
  };
}

export function cohort(overrides: Partial<MatchingInput> = {}): MatchingInput {
  return { seekers: [], supporters: [], reportingLines: [], pins: [], forbids: [], ...overrides };
}

const ZONES = ['Europe/London', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney'];
const TOPICS = ['product strategy', 'public speaking', 'negotiation', 'system design', 'hiring'];
const ROLES: SupportRole[] = ['mentor', 'sponsor', 'coach'];

const profileArb = {
  goals: fc.subarray(TOPICS, { maxLength: 3 }),
  skills: fc.subarray(TOPICS, { maxLength: 3 }),
  seniority: fc.constantFrom(...SENIORITY_LEVELS),
  jobFunction: fc.option(fc.constantFrom('engineering', 'design', 'sales'), { nil: undefined }),
  industry: fc.option(fc.constantFrom('health', 'retail'), { nil: undefined }),
  timeZone: fc.constantFrom(...ZONES),
  identity: fc.option(
    fc.record({
      fields: fc.record(
        { gender: fc.constantFrom('woman', 'man', 'non-binary'), ethnicity: fc.constantFrom('a', 'b') },
        { requiredKeys: [] },
      ),
      preference: fc.constantFrom('shared', 'different', 'none') as fc.Arbitrary<
        'shared' | 'different' | 'none'
      >,
    }),
    { nil: undefined },
  ),
};

/** Drops optional fields fast-check left undefined, so inputs look like parsed JSON. */
function clean<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Small random cohorts: ids from a shared pool (so a person can seek and support, and reporting
 * lines, forbids and cycles land on real people), few places, some paused or busy supporters.
 * `atLeast`: the smallest share of the sizes to draw (fast-check otherwise favours small ones).
 */
export function cohortArb(sizes: {
  seekers: number;
  supporters: number;
  atLeast?: number;
}): fc.Arbitrary<MatchingInput> {
  const least = (n: number) => Math.floor(n * (sizes.atLeast ?? 0));
  const ids = Array.from({ length: Math.max(10, sizes.seekers + sizes.supporters - 2) }, (_, i) => `p${i}`);
  const seekerArb = fc.record({
    ...profileArb,
    seeks: fc.subarray(ROLES, { minLength: 1, maxLength: 2 }),
    previouslyUnmatched: fc.boolean(),
  });
  const supporterArb = fc.record({
    ...profileArb,
    offers: fc
      .subarray(ROLES, { minLength: 1 })
      .chain((roles) =>
        fc.tuple(
          ...roles.map((role) =>
            fc.record({ role: fc.constant(role), capacity: fc.integer({ min: 0, max: 2 }) }),
          ),
        ),
      ),
    totalLoadLimit: fc.integer({ min: 0, max: 3 }),
    currentLoadElsewhere: fc.integer({ min: 0, max: 1 }),
    paused: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
    hasInfluence: fc.boolean(),
  });
  const pair = fc.tuple(fc.constantFrom(...ids), fc.constantFrom(...ids));
  return fc
    .record({
      seekerIds: fc.uniqueArray(fc.constantFrom(...ids), {
        minLength: least(sizes.seekers),
        maxLength: sizes.seekers,
      }),
      supporterIds: fc.uniqueArray(fc.constantFrom(...ids), {
        minLength: least(sizes.supporters),
        maxLength: sizes.supporters,
      }),
      seekers: fc.array(seekerArb, { minLength: sizes.seekers, maxLength: sizes.seekers }),
      supporters: fc.array(supporterArb, { minLength: sizes.supporters, maxLength: sizes.supporters }),
      lines: fc.array(pair, { maxLength: Math.max(4, Math.floor(ids.length / 3)) }),
      forbids: fc.array(pair, { maxLength: Math.max(2, Math.floor(ids.length / 5)) }),
    })
    .map(({ seekerIds, supporterIds, seekers, supporters, lines, forbids }) =>
      cohort({
        seekers: seekerIds.map((personId, i) => clean({ ...seekers[i]!, personId }) as Seeker),
        supporters: supporterIds.map((personId, i) => clean({ ...supporters[i]!, personId }) as Supporter),
        reportingLines: lines.map(([personId, managerId]) => ({ personId, managerId })),
        forbids: forbids.map(([seekerId, supporterId]) => ({ seekerId, supporterId })),
      }),
    );
}

/** The problems `matchCohort` refuses the input with, as `field: message`; fails if it is accepted. */
export function refusal(input: MatchingInput): string[] {
  try {
    matchCohort(input);
  } catch (error) {
    if (error instanceof ValidationError) return error.problems.map((p) => `${p.field}: ${p.message}`);
    throw error;
  }
  throw new Error('expected the input to be refused');
}

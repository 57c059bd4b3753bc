/**
 * Co-mentoring circles (issue 3, item 7): how long forming circles of 4 takes for 300, 3,000 and
 * 30,000 people, and how their total quality compares with random groupings of the same people
 * into the same sizes. Random groupings are what a coordinator gets by drawing names from a
 * hat; beating their best of 20 says the search is worth running. Everything is seeded, so two
 * runs on one machine differ only in time.
 */
import { performance } from 'node:perf_hooks';
import { type Random, seededRandom } from '#cli/simulate/prng.ts';
import { type CircleFactor, circleSizes, formCircles, scoreCircle } from '#shared/domain/matching/circles.ts';
import type { PersonProfile } from '#shared/domain/matching/types.ts';
import { SENIORITY_LEVELS } from '#shared/domain/participant.ts';

const SIZES = [300, 3_000, 30_000];
const CIRCLE_SIZE = 4;
const RANDOM_GROUPINGS = 20;

/** Weighted roughly like a global company's staff: most in the Americas, Europe and India. */
const ZONES: [string, number][] = [
  ['America/Los_Angeles', 3],
  ['America/New_York', 4],
  ['America/Sao_Paulo', 2],
  ['Europe/London', 4],
  ['Europe/Berlin', 3],
  ['Africa/Lagos', 2],
  ['Africa/Nairobi', 1],
  ['Asia/Kolkata', 3],
  ['Asia/Singapore', 2],
  ['Asia/Tokyo', 1],
  ['Australia/Sydney', 1],
];

/** Goals come in themes, as they do in intake answers: people want a few related things. */
const GOAL_THEMES = [
  ['people leadership', 'managing managers', 'giving feedback', 'hiring well'],
  ['public speaking', 'writing for executives', 'influencing without authority', 'negotiation'],
  ['career change', 'promotion case', 'finding a sponsor', 'salary negotiation'],
  ['technical depth', 'system design', 'data literacy', 'product sense'],
  ['starting a business', 'fundraising', 'sales skills', 'building a network'],
  ['work-life balance', 'returning from leave', 'confidence', 'setting boundaries'],
];

const FUNCTIONS: [string, string[]][] = [
  ['engineering', ['typescript', 'cloud', 'testing', 'architecture', 'code review']],
  ['design', ['user research', 'prototyping', 'accessibility', 'visual design', 'facilitation']],
  ['product', ['roadmapping', 'user research', 'analytics', 'prioritisation', 'storytelling']],
  ['sales', ['negotiation', 'storytelling', 'crm', 'forecasting', 'presenting']],
  ['marketing', ['copywriting', 'analytics', 'brand', 'presenting', 'campaigns']],
  ['finance', ['forecasting', 'modelling', 'excel', 'audit', 'presenting']],
  ['people', ['coaching', 'facilitation', 'employment law', 'hiring', 'mediation']],
  ['operations', ['process design', 'excel', 'vendor management', 'planning', 'analytics']],
];
const INDUSTRIES = [
  'health',
  'retail',
  'public sector',
  'finance',
  'software',
  'education',
  'energy',
  'media',
];
const IDENTITY_VALUES = {
  gender: ['woman', 'man', 'non-binary', 'another gender'],
  ethnicity: ['black', 'south asian', 'east asian', 'latinx', 'white', 'mixed'],
  disability: ['yes', 'no'],
  lgbtq: ['yes', 'no'],
  firstGeneration: ['yes', 'no'],
} as const;

function person(random: Random, i: number): PersonProfile {
  const theme = random.pick(GOAL_THEMES);
  const goals = random.sample(theme, random.int(1, 3));
  if (random.chance(0.3)) goals.push(random.pick(random.pick(GOAL_THEMES)));
  const [jobFunction, pool] = random.pick(FUNCTIONS);
  const skills = random.sample(pool, random.int(2, 3));
  if (random.chance(0.5)) skills.push(random.pick(random.pick(FUNCTIONS)[1]));
  const profile: PersonProfile = {
    personId: `p${String(i).padStart(6, '0')}`,
    goals,
    skills,
    seniority: random.weighted(SENIORITY_LEVELS.map((level, rank) => [level, 5 - rank] as const)),
    jobFunction,
    industry: random.pick(INDUSTRIES),
    timeZone: random.weighted(ZONES),
  };
  // Six in ten consent to identity details being used for matching; the rest have none here.
  if (random.chance(0.6)) {
    const fields: Record<string, string> = {};
    for (const [field, values] of Object.entries(IDENTITY_VALUES))
      if (random.chance(0.7)) fields[field] = random.pick(values);
    profile.identity = {
      fields,
      preference: random.weighted([
        ['none', 70],
        ['shared', 15],
        ['different', 15],
      ]),
    };
  }
  return profile;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Mean value of each factor over circles: what the totals are made of. */
function factorMeans(qualities: { factors: CircleFactor[] }[]): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const quality of qualities)
    for (const factor of quality.factors) sums[factor.factor] = (sums[factor.factor] ?? 0) + factor.value;
  return Object.fromEntries(
    Object.entries(sums).map(([factor, sum]) => [factor, round(sum / qualities.length, 3)]),
  );
}

/**
 * Names from a hat. `byZone` first sorts the shuffled names by time zone (a stable sort), which is
 * what a careful coordinator would do by hand: it shows what the search adds beyond that.
 */
function randomGrouping(people: PersonProfile[], sizes: number[], random: Random, byZone: boolean) {
  const shuffled = random.sample(people, people.length);
  if (byZone) shuffled.sort((a, b) => (a.timeZone < b.timeZone ? -1 : a.timeZone > b.timeZone ? 1 : 0));
  let next = 0;
  const qualities = sizes.map((size) => {
    const circle = shuffled.slice(next, next + size);
    next += size;
    return scoreCircle(circle);
  });
  return { total: qualities.reduce((sum, quality) => sum + quality.total, 0), qualities };
}

export async function benchCircles(): Promise<Record<string, unknown>> {
  const runs = [];
  for (const count of SIZES) {
    const random = seededRandom(`circles-${count}`);
    const people = Array.from({ length: count }, (_, i) => person(random, i));
    const heapBefore = process.memoryUsage().heapUsed;
    const start = performance.now();
    const result = formCircles(people, { size: CIRCLE_SIZE });
    const ms = Math.round(performance.now() - start);
    const heapGrowthMb = round((process.memoryUsage().heapUsed - heapBefore) / 1048576, 1);

    const sizes = circleSizes(count, CIRCLE_SIZE);
    const groupings = Array.from({ length: RANDOM_GROUPINGS }, () =>
      randomGrouping(people, sizes, random, false),
    );
    const totals = groupings.map((grouping) => grouping.total);
    const randomMean = totals.reduce((sum, total) => sum + total, 0) / totals.length;
    const randomBest = Math.max(...totals);
    const zoned = Array.from({ length: RANDOM_GROUPINGS }, () => randomGrouping(people, sizes, random, true));
    const zonedTotals = zoned.map((grouping) => grouping.total);
    const zonedMean = zonedTotals.reduce((sum, total) => sum + total, 0) / zonedTotals.length;
    const ours = result.totals.quality;
    runs.push({
      people: count,
      circles: result.totals.circles,
      ms,
      heapGrowthMb,
      search: result.search,
      quality: {
        ours: round(ours),
        randomMean: round(randomMean),
        randomBest: round(randomBest),
        oursPerCircle: round(result.totals.meanQuality, 3),
        randomMeanPerCircle: round(randomMean / sizes.length, 3),
        // Totals can be negative (time-zone spread is a penalty), so gains are per circle, not %.
        gainPerCircleOverRandomMean: round((ours - randomMean) / sizes.length, 3),
        gainPerCircleOverRandomBest: round((ours - randomBest) / sizes.length, 3),
        sameZoneRandomMean: round(zonedMean),
        sameZoneRandomBest: round(Math.max(...zonedTotals)),
        sameZoneRandomMeanPerCircle: round(zonedMean / sizes.length, 3),
      },
      factorMeans: {
        ours: factorMeans(result.circles.map((circle) => circle.quality)),
        random: factorMeans(groupings.flatMap((grouping) => grouping.qualities)),
        sameZoneRandom: factorMeans(zoned.flatMap((grouping) => grouping.qualities)),
      },
    });
    // Yield between sizes so a caller's timers and logs are not starved by a long run.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { circleSize: CIRCLE_SIZE, randomGroupings: RANDOM_GROUPINGS, runs };
}

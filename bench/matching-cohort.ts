import type { MatchingInput, Seeker, Supporter } from '#shared/domain/matching/types.ts';
import { SENIORITY_LEVELS } from '#shared/domain/participant.ts';
import type { SupportRole } from '#shared/domain/support-roles.ts';

/**
 * Synthetic cohorts for the matching benchmark: seeded, so every run (and every solver in a run)
 * sees the same people. Shaped like a real program: a few popular goals and many rare ones,
 * most people in a handful of time zones, sponsors scarcer than mentors, some supporters
 * already busy in other cohorts or paused, some identity details shared with a preference.
 */

/** mulberry32: small, fast and good enough to make test data. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ZONES = [
  'Europe/London',
  'Europe/Paris',
  'Europe/Berlin',
  'Europe/Madrid',
  'Europe/Warsaw',
  'Europe/Athens',
  'Africa/Lagos',
  'Africa/Nairobi',
  'Africa/Johannesburg',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'America/Mexico_City',
  'America/Toronto',
];

const TOPICS = 300;
const FUNCTIONS = 25;
const INDUSTRIES = 20;

export function syntheticCohort(seekerCount: number, supporterCount: number, seed = 1): MatchingInput {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  // Popular topics first: squaring a uniform number skews towards low indexes.
  const topic = () => `topic ${Math.floor(TOPICS * next() ** 2)}`;
  const topics = (n: number) => Array.from({ length: n }, topic);
  const zone = () => ZONES[Math.floor(ZONES.length * next() ** 1.5)]!;
  const identity = () => {
    if (next() < 0.6) return undefined;
    const fields: Record<string, string> = {};
    if (next() < 0.8) fields.gender = pick(['woman', 'man', 'non-binary', 'another']);
    if (next() < 0.6) fields.ethnicity = `group ${Math.floor(next() * 8)}`;
    if (next() < 0.2) fields.disability = 'yes';
    if (next() < 0.3) fields.firstGeneration = 'yes';
    const roll = next();
    return { fields, preference: roll < 0.4 ? 'shared' : roll < 0.6 ? 'different' : 'none' } as const;
  };
  const profile = (id: string, levels: readonly number[]) => {
    const who = identity();
    return {
      personId: id,
      goals: topics(1 + Math.floor(next() * 4)),
      skills: topics(2 + Math.floor(next() * 5)),
      seniority: SENIORITY_LEVELS[pick(levels)]!,
      jobFunction: `function ${Math.floor(next() * FUNCTIONS)}`,
      industry: `industry ${Math.floor(next() * INDUSTRIES)}`,
      timeZone: zone(),
      ...(who ? { identity: who } : {}),
    };
  };

  const seekers: Seeker[] = Array.from({ length: seekerCount }, (_, i) => {
    const seeks: SupportRole[] = [next() < 0.75 ? 'mentor' : pick(['coach', 'advocate', 'challenger'])];
    if (next() < 0.25) {
      const second = pick<SupportRole>(['sponsor', 'coach', 'advocate', 'challenger']);
      if (!seeks.includes(second)) seeks.push(second);
    }
    return {
      ...profile(`seeker-${String(i).padStart(6, '0')}`, [0, 0, 0, 1, 1, 2]),
      seeks,
      previouslyUnmatched: next() < 0.1,
    };
  });

  const supporters: Supporter[] = Array.from({ length: supporterCount }, (_, i) => {
    const person = profile(`supporter-${String(i).padStart(6, '0')}`, [1, 2, 2, 3, 3, 4]);
    const offers: Supporter['offers'] = [];
    if (next() < 0.9) offers.push({ role: 'mentor', capacity: 5 + Math.floor(next() * 3) });
    const senior = SENIORITY_LEVELS.indexOf(person.seniority) >= 3;
    if (senior && next() < 0.5) offers.push({ role: 'sponsor', capacity: 1 + Math.floor(next() * 3) });
    if (next() < 0.7) {
      offers.push({
        role: pick(['coach', 'advocate', 'challenger'] as const),
        capacity: 2 + Math.floor(next() * 4),
      });
    }
    if (offers.length === 0) offers.push({ role: 'mentor', capacity: 3 });
    const places = offers.reduce((sum, o) => sum + o.capacity, 0);
    return {
      ...person,
      offers,
      // Many agree to less in total than the sum of their places: the total load binds.
      totalLoadLimit: Math.max(1, places - Math.floor(next() * 2)),
      currentLoadElsewhere: next() < 0.2 ? 1 + Math.floor(next() * 2) : 0,
      paused: next() < 0.03,
      hasInfluence: senior && next() < 0.7,
    };
  });

  const reportingLines: MatchingInput['reportingLines'] = [];
  for (const seeker of seekers) {
    if (next() < 0.1)
      reportingLines.push({ personId: seeker.personId, managerId: pick(supporters).personId });
  }
  for (const supporter of supporters) {
    if (next() < 0.2)
      reportingLines.push({ personId: supporter.personId, managerId: pick(supporters).personId });
  }
  return { seekers, supporters, reportingLines, pins: [], forbids: [] };
}

import { ValidationError } from '../errors.ts';
import { IDENTITY_FIELDS, SENIORITY_LEVELS } from '../participant.ts';
import { canonicalTimeZone } from '../zoned-time.ts';
import type { PersonProfile } from './types.ts';

/**
 * Co-mentoring circles: peers grouped so that they share what they want to learn (they learn it
 * together) and differ in where they come from (we learn more from people unlike ourselves),
 * while still sharing enough of a working day to meet. See docs/circles.md for the score, the
 * size rule and the algorithm; the comments here say why each piece is the way it is.
 */

/** How much each part of a circle's quality counts. A program may override any of them. */
export interface CircleWeights {
  sharedGoals: number;
  sharedSkills: number;
  diversity: number;
  sharedBackground: number;
  /** Points lost per 8 hours (one working day) of time-zone spread. */
  timeZoneSpread: number;
}

/**
 * Goals weigh most because learning together is what a circle is for; skills half, because a
 * shared skill helps but a circle of identical experts teaches itself little. A whole working
 * day of spread costs as much as a circle with every goal shared is worth: a circle that cannot
 * meet does not happen.
 */
const DEFAULT_WEIGHTS: CircleWeights = {
  sharedGoals: 1,
  sharedSkills: 0.5,
  diversity: 1,
  sharedBackground: 0.5,
  timeZoneSpread: 1,
};

export interface CircleOptions {
  /** The size the program asked for; see `circleSizes` for what happens when it doesn't divide. */
  size: 3 | 4 | 5 | 6;
  /**
   * Breaks ties and sets the order people are considered in. The same seed always gives the
   * same circles; another seed gives a different, comparably good grouping (a coordinator's
   * "re-run"). Without one, people are taken in order of their ids.
   */
  seed?: string | number;
  weights?: Partial<CircleWeights>;
}

export interface CircleFactor {
  factor: keyof CircleWeights;
  /** The measure: 0–1, except `timeZoneSpread`, which is in hours. */
  value: number;
  /** Its contribution to the circle's total (the spread's is negative). */
  points: number;
}

export interface CircleQuality {
  total: number;
  factors: CircleFactor[];
}

export interface Circle {
  circleId: string;
  memberIds: string[];
  quality: CircleQuality;
  /** Plain words for the introduction email and the coordinator's review. */
  reasons: string[];
}

export interface CircleResult {
  circles: Circle[];
  totals: { people: number; circles: number; quality: number; meanQuality: number };
  /**
   * How the local search ended. `converged`: no swap of two people inside its neighbourhood
   * improves the total. The neighbourhood is every pair of circles when everyone fits in one
   * block (`BLOCK_PEOPLE`), otherwise overlapping windows of neighbouring circles.
   */
  search: { neighbourhood: 'all-circles' | 'windows'; passes: number; swaps: number; converged: boolean };
}

const MIN_SIZE = 3;
const MAX_SIZE = 6;
/** Everyone's working day is taken to be eight hours at the same local time. */
const WORKDAY_MINUTES = 8 * 60;
const DAY_MINUTES = 24 * 60;

/**
 * Diversity dimensions, in this order: seniority, function, industry, then the consented
 * identity fields. Work dimensions weigh a quarter each and the identity fields share the last
 * quarter, so background counts as much as each work dimension however many fields one fills.
 */
const DIMS = 3 + IDENTITY_FIELDS.length;
const FIRST_IDENTITY_DIM = 3;
const DIM_WEIGHT = Float64Array.from({ length: DIMS }, (_, d) =>
  d < FIRST_IDENTITY_DIM ? 0.25 : 0.25 / IDENTITY_FIELDS.length,
);
const UNKNOWN = -1;

/**
 * Up to this many people are grouped as one block, where the local search tries every swap
 * between every pair of circles. Larger cohorts are cut into blocks of neighbours (by time zone,
 * then main goal) and polished in overlapping windows: all-pairs search grows with the square of
 * the cohort, windows grow linearly. Measured on the benchmark's 3,000 people: one block took
 * 4.6 s and scored 1.454 per circle; blocks of 320 took 0.7 s and scored 1.462.
 */
const BLOCK_PEOPLE = 320;
/**
 * Bounds, so a pathological input ends. In the benchmark a block converges in under 10 passes
 * and 30,000 people need 7 rounds of windows; `search.converged` says when a bound cut it short.
 */
const MAX_PASSES = 60;
const MAX_WINDOW_ROUNDS = 20;
/** A swap must gain more than rounding noise, or two equal groupings could swap forever. */
const EPSILON = 1e-9;

// ---------------------------------------------------------------------------------------------
// The size rule

/**
 * Circle sizes for `n` people when the program asked for `size`: as many circles as possible
 * at exactly that size, the rest within one person of it (never outside 3–6). Among the
 * groupings allowed, the one whose sizes stray least from the asked size in total wins; on a tie,
 * fewer and larger circles (a circle of 3 that loses someone stops being a circle). Only when no
 * grouping within one person exists (5 people in circles of 3, or 9 in circles of 6) are sizes
 * anywhere in 3–6 allowed. Larger circles come first.
 */
export function circleSizes(n: number, size: number): number[] {
  if (!Number.isInteger(size) || size < MIN_SIZE || size > MAX_SIZE)
    throw new ValidationError(`circle size must be a whole number from ${MIN_SIZE} to ${MAX_SIZE}`, [
      { field: 'size', message: `must be ${MIN_SIZE}, 4, 5 or ${MAX_SIZE}` },
    ]);
  if (n === 0) return [];
  if (n < MIN_SIZE)
    throw new ValidationError(`a circle needs at least ${MIN_SIZE} people; only ${n} given`, [
      { field: 'people', message: `add people: a circle needs at least ${MIN_SIZE}` },
    ]);
  const ranges: [number, number][] = [
    [Math.max(MIN_SIZE, size - 1), Math.min(MAX_SIZE, size + 1)],
    [MIN_SIZE, MAX_SIZE],
  ];
  for (const [low, high] of ranges) {
    let best: { count: number; cost: number } | undefined;
    for (let count = Math.ceil(n / high); count <= Math.floor(n / low); count += 1) {
      const small = Math.floor(n / count);
      const larger = n - small * count;
      if (small < low || (larger > 0 ? small + 1 : small) > high) continue;
      const cost = larger * Math.abs(small + 1 - size) + (count - larger) * Math.abs(small - size);
      if (!best || cost < best.cost) best = { count, cost };
    }
    if (best) {
      const small = Math.floor(n / best.count);
      const larger = n - small * best.count;
      return Array.from({ length: best.count }, (_, i) => (i < larger ? small + 1 : small));
    }
  }
  // Unreachable: every n ≥ 3 is a sum of parts from 3 to 6.
  throw new RangeError(`no circle sizes for ${n} people`);
}

// ---------------------------------------------------------------------------------------------
// People as numbers

/** Everything the score needs, as integer codes, so the search compares numbers, not strings. */
interface Prepared {
  n: number;
  profiles: PersonProfile[];
  goals: Int32Array[];
  skills: Int32Array[];
  /** n × DIMS codes; UNKNOWN where the person gave no value or did not consent. */
  codes: Int32Array;
  /** Standard UTC offset in minutes, folded into [0, 1440). */
  offset: Int32Array;
  prefersShared: Uint8Array;
  goalNames: string[];
  skillNames: string[];
  dimNames: string[][];
}

const offsets = new Map<string, number>();

/**
 * Each zone's standard (winter) offset. Daylight saving moves a zone by an hour at most, in
 * opposite directions in the two hemispheres, so the standard offset is the fair year-round
 * figure, and it keeps the result independent of the day it runs. A fixed year keeps it so too.
 */
function standardOffsetMinutes(timeZone: string): number {
  const known = offsets.get(timeZone);
  if (known !== undefined) return known;
  const format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
  const minutesAt = (instant: number) => {
    const name = format.formatToParts(new Date(instant)).find((part) => part.type === 'timeZoneName')?.value;
    const match = /^GMT(?:([+-])(\d{1,2})(?::?(\d{2}))?)?$/.exec(name ?? '');
    if (!match) throw new RangeError(`unexpected offset ${name} for ${timeZone}`);
    const minutes = Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
    return match[1] === '-' ? -minutes : minutes;
  };
  const standard = Math.min(minutesAt(Date.UTC(2025, 0, 15, 12)), minutesAt(Date.UTC(2025, 6, 15, 12)));
  // Bounded, so hostile input can't grow it without limit.
  if (offsets.size < 1000) offsets.set(timeZone, standard);
  return standard;
}

/** FNV-1a: turns the seed and an id into the number people are ordered by. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    value ^= text.charCodeAt(i);
    value = Math.imul(value, 0x01000193) >>> 0;
  }
  return value;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Free text is compared trimmed and lower-cased: "People leadership " is "people leadership". */
const normalise = (text: string) => text.trim().toLowerCase();

class Codebook {
  readonly codes = new Map<string, number>();
  readonly names: string[] = [];
  code(text: string | undefined): number {
    if (text === undefined) return UNKNOWN;
    const key = normalise(text);
    if (key === '') return UNKNOWN;
    let code = this.codes.get(key);
    if (code === undefined) {
      code = this.names.length;
      this.codes.set(key, code);
      this.names.push(text.trim());
    }
    return code;
  }
  set(texts: string[]): Int32Array {
    const set = new Set<number>();
    for (const text of texts) {
      const code = this.code(text);
      if (code !== UNKNOWN) set.add(code);
    }
    return Int32Array.from(set).sort();
  }
}

/**
 * Puts people in one order that depends only on who they are (and the seed), so the same
 * people give the same circles whatever order they arrive in.
 */
function prepare(people: PersonProfile[], seed: string | number | undefined): Prepared {
  const problems: { field: string; message: string }[] = [];
  const seen = new Set<string>();
  for (const person of people) {
    if (seen.has(person.personId))
      problems.push({ field: person.personId, message: 'appears more than once; list each person once' });
    seen.add(person.personId);
    if (canonicalTimeZone(person.timeZone) === undefined)
      problems.push({ field: person.personId, message: `time zone "${person.timeZone}" is not a time zone` });
  }
  if (problems.length > 0) throw new ValidationError('some people cannot be placed in circles', problems);

  const keyed = people.map((person) => ({
    person,
    key: seed === undefined ? 0 : hash(`${seed}\u0000${person.personId}`),
  }));
  keyed.sort((a, b) => a.key - b.key || byText(a.person.personId, b.person.personId));
  const profiles = keyed.map((entry) => entry.person);

  const n = profiles.length;
  const goalBook = new Codebook();
  const skillBook = new Codebook();
  const dimBooks = Array.from({ length: DIMS }, () => new Codebook());
  const codes = new Int32Array(n * DIMS);
  const offset = new Int32Array(n);
  const prefersShared = new Uint8Array(n);
  const goals: Int32Array[] = [];
  const skills: Int32Array[] = [];
  profiles.forEach((person, i) => {
    goals.push(goalBook.set(person.goals));
    skills.push(skillBook.set(person.skills));
    const values: (string | undefined)[] = [
      person.seniority,
      person.jobFunction,
      person.industry,
      // The only place identity is read: absent `identity` means no consent, so nothing is used.
      ...IDENTITY_FIELDS.map((field) => person.identity?.fields[field]),
    ];
    values.forEach((value, d) => {
      codes[i * DIMS + d] = dimBooks[d]!.code(value);
    });
    const standard = standardOffsetMinutes(canonicalTimeZone(person.timeZone)!);
    offset[i] = ((standard % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
    prefersShared[i] = person.identity?.preference === 'shared' ? 1 : 0;
  });
  return {
    n,
    profiles,
    goals,
    skills,
    codes,
    offset,
    prefersShared,
    goalNames: goalBook.names,
    skillNames: skillBook.names,
    dimNames: dimBooks.map((book) => book.names),
  };
}

function jaccard(a: Int32Array, b: Int32Array): number {
  if (a.length === 0 || b.length === 0) return 0;
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      common += 1;
      i += 1;
      j += 1;
    } else if (x < y) i += 1;
    else j += 1;
  }
  return common / (a.length + b.length - common);
}

/**
 * The smallest arc of the 24-hour clock that holds everyone's offset, in minutes. Circular on
 * purpose: Sydney's morning is Los Angeles's afternoon of the day before, which is a workable
 * meeting time although the offsets are 18 hours apart.
 */
function spreadOf(values: Int32Array, length: number): number {
  if (length <= 1) return 0;
  for (let i = 1; i < length; i += 1) {
    const value = values[i]!;
    let j = i - 1;
    while (j >= 0 && values[j]! > value) {
      values[j + 1] = values[j]!;
      j -= 1;
    }
    values[j + 1] = value;
  }
  let widestGap = values[0]! + DAY_MINUTES - values[length - 1]!;
  for (let i = 1; i < length; i += 1) widestGap = Math.max(widestGap, values[i]! - values[i - 1]!);
  return DAY_MINUTES - widestGap;
}

/**
 * How many of the people listed asked for a shared background and have someone else in the
 * list with the same value in a field both consented to share.
 */
function satisfiedOf(codes: Int32Array, prefersShared: Uint8Array, list: Int32Array, length: number): number {
  let satisfied = 0;
  for (let i = 0; i < length; i += 1) {
    const p = list[i]!;
    if (prefersShared[p] !== 1) continue;
    search: for (let j = 0; j < length; j += 1) {
      if (j === i) continue;
      const q = list[j]!;
      for (let d = FIRST_IDENTITY_DIM; d < DIMS; d += 1) {
        const value = codes[p * DIMS + d]!;
        if (value !== UNKNOWN && value === codes[q * DIMS + d]) {
          satisfied += 1;
          break search;
        }
      }
    }
  }
  return satisfied;
}

// ---------------------------------------------------------------------------------------------
// The score

/** The raw measures of a whole circle, before weights. */
interface Measures {
  sharedGoals: number;
  sharedSkills: number;
  diversity: number;
  sharedBackground: number;
  spreadMinutes: number;
}

function measure(prepared: Prepared, members: Int32Array): Measures {
  const size = members.length;
  const pairs = (size * (size - 1)) / 2;
  let goals = 0;
  let skills = 0;
  for (let i = 0; i < size; i += 1)
    for (let j = i + 1; j < size; j += 1) {
      goals += jaccard(prepared.goals[members[i]!]!, prepared.goals[members[j]!]!);
      skills += jaccard(prepared.skills[members[i]!]!, prepared.skills[members[j]!]!);
    }
  let diversity = 0;
  for (let d = 0; d < DIMS; d += 1) {
    const values = new Set<number>();
    for (const p of members) {
      const code = prepared.codes[p * DIMS + d]!;
      if (code !== UNKNOWN) values.add(code);
    }
    diversity += DIM_WEIGHT[d]! * Math.max(0, values.size - 1);
  }
  const zones = Int32Array.from(members, (p) => prepared.offset[p]!);
  const sharedBackground = satisfiedOf(prepared.codes, prepared.prefersShared, members, size);
  return {
    sharedGoals: pairs > 0 ? goals / pairs : 0,
    sharedSkills: pairs > 0 ? skills / pairs : 0,
    diversity: size > 1 ? diversity / (size - 1) : 0,
    sharedBackground: size > 0 ? sharedBackground / size : 0,
    spreadMinutes: spreadOf(zones, size),
  };
}

function quality(measures: Measures, weights: CircleWeights): CircleQuality {
  const spreadHours = measures.spreadMinutes / 60;
  const factors: CircleFactor[] = [
    {
      factor: 'sharedGoals',
      value: measures.sharedGoals,
      points: weights.sharedGoals * measures.sharedGoals,
    },
    {
      factor: 'sharedSkills',
      value: measures.sharedSkills,
      points: weights.sharedSkills * measures.sharedSkills,
    },
    { factor: 'diversity', value: measures.diversity, points: weights.diversity * measures.diversity },
    {
      factor: 'sharedBackground',
      value: measures.sharedBackground,
      points: weights.sharedBackground * measures.sharedBackground,
    },
    {
      factor: 'timeZoneSpread',
      value: spreadHours,
      points: -weights.timeZoneSpread * (measures.spreadMinutes / WORKDAY_MINUTES),
    },
  ];
  return { total: factors.reduce((sum, factor) => sum + factor.points, 0), factors };
}

function resolveWeights(weights: Partial<CircleWeights> | undefined): CircleWeights {
  const resolved = { ...DEFAULT_WEIGHTS, ...weights };
  for (const [factor, weight] of Object.entries(resolved))
    if (!Number.isFinite(weight) || weight < 0)
      throw new ValidationError('circle weights must be numbers of zero or more', [
        { field: `weights.${factor}`, message: 'must be a number of zero or more' },
      ]);
  return resolved;
}

/**
 * A circle's quality, by factor:
 * - sharedGoals: mean over pairs of members of the Jaccard overlap of their goals (0–1);
 * - sharedSkills: the same for skills;
 * - diversity: per dimension (seniority, function, industry, each consented identity field),
 *   distinct known values minus one over members minus one, weighted as `DIM_WEIGHT` (0–1);
 * - sharedBackground: the share of members who asked for a shared background and have someone
 *   here who shares a consented field with them (0–1);
 * - timeZoneSpread: hours between the earliest and latest standard offset on the clock face,
 *   costing `timeZoneSpread` points per 8 hours.
 * The total is the weighted sum; a grouping's quality is the sum over its circles.
 */
export function scoreCircle(people: PersonProfile[], weights?: Partial<CircleWeights>): CircleQuality {
  const prepared = prepare(people, undefined);
  return quality(measure(prepared, Int32Array.from(prepared.profiles.keys())), resolveWeights(weights));
}

// ---------------------------------------------------------------------------------------------
// The search

/**
 * A set of circles and the people in them, with what the search needs kept up to date so one
 * insertion or one swap is scored in constant time per circle: `affinity` holds each person's
 * summed goal-and-skill overlap with every circle, `distinct` the count of values per dimension.
 * Scores here are "potentials": the circle's quality formula with its target size in the
 * denominators, so a half-built circle is scored on the same scale as the full one it becomes.
 */
class Workspace {
  readonly people: Int32Array;
  readonly m: number;
  readonly k: number;
  readonly target: Int32Array;
  readonly slots: Int32Array;
  readonly filled: Int32Array;
  readonly circleOf: Int32Array;
  private readonly codes: Int32Array;
  private readonly offset: Int32Array;
  private readonly prefersShared: Uint8Array;
  private readonly pairWeight: Float64Array;
  private readonly affinity: Float64Array;
  private readonly distinct: Int32Array;
  private readonly spread: Int32Array;
  private readonly satisfied: Int32Array;
  private readonly asking: Int32Array;
  /** The most circle c's diversity could gain from any one swap: used to skip hopeless swaps. */
  private readonly slack: Float64Array;
  private readonly pairScale: Float64Array;
  private readonly diversityScale: Float64Array;
  private readonly backgroundScale: Float64Array;
  private readonly spreadScale: number;
  private readonly list = new Int32Array(MAX_SIZE + 1);
  private readonly zones = new Int32Array(MAX_SIZE + 1);

  constructor(prepared: Prepared, weights: CircleWeights, people: Int32Array, targets: ArrayLike<number>) {
    const m = people.length;
    const k = targets.length;
    this.people = people;
    this.m = m;
    this.k = k;
    this.target = Int32Array.from(targets);
    this.slots = new Int32Array(k * MAX_SIZE);
    this.filled = new Int32Array(k);
    this.circleOf = new Int32Array(m).fill(-1);
    this.codes = new Int32Array(m * DIMS);
    this.offset = new Int32Array(m);
    this.prefersShared = new Uint8Array(m);
    for (let p = 0; p < m; p += 1) {
      const g = people[p]!;
      this.codes.set(prepared.codes.subarray(g * DIMS, (g + 1) * DIMS), p * DIMS);
      this.offset[p] = prepared.offset[g]!;
      this.prefersShared[p] = prepared.prefersShared[g]!;
    }
    this.pairWeight = new Float64Array(m * m);
    for (let p = 0; p < m; p += 1)
      for (let q = p + 1; q < m; q += 1) {
        const gp = people[p]!;
        const gq = people[q]!;
        const weight =
          weights.sharedGoals * jaccard(prepared.goals[gp]!, prepared.goals[gq]!) +
          weights.sharedSkills * jaccard(prepared.skills[gp]!, prepared.skills[gq]!);
        this.pairWeight[p * m + q] = weight;
        this.pairWeight[q * m + p] = weight;
      }
    this.affinity = new Float64Array(m * k);
    this.distinct = new Int32Array(k * DIMS);
    this.spread = new Int32Array(k);
    this.satisfied = new Int32Array(k);
    this.asking = new Int32Array(k);
    this.slack = new Float64Array(k);
    this.pairScale = Float64Array.from(this.target, (t) => 2 / (t * (t - 1)));
    this.diversityScale = Float64Array.from(this.target, (t) => weights.diversity / (t - 1));
    this.backgroundScale = Float64Array.from(this.target, (t) => weights.sharedBackground / t);
    this.spreadScale = weights.timeZoneSpread / WORKDAY_MINUTES;
  }

  private countIn(c: number, d: number, value: number): number {
    let count = 0;
    const end = c * MAX_SIZE + this.filled[c]!;
    for (let s = c * MAX_SIZE; s < end; s += 1)
      if (this.codes[this.slots[s]! * DIMS + d] === value) count += 1;
    return count;
  }

  /** Copies circle c's members into the scratch list, putting `incoming` in place of `leaving`. */
  private fill(c: number, leaving: number, incoming: number): number {
    let length = 0;
    const end = c * MAX_SIZE + this.filled[c]!;
    for (let s = c * MAX_SIZE; s < end; s += 1) {
      const p = this.slots[s]!;
      if (p !== leaving) this.list[length++] = p;
    }
    if (incoming >= 0) this.list[length++] = incoming;
    return length;
  }

  private spreadOfList(length: number): number {
    for (let i = 0; i < length; i += 1) this.zones[i] = this.offset[this.list[i]!]!;
    return spreadOf(this.zones, length);
  }

  /** What adding p to the (not yet full) circle c changes in its potential. */
  insertGain(p: number, c: number): number {
    let gain = this.affinity[p * this.k + c]! * this.pairScale[c]!;
    let diversity = 0;
    for (let d = 0; d < DIMS; d += 1) {
      const value = this.codes[p * DIMS + d]!;
      if (value !== UNKNOWN && this.distinct[c * DIMS + d]! >= 1 && this.countIn(c, d, value) === 0)
        diversity += DIM_WEIGHT[d]!;
    }
    gain += diversity * this.diversityScale[c]!;
    const length = this.fill(c, -1, p);
    gain -= (this.spreadOfList(length) - this.spread[c]!) * this.spreadScale;
    if (this.prefersShared[p] === 1 || this.asking[c]! > 0) {
      const satisfied = satisfiedOf(this.codes, this.prefersShared, this.list, length);
      gain += (satisfied - this.satisfied[c]!) * this.backgroundScale[c]!;
    }
    return gain;
  }

  insert(p: number, c: number): void {
    for (let d = 0; d < DIMS; d += 1) {
      const value = this.codes[p * DIMS + d]!;
      if (value !== UNKNOWN && this.countIn(c, d, value) === 0) this.distinct[c * DIMS + d]! += 1;
    }
    this.slots[c * MAX_SIZE + this.filled[c]!] = p;
    this.filled[c]! += 1;
    this.circleOf[p] = c;
    for (let q = 0; q < this.m; q += 1) this.affinity[q * this.k + c]! += this.pairWeight[q * this.m + p]!;
    this.refresh(c);
  }

  private refresh(c: number): void {
    const length = this.fill(c, -1, -1);
    this.spread[c] = this.spreadOfList(length);
    this.satisfied[c] = satisfiedOf(this.codes, this.prefersShared, this.list, length);
    let asking = 0;
    for (let i = 0; i < length; i += 1) asking += this.prefersShared[this.list[i]!]!;
    this.asking[c] = asking;
    // A dimension can gain a value only if some members still share one (or gave none).
    let slack = 0;
    for (let d = 0; d < DIMS; d += 1) if (this.distinct[c * DIMS + d]! < length) slack += DIM_WEIGHT[d]!;
    this.slack[c] = slack * this.diversityScale[c]!;
  }

  /** How circle `c`'s diversity changes when `leaving` goes and `incoming` comes. */
  private diversityChange(c: number, leaving: number, incoming: number): number {
    let change = 0;
    for (let d = 0; d < DIMS; d += 1) {
      const out = this.codes[leaving * DIMS + d]!;
      const into = this.codes[incoming * DIMS + d]!;
      if (out === into) continue;
      const before = this.distinct[c * DIMS + d]!;
      let after = before;
      if (out !== UNKNOWN && this.countIn(c, d, out) === 1) after -= 1;
      if (into !== UNKNOWN && this.countIn(c, d, into) === 0) after += 1;
      if (after !== before) change += DIM_WEIGHT[d]! * (Math.max(0, after - 1) - Math.max(0, before - 1));
    }
    return change * this.diversityScale[c]!;
  }

  private spreadChange(c: number, leaving: number, incoming: number): number {
    const length = this.fill(c, leaving, incoming);
    return -(this.spreadOfList(length) - this.spread[c]!) * this.spreadScale;
  }

  /** The most circle c's shared-background score could gain: nobody new can be satisfied otherwise. */
  private backgroundBound(c: number, leaving: number, incoming: number): number {
    if (this.asking[c] === 0 && this.prefersShared[incoming] === 0) return 0;
    const asking = this.asking[c]! - this.prefersShared[leaving]! + this.prefersShared[incoming]!;
    return Math.max(0, asking - this.satisfied[c]!) * this.backgroundScale[c]!;
  }

  private backgroundChange(c: number, leaving: number, incoming: number): number {
    if (this.asking[c] === 0 && this.prefersShared[incoming] === 0) return 0;
    const length = this.fill(c, leaving, incoming);
    const satisfied = satisfiedOf(this.codes, this.prefersShared, this.list, length);
    return (satisfied - this.satisfied[c]!) * this.backgroundScale[c]!;
  }

  /**
   * What swapping a and b (in different circles) changes in the total potential, or -Infinity
   * when an upper bound already shows it cannot improve it: most swaps are hopeless, and the
   * bound costs a fraction of the exact diversity and background counts.
   */
  improvingSwapGain(a: number, b: number): number {
    const ca = this.circleOf[a]!;
    const cb = this.circleOf[b]!;
    const k = this.k;
    const ab = this.pairWeight[a * this.m + b]!;
    let gain = (this.affinity[b * k + ca]! - ab - this.affinity[a * k + ca]!) * this.pairScale[ca]!;
    gain += (this.affinity[a * k + cb]! - ab - this.affinity[b * k + cb]!) * this.pairScale[cb]!;
    // Same offset in, same offset out: neither circle's clock face changes.
    if (this.offset[a] !== this.offset[b]) gain += this.spreadChange(ca, a, b) + this.spreadChange(cb, b, a);
    const bound =
      gain +
      this.slack[ca]! +
      this.slack[cb]! +
      this.backgroundBound(ca, a, b) +
      this.backgroundBound(cb, b, a);
    if (bound <= EPSILON) return Number.NEGATIVE_INFINITY;
    return (
      gain +
      this.diversityChange(ca, a, b) +
      this.diversityChange(cb, b, a) +
      this.backgroundChange(ca, a, b) +
      this.backgroundChange(cb, b, a)
    );
  }

  swap(a: number, b: number): void {
    const ca = this.circleOf[a]!;
    const cb = this.circleOf[b]!;
    this.slots[this.slots.indexOf(a, ca * MAX_SIZE)] = b;
    this.slots[this.slots.indexOf(b, cb * MAX_SIZE)] = a;
    this.circleOf[a] = cb;
    this.circleOf[b] = ca;
    const { m, k } = this;
    for (let q = 0; q < m; q += 1) {
      const delta = this.pairWeight[q * m + b]! - this.pairWeight[q * m + a]!;
      this.affinity[q * k + ca]! += delta;
      this.affinity[q * k + cb]! -= delta;
    }
    for (const c of [ca, cb]) {
      for (let d = 0; d < DIMS; d += 1) {
        const seen = new Set<number>();
        const end = c * MAX_SIZE + this.filled[c]!;
        for (let s = c * MAX_SIZE; s < end; s += 1) {
          const value = this.codes[this.slots[s]! * DIMS + d]!;
          if (value !== UNKNOWN) seen.add(value);
        }
        this.distinct[c * DIMS + d] = seen.size;
      }
      this.refresh(c);
    }
  }

  /**
   * Seeds, one per circle: the hardest person to place first (least overlap with anyone), then
   * each time the person least like every seed so far, so circles grow around different goals.
   */
  private seeds(): number[] {
    const { m, k } = this;
    const likeness = (p: number, q: number) =>
      this.pairWeight[p * m + q]! - this.spreadScale * circularDistance(this.offset[p]!, this.offset[q]!);
    let first = 0;
    let lowest = Number.POSITIVE_INFINITY;
    for (let p = 0; p < m; p += 1) {
      let total = 0;
      for (let q = 0; q < m; q += 1) total += this.pairWeight[p * m + q]!;
      if (total < lowest) {
        lowest = total;
        first = p;
      }
    }
    const seeds = [first];
    const chosen = new Uint8Array(m);
    chosen[first] = 1;
    const closest = Float64Array.from({ length: m }, (_, p) => likeness(p, first));
    while (seeds.length < k) {
      let next = -1;
      for (let p = 0; p < m; p += 1)
        if (chosen[p] === 0 && (next < 0 || closest[p]! < closest[next]!)) next = p;
      seeds.push(next);
      chosen[next] = 1;
      for (let p = 0; p < m; p += 1) closest[p] = Math.max(closest[p]!, likeness(p, next));
    }
    return seeds;
  }

  /**
   * Regret insertion: repeatedly place the person who would lose most by not getting their best
   * circle (best gain minus second best), into that circle. People with one good option are
   * placed before those who fit anywhere, which greedy "best gain first" gets wrong.
   */
  construct(): void {
    const { m, k } = this;
    this.seeds().forEach((p, c) => {
      this.insert(p, c);
    });
    const open: number[] = [];
    for (let c = 0; c < k; c += 1) if (this.filled[c]! < this.target[c]!) open.push(c);
    const waiting: number[] = [];
    for (let p = 0; p < m; p += 1) if (this.circleOf[p] === -1) waiting.push(p);
    const gains = new Float64Array(m * k);
    const best = new Int32Array(m);
    const second = new Int32Array(m);
    const rank = (p: number) => {
      let first = -1;
      let next = -1;
      for (const c of open) {
        const gain = gains[p * k + c]!;
        if (first < 0 || gain > gains[p * k + first]!) {
          next = first;
          first = c;
        } else if (next < 0 || gain > gains[p * k + next]!) next = c;
      }
      best[p] = first;
      second[p] = next;
    };
    for (const p of waiting) {
      for (const c of open) gains[p * k + c] = this.insertGain(p, c);
      rank(p);
    }
    while (waiting.length > 0) {
      let pick = 0;
      let pickRegret = Number.NEGATIVE_INFINITY;
      let pickGain = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < waiting.length; i += 1) {
        const p = waiting[i]!;
        const top = gains[p * k + best[p]!]!;
        const regret = second[p]! < 0 ? Number.POSITIVE_INFINITY : top - gains[p * k + second[p]!]!;
        if (
          regret > pickRegret ||
          (regret === pickRegret && (top > pickGain || (top === pickGain && p < waiting[pick]!)))
        ) {
          pick = i;
          pickRegret = regret;
          pickGain = top;
        }
      }
      const p = waiting[pick]!;
      waiting[pick] = waiting[waiting.length - 1]!;
      waiting.pop();
      const c = best[p]!;
      this.insert(p, c);
      const full = this.filled[c] === this.target[c];
      if (full) open.splice(open.indexOf(c), 1);
      for (const q of waiting) {
        if (full) {
          if (best[q] === c || second[q] === c) rank(q);
          continue;
        }
        const gain = this.insertGain(q, c);
        gains[q * k + c] = gain;
        if (best[q] === c || second[q] === c || second[q]! < 0 || gain > gains[q * k + second[q]!]!) rank(q);
      }
    }
  }

  /**
   * First-improvement local search over every swap of two people between two circles, in a
   * fixed order, until a whole pass finds nothing better or the pass limit is reached. Pairs of
   * circles that `memory` already knows to have no improving swap, and that have not changed
   * since, are skipped: their swaps depend on nothing else. `ids` name this workspace's circles
   * in `memory`.
   */
  improve(memory: SwapMemory, ids: Int32Array): { passes: number; swaps: number; converged: boolean } {
    let swaps = 0;
    for (let pass = 1; pass <= MAX_PASSES; pass += 1) {
      let improved = false;
      for (let ca = 0; ca < this.k; ca += 1)
        for (let cb = ca + 1; cb < this.k; cb += 1) {
          const x = ids[ca]!;
          const y = ids[cb]!;
          if (!memory.needsCheck(x, y)) continue;
          let pairImproved = false;
          for (let i = 0; i < this.filled[ca]!; i += 1)
            for (let j = 0; j < this.filled[cb]!; j += 1) {
              const a = this.slots[ca * MAX_SIZE + i]!;
              const b = this.slots[cb * MAX_SIZE + j]!;
              if (this.improvingSwapGain(a, b) > EPSILON) {
                this.swap(a, b);
                memory.changed(x, y);
                swaps += 1;
                pairImproved = true;
              }
            }
          if (pairImproved) improved = true;
          else memory.verified(x, y);
        }
      if (!improved) return { passes: pass, swaps, converged: true };
    }
    return { passes: MAX_PASSES, swaps, converged: false };
  }

  /** Members of circle c as global person indices. */
  membersOf(c: number): Int32Array {
    return Int32Array.from(
      this.slots.subarray(c * MAX_SIZE, c * MAX_SIZE + this.filled[c]!),
      (p) => this.people[p]!,
    );
  }
}

/**
 * Which pairs of circles are known to have no improving swap, and since when. A swap inside a
 * pair changes only those two circles, so a pair checked after both last changed stays checked:
 * the windows of a large cohort then only look again where something moved.
 */
class SwapMemory {
  private clock = 0;
  private readonly changedAt: Int32Array;
  private readonly checkedAt = new Map<number, number>();

  constructor(private readonly circles: number) {
    this.changedAt = new Int32Array(circles);
  }

  private key(x: number, y: number): number {
    return x < y ? x * this.circles + y : y * this.circles + x;
  }

  needsCheck(x: number, y: number): boolean {
    const checked = this.checkedAt.get(this.key(x, y));
    return checked === undefined || this.changedAt[x]! > checked || this.changedAt[y]! > checked;
  }

  changed(x: number, y: number): void {
    this.clock += 1;
    this.changedAt[x] = this.clock;
    this.changedAt[y] = this.clock;
  }

  verified(x: number, y: number): void {
    this.checkedAt.set(this.key(x, y), this.clock);
  }
}

/** Whether any pair of circles in [start, end) may still hold an improving swap. */
function windowNeedsCheck(memory: SwapMemory, start: number, end: number): boolean {
  for (let x = start; x < end; x += 1)
    for (let y = x + 1; y < end; y += 1) if (memory.needsCheck(x, y)) return true;
  return false;
}

function circularDistance(a: number, b: number): number {
  const gap = Math.abs(a - b);
  return Math.min(gap, DAY_MINUTES - gap);
}

/** Splits `count` items into `parts` runs as evenly as possible; returns the run boundaries. */
function boundaries(count: number, parts: number): number[] {
  return Array.from({ length: parts + 1 }, (_, j) => Math.floor((j * count) / parts));
}

/**
 * Groups people into peer circles of about `options.size` (see `circleSizes`), maximising the
 * total of `scoreCircle` over circles: regret insertion builds circles, then swaps of two people
 * between circles are made while any improves the total. Deterministic for the same people and
 * seed, whatever their order. Identity fields are read only from `identity`, which is present
 * only for people who consented to its use in matching.
 */
export function formCircles(people: PersonProfile[], options: CircleOptions): CircleResult {
  const weights = resolveWeights(options.weights);
  const sizes = circleSizes(people.length, options.size);
  const prepared = prepare(people, options.seed);
  const { n } = prepared;
  const k = sizes.length;
  if (n === 0)
    return {
      circles: [],
      totals: { people: 0, circles: 0, quality: 0, meanQuality: 0 },
      search: { neighbourhood: 'all-circles', passes: 0, swaps: 0, converged: true },
    };
  const blocks = Math.max(1, Math.round(n / BLOCK_PEOPLE));
  const order = blocks === 1 ? Int32Array.from(prepared.profiles.keys()) : neighbourOrder(prepared);
  const rank = new Int32Array(n);
  order.forEach((p, i) => {
    rank[p] = i;
  });

  const members: Int32Array[] = [];
  const memory = new SwapMemory(k);
  let passes = 0;
  let swaps = 0;
  let converged = true;
  const bounds = boundaries(k, blocks);
  let nextPerson = 0;
  for (let j = 0; j < blocks; j += 1) {
    const targets = sizes.slice(bounds[j], bounds[j + 1]);
    const count = targets.reduce((sum, t) => sum + t, 0);
    const workspace = new Workspace(prepared, weights, order.slice(nextPerson, nextPerson + count), targets);
    nextPerson += count;
    workspace.construct();
    // Circles of a block in the order of their members' places in the neighbour order, so a
    // window straddling two blocks takes the circles nearest the boundary from each side.
    const meanRank = (c: number) => workspace.membersOf(c).reduce((sum, p) => sum + rank[p]!, 0);
    const placed = Array.from(targets.keys()).sort((x, y) => meanRank(x) - meanRank(y) || x - y);
    const ids = new Int32Array(targets.length);
    placed.forEach((c, position) => {
      ids[c] = bounds[j]! + position;
    });
    const outcome = workspace.improve(memory, ids);
    passes += outcome.passes;
    swaps += outcome.swaps;
    converged &&= outcome.converged;
    for (const c of placed) members.push(workspace.membersOf(c));
  }

  if (blocks > 1) {
    // Windows alternate between straddling the block boundaries and matching the blocks. Windows
    // of one round are disjoint, so each stays optimal through its round; a round with no swap
    // means both tilings are at a local optimum.
    const midpoints = bounds.slice(0, -1).map((start, j) => Math.floor((start + bounds[j + 1]!) / 2));
    const straddling = [0, ...midpoints, k];
    let previousConverged = converged;
    converged = false;
    for (let round = 0; round < MAX_WINDOW_ROUNDS; round += 1) {
      const tiling = round % 2 === 0 ? straddling : bounds;
      let roundSwaps = 0;
      let roundConverged = true;
      for (let j = 0; j + 1 < tiling.length; j += 1) {
        const start = tiling[j]!;
        const end = tiling[j + 1]!;
        if (!windowNeedsCheck(memory, start, end)) continue;
        const window = members.slice(start, end);
        const workspace = new Workspace(
          prepared,
          weights,
          Int32Array.from(window.flatMap((circle) => [...circle])),
          window.map((circle) => circle.length),
        );
        let p = 0;
        window.forEach((circle, c) => {
          for (let i = 0; i < circle.length; i += 1) workspace.insert(p++, c);
        });
        const ids = Int32Array.from(window.keys(), (c) => start + c);
        const outcome = workspace.improve(memory, ids);
        passes += outcome.passes;
        roundSwaps += outcome.swaps;
        roundConverged &&= outcome.converged;
        for (let c = 0; c < window.length; c += 1) members[start + c] = workspace.membersOf(c);
      }
      swaps += roundSwaps;
      if (roundSwaps === 0 && roundConverged && previousConverged) {
        converged = true;
        break;
      }
      previousConverged = roundConverged;
    }
  }

  const circles = members
    .map((circle) => {
      const sorted = [...circle].sort((a, b) =>
        byText(prepared.profiles[a]!.personId, prepared.profiles[b]!.personId),
      );
      const ordered = Int32Array.from(sorted);
      return {
        memberIds: sorted.map((p) => prepared.profiles[p]!.personId),
        quality: quality(measure(prepared, ordered), weights),
        reasons: explain(prepared, ordered),
      };
    })
    .sort((x, y) => byText(x.memberIds[0]!, y.memberIds[0]!))
    .map((circle, i) => ({ circleId: `circle-${i + 1}`, ...circle }));
  const total = circles.reduce((sum, circle) => sum + circle.quality.total, 0);
  return {
    circles,
    totals: { people: n, circles: k, quality: total, meanQuality: total / k },
    search: { neighbourhood: blocks === 1 ? 'all-circles' : 'windows', passes, swaps, converged },
  };
}

/**
 * For large cohorts: people ordered by time zone, then by their most widely shared goal, so a
 * block holds people who can meet and who want similar things, and the work stays linear.
 * Diversity does not suffer: seniority, function, industry and background are not in the key.
 */
function neighbourOrder(prepared: Prepared): Int32Array {
  const frequency = new Int32Array(prepared.goalNames.length);
  for (const goals of prepared.goals) for (const goal of goals) frequency[goal]! += 1;
  const anchor = prepared.goals.map((goals) => {
    let chosen = -1;
    for (const goal of goals)
      if (
        chosen < 0 ||
        frequency[goal]! > frequency[chosen]! ||
        (frequency[goal] === frequency[chosen] && goal < chosen)
      )
        chosen = goal;
    return chosen < 0 ? Number.MAX_SAFE_INTEGER : -frequency[chosen]! * prepared.goalNames.length + chosen;
  });
  const order = Array.from(prepared.profiles.keys());
  order.sort((a, b) => prepared.offset[a]! - prepared.offset[b]! || anchor[a]! - anchor[b]! || a - b);
  return Int32Array.from(order);
}

// ---------------------------------------------------------------------------------------------
// Plain words

const NUMBER_WORDS = ['no one', 'one', 'two', 'three', 'four', 'five', 'six'];
const say = (count: number) => NUMBER_WORDS[count] ?? String(count);

function formatOffset(minutes: number): string {
  const signed = minutes > 12 * 60 ? minutes - DAY_MINUTES : minutes;
  if (signed === 0) return 'UTC';
  const sign = signed < 0 ? '-' : '+';
  const hours = Math.floor(Math.abs(signed) / 60);
  const rest = Math.abs(signed) % 60;
  return `UTC${sign}${hours}${rest > 0 ? `:${String(rest).padStart(2, '0')}` : ''}`;
}

function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const parts = [];
  if (hours > 0) parts.push(`${hours} hour${hours === 1 ? '' : 's'}`);
  if (rest > 0) parts.push(`${rest} minutes`);
  return parts.join(' ');
}

/** The most shared items (held by two or more), most shared first, then alphabetically. */
function mostShared(sets: Int32Array[], names: string[], limit: number): { name: string; count: number }[] {
  const counts = new Map<number, number>();
  for (const set of sets) for (const code of set) counts.set(code, (counts.get(code) ?? 0) + 1);
  return [...counts]
    .filter(([, count]) => count >= 2)
    .map(([code, count]) => ({ name: names[code]!, count }))
    .sort((a, b) => b.count - a.count || byText(a.name, b.name))
    .slice(0, limit);
}

function distinctNames(prepared: Prepared, members: Int32Array, d: number): string[] {
  const codes = new Set<number>();
  for (const p of members) {
    const code = prepared.codes[p * DIMS + d]!;
    if (code !== UNKNOWN) codes.add(code);
  }
  return [...codes].map((code) => prepared.dimNames[d]![code]!).sort(byText);
}

/**
 * The reasons shown to the circle and the coordinator. Goals, skills and work details are named;
 * identity is never named or counted, only said to differ or to be shared, so nobody learns
 * another member's background from the email.
 */
function explain(prepared: Prepared, members: Int32Array): string[] {
  const size = members.length;
  const reasons: string[] = [];
  const whoShare = (count: number) => (count === size ? `all ${say(count)} of you` : `${say(count)} of you`);

  const goals = mostShared(
    Array.from(members, (p) => prepared.goals[p]!),
    prepared.goalNames,
    2,
  );
  for (const goal of goals) reasons.push(`${whoShare(goal.count)} want to grow in ${goal.name}`);
  const [skill] = mostShared(
    Array.from(members, (p) => prepared.skills[p]!),
    prepared.skillNames,
    1,
  );
  if (skill) reasons.push(`${whoShare(skill.count)} bring experience in ${skill.name}`);
  if (goals.length === 0 && !skill) reasons.push('you each bring different goals and skills to learn from');

  const functions = distinctNames(prepared, members, 1);
  if (functions.length >= 2)
    reasons.push(`you bring ${say(functions.length)} different functions (${functions.join(', ')})`);
  const stages = distinctNames(prepared, members, 0);
  if (stages.length >= 2) {
    const levels = stages.map((stage) =>
      SENIORITY_LEVELS.indexOf(stage as (typeof SENIORITY_LEVELS)[number]),
    );
    const words = (level: number) => (SENIORITY_LEVELS[level] ?? '').replace('_', ' ');
    reasons.push(
      `you span ${say(stages.length)} career stages, from ${words(Math.min(...levels))} to ${words(Math.max(...levels))}`,
    );
  }
  const industries = distinctNames(prepared, members, 2);
  if (industries.length >= 2)
    reasons.push(`you come from ${say(industries.length)} industries (${industries.join(', ')})`);
  let backgroundsDiffer = false;
  for (let d = FIRST_IDENTITY_DIM; d < DIMS; d += 1)
    if (distinctNames(prepared, members, d).length >= 2) backgroundsDiffer = true;
  if (backgroundsDiffer) reasons.push('your backgrounds differ in the details you chose to share');
  let asking = 0;
  for (const p of members) asking += prepared.prefersShared[p]!;
  const satisfied = satisfiedOf(prepared.codes, prepared.prefersShared, members, size);
  if (asking > 0 && satisfied === asking)
    reasons.push('whoever asked to meet someone with a shared background has someone here who shares it');

  const zones = Int32Array.from(members, (p) => prepared.offset[p]!);
  const spread = spreadOf(zones, size);
  if (spread === 0) reasons.push(`your working hours line up: you are all on ${formatOffset(zones[0]!)}`);
  else {
    // The arc that holds everyone starts after the widest gap on the clock face.
    let start = 0;
    let widest = zones[0]! + DAY_MINUTES - zones[size - 1]!;
    for (let i = 1; i < size; i += 1)
      if (zones[i]! - zones[i - 1]! > widest) {
        widest = zones[i]! - zones[i - 1]!;
        start = i;
      }
    const range = `${formatOffset(zones[start]!)} to ${formatOffset(zones[(start + size - 1) % size]!)}`;
    reasons.push(
      spread < WORKDAY_MINUTES
        ? `your working days overlap by ${formatDuration(WORKDAY_MINUTES - spread)} (${range})`
        : `your time zones are ${formatDuration(spread)} apart (${range}): meetings will fall outside someone's working day`,
    );
  }
  return reasons;
}

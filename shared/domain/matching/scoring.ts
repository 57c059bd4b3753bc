import { IDENTITY_FIELDS, SENIORITY_LEVELS } from '../participant.ts';
import { SUPPORT_ROLES, type SupportRole, supportRoleDescriptions } from '../support-roles.ts';
import type {
  MatchingIdentity,
  MatchingRules,
  ScoreFactor,
  ScoringWeights,
  Seeker,
  Supporter,
} from './types.ts';

/**
 * How well a supporter suits a seeker, in points, factor by factor. See docs/matching.md for
 * what each factor measures and why its default weight is what it is.
 *
 * Inside the solver every score is a whole number of hundredths of a point ("cents"): integer
 * sums are exact, so the optimum is a well-defined number and ties are real ties, never
 * rounding noise. The same few formulas below serve the fast candidate search
 * (candidate-graph.ts) and the plain pair scorer used for explanations, so both always agree.
 */

/** A perfect pair of a previously unmatched seeker scores 100 points. */
export const DEFAULT_WEIGHTS: Readonly<ScoringWeights> = {
  // What the seeker wants to grow in is why they joined: it weighs most.
  goalsAndSkills: 40,
  // Working hours that never meet make a pair that never meets.
  timeZoneOverlap: 20,
  functionOrIndustry: 15,
  // Asked for by the seeker; zero unless they gave consent and a preference.
  identityPreference: 15,
  // Enough to decide between otherwise close pairs, not to override fit.
  priorityForPreviouslyUnmatched: 10,
};

export const DEFAULT_RULES: Readonly<MatchingRules> = {
  sponsorMinSeniorityGap: 1,
  sponsorRequiresInfluence: true,
  candidatesPerSeeker: 50,
};

/** Keeps every sum the solver makes an exact integer in a float64 (see solver.ts). */
export const MAX_WEIGHT = 100;

/** Shared goals count up to this many: three shared topics is already a strong pair. */
const GOALS_THAT_COUNT = 3;
/** Working hours are 09:00–17:00 local time. */
const WORKDAY_MINUTES = 8 * 60;
/** The same industry without the same function is worth half the factor. */
const INDUSTRY_SHARE = 0.5;
/**
 * Offsets differ in winter and summer (daylight saving starts on different dates, or not at
 * all): the overlap is the mean of a January and a July working day. Fixed dates keep the
 * score a pure function of the input.
 */
const REFERENCE_DAYS = [Date.UTC(2026, 0, 15, 12), Date.UTC(2026, 6, 15, 12)];

export const ROLE_COUNT = SUPPORT_ROLES.length;
export const roleIndex = (role: SupportRole): number => SUPPORT_ROLES.indexOf(role);
export const seniorityLevel = (person: { seniority: string }): number =>
  SENIORITY_LEVELS.indexOf(person.seniority as (typeof SENIORITY_LEVELS)[number]);

const PREFERENCE_NONE = 0;
const PREFERENCE_SHARED = 1;
const PREFERENCE_DIFFERENT = 2;
const FIELD_COUNT = IDENTITY_FIELDS.length;
export const popcount = (mask: number): number => {
  let count = 0;
  for (let m = mask; m !== 0; m &= m - 1) count += 1;
  return count;
};

/** Words compared as people mean them: "Product Strategy " is "product strategy". */
const normalise = (text: string): string => text.trim().toLowerCase();

/** Compressed rows: the items of row `i` are `items[start[i]]` to `items[start[i + 1] - 1]`. */
export interface Rows {
  start: Int32Array;
  items: Int32Array;
}

/**
 * Rows of ids per person, built person by person (`push` ids, then `end` the row), each row
 * ascending without repeats: the caller reads every person once, whatever rows it fills.
 */
class RowBuilder {
  private readonly start: Int32Array;
  private items: Int32Array;
  private size = 0;
  private rows = 0;

  constructor(count: number) {
    this.start = new Int32Array(count + 1);
    this.items = new Int32Array(Math.max(16, count * 4));
  }

  push(id: number): void {
    if (id < 0) return;
    if (this.size === this.items.length) {
      const grown = new Int32Array(this.items.length * 2);
      grown.set(this.items);
      this.items = grown;
    }
    this.items[this.size] = id;
    this.size += 1;
  }

  /** Closes the current person's row: insertion sort and dedupe in place (a handful of words). */
  end(): void {
    const { items } = this;
    const from = this.start[this.rows]!;
    let kept = from;
    for (let k = from; k < this.size; k += 1) {
      const id = items[k]!;
      let at = kept;
      while (at > from && items[at - 1]! > id) at -= 1;
      if (at > from && items[at - 1] === id) continue;
      items.copyWithin(at + 1, at, kept);
      items[at] = id;
      kept += 1;
    }
    this.size = kept;
    this.rows += 1;
    this.start[this.rows] = kept;
  }

  done(): Rows {
    return { start: this.start, items: this.items.slice(0, this.size) };
  }
}

/** One id (or none, when negative) per person, as rows. */
function single(ids: Int32Array): Rows {
  const start = new Int32Array(ids.length + 1);
  const items: number[] = [];
  for (let i = 0; i < ids.length; i += 1) {
    if (ids[i]! >= 0) items.push(ids[i]!);
    start[i + 1] = items.length;
  }
  return { start, items: Int32Array.from(items) };
}

/** For each id, the people (by index, ascending) whose row holds it. */
function invert(rows: Rows, idCount: number): Rows {
  const start = new Int32Array(idCount + 1);
  for (let k = 0; k < rows.items.length; k += 1) start[rows.items[k]! + 1]! += 1;
  for (let id = 0; id < idCount; id += 1) start[id + 1]! += start[id]!;
  const fill = start.slice(0, idCount);
  const items = new Int32Array(rows.items.length);
  for (let person = 0; person + 1 < rows.start.length; person += 1) {
    for (let k = rows.start[person]!; k < rows.start[person + 1]!; k += 1)
      items[fill[rows.items[k]!]!++] = person;
  }
  return { start, items };
}

/** Ids for words compared as people mean them; the same spelling is looked up once. */
class Interner {
  readonly ids = new Map<string, number>();
  private readonly spelled = new Map<string, number>();
  /** The word's id, or -1 for a blank one (nothing to share). */
  id(word: string): number {
    let id = this.spelled.get(word);
    if (id === undefined) {
      const key = normalise(word);
      id = key === '' ? -1 : this.ids.get(key);
      if (id === undefined) {
        id = this.ids.size;
        this.ids.set(key, id);
      }
      this.spelled.set(word, id);
    }
    return id;
  }
}

function utcOffsetMinutes(timeZone: string, instant: number): number {
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(new Date(instant))
      .find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{1,2})(?::?(\d{2}))?/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === '-' ? -minutes : minutes;
}

const offsetsByZone = new Map<string, number[]>();
/** A zone's UTC offsets on the reference days, kept: a cohort asks about the same few zones. */
function zoneOffsets(timeZone: string): number[] {
  let offsets = offsetsByZone.get(timeZone);
  if (!offsets) {
    offsets = REFERENCE_DAYS.map((day) => utcOffsetMinutes(timeZone, day));
    // Bounded, so hostile input can't grow it without limit.
    if (offsetsByZone.size < 1000) offsetsByZone.set(timeZone, offsets);
  }
  return offsets;
}

/**
 * Supporters in the order the candidate search needs: by UTC offsets (so the supporters of one
 * zone group sit together), then by id. This order is also the tie rule between supporters who
 * score the same, and it depends only on who they are, never on the order of the input.
 */
export function orderSupporters(supporters: readonly Supporter[]): Supporter[] {
  const keyed = supporters.map((t) => ({ t, offsets: zoneOffsets(t.timeZone) }));
  keyed.sort(
    (a, b) =>
      a.offsets[0]! - b.offsets[0]! ||
      a.offsets[1]! - b.offsets[1]! ||
      (a.t.personId < b.t.personId ? -1 : a.t.personId > b.t.personId ? 1 : 0),
  );
  return keyed.map((k) => k.t);
}

/** Minutes two 09:00–17:00 working days share, given the two UTC offsets. */
function sharedMinutes(offsetA: number, offsetB: number): number {
  const apart = (((offsetA - offsetB) % 1440) + 1440) % 1440;
  return Math.max(0, WORKDAY_MINUTES - Math.min(apart, 1440 - apart));
}

/**
 * Everything the scorer needs, as numbers: words interned to ids, time zones grouped by their
 * offsets, identity values to ids. Seekers and supporters keep the order they were given in
 * (match-cohort.ts sorts them by id first, so results never depend on input order).
 */
export interface ScoringModel {
  weights: ScoringWeights;
  /** Weights in cents, rounded once so every formula uses the same integers. */
  cents: {
    goals: number;
    functionOrIndustry: number;
    industry: number;
    timeZone: number;
    identity: number;
    priority: number;
  };
  /** The highest score any pair can reach, in cents. */
  maxScore: number;
  seekers: readonly Seeker[];
  supporters: readonly Supporter[];
  /** Read once: people come in many shapes, and reading their fields again and again is slow. */
  seekerIds: string[];
  supporterIds: string[];
  seekerGoalWords: (readonly string[])[];
  supporterFunctionWords: string[];
  supporterIndustryWords: string[];
  supporterInfluence: Uint8Array;
  /** A word's topic id (-1 when blank): the same ids as the rows below. */
  topicOf: (word: string) => number;
  /** Per seeker: the topics they want to grow in, ids ascending, no repeats. */
  seekerGoals: Rows;
  /** Per supporter: their own goals, ids ascending. */
  supporterGoals: Rows;
  /** Per supporter: the topics they know or work on (skills and goals), ids ascending. */
  supporterTopics: Rows;
  /** Per topic: the supporters who know or work on it. */
  topicSupporters: Rows;
  seekerFunction: Int32Array;
  supporterFunction: Int32Array;
  functionSupporters: Rows;
  seekerIndustry: Int32Array;
  supporterIndustry: Int32Array;
  industrySupporters: Rows;
  /** Time zones grouped by their (January, July) offsets. */
  zoneCount: number;
  seekerZone: Int32Array;
  supporterZone: Int32Array;
  /** `zoneCount × zoneCount`: the time-zone factor in cents, and the shared minutes behind it. */
  zonePoints: Int32Array;
  zoneMinutes: Int32Array;
  /** Bit `f` set: the person shared identity field `f` for matching. */
  seekerIdentityMask: Uint8Array;
  supporterIdentityMask: Uint8Array;
  seekerPreference: Uint8Array;
  /** `FIELD_COUNT` per person: the id of their value for each field, or -1. */
  seekerIdentityValues: Int32Array;
  supporterIdentityValues: Int32Array;
  seekerPriority: Int32Array;
  seekerLevel: Int8Array;
  supporterLevel: Int8Array;
  /** Per seeker: bit `r` set when they seek role `r`. */
  seekerRoles: Uint8Array;
}

export function resolveWeights(weights: Partial<ScoringWeights> = {}): ScoringWeights {
  return { ...DEFAULT_WEIGHTS, ...weights };
}

export function buildScoringModel(
  seekers: readonly Seeker[],
  supporters: readonly Supporter[],
  weights: ScoringWeights,
): ScoringModel {
  const cent = (points: number) => Math.round(points * 100);
  const cents = {
    goals: cent(weights.goalsAndSkills),
    functionOrIndustry: cent(weights.functionOrIndustry),
    industry: Math.round(cent(weights.functionOrIndustry) * INDUSTRY_SHARE),
    timeZone: cent(weights.timeZoneOverlap),
    identity: cent(weights.identityPreference),
    priority: cent(weights.priorityForPreviouslyUnmatched),
  };

  // Each person is read once, field by field, in one pass per list: people come in many shapes
  // (every reading of a field on a shape not seen before is slow), and at 50,000 seekers pass
  // after pass over them costs more than everything computed from them.
  const topics = new Interner();
  const functions = new Interner();
  const industries = new Interner();
  const idOf = (interner: Interner, word: string | undefined) =>
    word === undefined ? -1 : interner.id(word);
  // Time zones get a provisional number in order of appearance; they are grouped by offsets
  // once every zone is known.
  const zoneNumber = new Map<string, number>();
  const zoneNames: string[] = [];
  const zoneNumberOf = (timeZone: string) => {
    let n = zoneNumber.get(timeZone);
    if (n === undefined) {
      n = zoneNames.length;
      zoneNumber.set(timeZone, n);
      zoneNames.push(timeZone);
    }
    return n;
  };
  // One interner per field: the same word in two fields is two values.
  const identityValues = IDENTITY_FIELDS.map(() => new Interner());
  const readIdentity = (
    fields: MatchingIdentity['fields'] | undefined,
    i: number,
    masks: Uint8Array,
    values: Int32Array,
  ) => {
    if (!fields) return;
    for (let f = 0; f < FIELD_COUNT; f += 1) {
      const value = fields[IDENTITY_FIELDS[f]!];
      if (value === undefined || value.trim() === '') continue;
      masks[i]! |= 1 << f;
      values[i * FIELD_COUNT + f] = identityValues[f]!.id(value);
    }
  };

  const seekerCount = seekers.length;
  const seekerIds: string[] = new Array(seekerCount);
  const seekerGoalWords: (readonly string[])[] = new Array(seekerCount);
  const seekerGoals = new RowBuilder(seekerCount);
  const seekerFunction = new Int32Array(seekerCount);
  const seekerIndustry = new Int32Array(seekerCount);
  const seekerZone = new Int32Array(seekerCount);
  const seekerIdentityMask = new Uint8Array(seekerCount);
  const seekerIdentityValues = new Int32Array(seekerCount * FIELD_COUNT).fill(-1);
  const seekerPreference = new Uint8Array(seekerCount);
  const seekerPriority = new Int32Array(seekerCount);
  const seekerLevel = new Int8Array(seekerCount);
  const seekerRoles = new Uint8Array(seekerCount);
  for (let i = 0; i < seekerCount; i += 1) {
    const {
      personId,
      goals,
      jobFunction,
      industry,
      timeZone,
      identity,
      seniority,
      seeks,
      previouslyUnmatched,
    } = seekers[i]!;
    seekerIds[i] = personId;
    seekerGoalWords[i] = goals;
    for (const goal of goals) seekerGoals.push(topics.id(goal));
    seekerGoals.end();
    seekerFunction[i] = idOf(functions, jobFunction);
    seekerIndustry[i] = idOf(industries, industry);
    seekerZone[i] = zoneNumberOf(timeZone);
    readIdentity(identity?.fields, i, seekerIdentityMask, seekerIdentityValues);
    // A preference counts only with identity details the seeker allowed us to use.
    if (identity && seekerIdentityMask[i] !== 0) {
      seekerPreference[i] =
        identity.preference === 'shared'
          ? PREFERENCE_SHARED
          : identity.preference === 'different'
            ? PREFERENCE_DIFFERENT
            : PREFERENCE_NONE;
    }
    seekerPriority[i] = previouslyUnmatched ? cents.priority : 0;
    seekerLevel[i] = seniorityLevel({ seniority });
    for (const role of seeks) seekerRoles[i]! |= 1 << roleIndex(role);
  }

  const supporterCount = supporters.length;
  const supporterIds: string[] = new Array(supporterCount);
  const supporterFunctionWords: string[] = new Array(supporterCount);
  const supporterIndustryWords: string[] = new Array(supporterCount);
  const supporterGoals = new RowBuilder(supporterCount);
  const supporterTopics = new RowBuilder(supporterCount);
  const supporterFunction = new Int32Array(supporterCount);
  const supporterIndustry = new Int32Array(supporterCount);
  const supporterZone = new Int32Array(supporterCount);
  const supporterIdentityMask = new Uint8Array(supporterCount);
  const supporterIdentityValues = new Int32Array(supporterCount * FIELD_COUNT).fill(-1);
  const supporterLevel = new Int8Array(supporterCount);
  const supporterInfluence = new Uint8Array(supporterCount);
  for (let i = 0; i < supporterCount; i += 1) {
    const { personId, goals, skills, jobFunction, industry, timeZone, identity, seniority, hasInfluence } =
      supporters[i]!;
    supporterIds[i] = personId;
    for (const goal of goals) {
      const topic = topics.id(goal);
      supporterGoals.push(topic);
      supporterTopics.push(topic);
    }
    for (const skill of skills) supporterTopics.push(topics.id(skill));
    supporterGoals.end();
    supporterTopics.end();
    supporterFunction[i] = idOf(functions, jobFunction);
    supporterIndustry[i] = idOf(industries, industry);
    supporterFunctionWords[i] = jobFunction?.trim() ?? '';
    supporterIndustryWords[i] = industry?.trim() ?? '';
    supporterZone[i] = zoneNumberOf(timeZone);
    readIdentity(identity?.fields, i, supporterIdentityMask, supporterIdentityValues);
    supporterLevel[i] = seniorityLevel({ seniority });
    supporterInfluence[i] = hasInfluence ? 1 : 0;
  }

  // Zones are grouped by offsets, so "Europe/Paris" and "Europe/Berlin" are one column of the
  // table; groups are numbered in offset order, the order supporters are kept in (see
  // `orderSupporters`), so each group of supporters is one run of indexes.
  const keys = zoneNames.map((timeZone) => zoneOffsets(timeZone).join(','));
  const offsets = [...new Set(keys)]
    .map((key) => key.split(',').map(Number))
    .sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  const classOf = new Map(offsets.map((pair, i) => [pair.join(','), i]));
  const groupOf = Int32Array.from(keys, (key) => classOf.get(key)!);
  for (let i = 0; i < seekerCount; i += 1) seekerZone[i] = groupOf[seekerZone[i]!]!;
  for (let i = 0; i < supporterCount; i += 1) supporterZone[i] = groupOf[supporterZone[i]!]!;
  const zoneCount = offsets.length;
  const zonePoints = new Int32Array(zoneCount * zoneCount);
  const zoneMinutes = new Int32Array(zoneCount * zoneCount);
  for (let a = 0; a < zoneCount; a += 1) {
    for (let b = 0; b < zoneCount; b += 1) {
      const minutes = REFERENCE_DAYS.reduce(
        (sum, _, day) => sum + sharedMinutes(offsets[a]![day]!, offsets[b]![day]!),
        0,
      );
      zoneMinutes[a * zoneCount + b] = Math.round(minutes / REFERENCE_DAYS.length);
      zonePoints[a * zoneCount + b] = Math.round(
        (cents.timeZone * minutes) / (REFERENCE_DAYS.length * WORKDAY_MINUTES),
      );
    }
  }

  const topicsOfSupporters = supporterTopics.done();
  return {
    weights,
    cents,
    maxScore: cents.goals + cents.functionOrIndustry + cents.timeZone + cents.identity + cents.priority,
    seekers,
    supporters,
    seekerIds,
    supporterIds,
    seekerGoalWords,
    supporterFunctionWords,
    supporterIndustryWords,
    supporterInfluence,
    topicOf: (word) => topics.id(word),
    seekerGoals: seekerGoals.done(),
    supporterGoals: supporterGoals.done(),
    supporterTopics: topicsOfSupporters,
    topicSupporters: invert(topicsOfSupporters, topics.ids.size),
    seekerFunction,
    supporterFunction,
    functionSupporters: invert(single(supporterFunction), functions.ids.size),
    seekerIndustry,
    supporterIndustry,
    industrySupporters: invert(single(supporterIndustry), industries.ids.size),
    zoneCount,
    seekerZone,
    supporterZone,
    zonePoints,
    zoneMinutes,
    seekerIdentityMask,
    supporterIdentityMask,
    seekerPreference,
    seekerIdentityValues,
    supporterIdentityValues,
    seekerPriority,
    seekerLevel,
    supporterLevel,
    seekerRoles,
  };
}

// The formulas. Each takes the counts the caller found and returns cents.

export function goalsPoints(model: ScoringModel, shared: number, wanted: number): number {
  const counted = Math.min(wanted, GOALS_THAT_COUNT);
  return counted === 0 ? 0 : Math.round((model.cents.goals * Math.min(shared, counted)) / counted);
}

/** `bits`: 1 when the function is the same, 2 when the industry is. */
export function functionOrIndustryPoints(model: ScoringModel, bits: number): number {
  return bits & 1 ? model.cents.functionOrIndustry : bits & 2 ? model.cents.industry : 0;
}

/**
 * `same`: fields where both hold the same value; `present`: fields the seeker shared that the
 * supporter shared too. A field only one of them shared counts as neither shared nor different.
 */
export function identityPoints(model: ScoringModel, seeker: number, same: number, present: number): number {
  const preference = model.seekerPreference[seeker]!;
  if (preference === PREFERENCE_NONE) return 0;
  const fields = popcount(model.seekerIdentityMask[seeker]!);
  const counted = preference === PREFERENCE_SHARED ? same : present - same;
  return Math.round((model.cents.identity * counted) / fields);
}

export const hasPreference = (model: ScoringModel, seeker: number): boolean =>
  model.seekerPreference[seeker] !== PREFERENCE_NONE;

/** Topics both hold, walking the two ascending id lists together. */
function sharedTopics(model: ScoringModel, seeker: number, supporter: number): number[] {
  const { seekerGoals: a, supporterTopics: b } = model;
  const shared: number[] = [];
  let i = a.start[seeker]!;
  let j = b.start[supporter]!;
  const iEnd = a.start[seeker + 1]!;
  const jEnd = b.start[supporter + 1]!;
  while (i < iEnd && j < jEnd) {
    const x = a.items[i]!;
    const y = b.items[j]!;
    if (x === y) shared.push(x);
    if (x <= y) i += 1;
    if (y <= x) j += 1;
  }
  return shared;
}

/** Identity fields where seeker and supporter gave the same value. */
function sameIdentityValues(model: ScoringModel, seeker: number, supporter: number): number {
  let same = 0;
  for (let f = 0; f < FIELD_COUNT; f += 1) {
    const value = model.seekerIdentityValues[seeker * FIELD_COUNT + f]!;
    if (value >= 0 && value === model.supporterIdentityValues[supporter * FIELD_COUNT + f]) same += 1;
  }
  return same;
}

function identityCounts(model: ScoringModel, seeker: number, supporter: number) {
  const same = sameIdentityValues(model, seeker, supporter);
  const present = popcount(model.seekerIdentityMask[seeker]! & model.supporterIdentityMask[supporter]!);
  return { same, present };
}

function functionBits(model: ScoringModel, seeker: number, supporter: number): number {
  const f = model.seekerFunction[seeker]!;
  const i = model.seekerIndustry[seeker]!;
  return (
    (f >= 0 && f === model.supporterFunction[supporter] ? 1 : 0) |
    (i >= 0 && i === model.supporterIndustry[supporter] ? 2 : 0)
  );
}

/** The score of one pair in cents: the sum of its factors. */
export function pairScore(model: ScoringModel, seeker: number, supporter: number): number {
  const wanted = model.seekerGoals.start[seeker + 1]! - model.seekerGoals.start[seeker]!;
  const { same, present } = identityCounts(model, seeker, supporter);
  return (
    goalsPoints(model, sharedTopics(model, seeker, supporter).length, wanted) +
    functionOrIndustryPoints(model, functionBits(model, seeker, supporter)) +
    model.zonePoints[model.seekerZone[seeker]! * model.zoneCount + model.supporterZone[supporter]!]! +
    identityPoints(model, seeker, same, present) +
    model.seekerPriority[seeker]!
  );
}

/** What the time-zone factor says, by hours of overlap (0–8). */
const OVERLAP_WORDS = Array.from({ length: 9 }, (_, hours) =>
  hours === 8
    ? 'you work the same hours'
    : `your working hours overlap by about ${hours} hour${hours === 1 ? '' : 's'}`,
);

function addFactor(factors: ScoreFactor[], factor: ScoreFactor['factor'], cents: number, says: string): void {
  if (cents > 0) factors.push({ factor, points: cents / 100, says });
}

const listInWords = (items: string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

/**
 * The same score, factor by factor, with the plain words an introduction email can use. Best
 * factors first. Identity is described without naming any field or value: the email goes to
 * both people, and a background is the person's own to tell.
 */
export function explainPair(
  model: ScoringModel,
  seeker: number,
  supporter: number,
  role: SupportRole,
): ScoreFactor[] {
  const factors: ScoreFactor[] = [];

  const wanted = model.seekerGoals.start[seeker + 1]! - model.seekerGoals.start[seeker]!;
  const shared = sharedTopics(model, seeker, supporter);
  if (shared.length > 0) {
    // The seeker's own wording, in the order they gave it; "both" when it is the supporter's
    // goal too, otherwise it is one of their skills.
    const { start, items } = model.supporterGoals;
    const both: string[] = [];
    const knows: string[] = [];
    const said: number[] = [];
    for (const goal of model.seekerGoalWords[seeker]!) {
      const topic = model.topicOf(goal);
      if (!shared.includes(topic) || said.includes(topic)) continue;
      said.push(topic);
      let theirs = false;
      for (let k = start[supporter]!; k < start[supporter + 1]!; k += 1)
        if (items[k] === topic) theirs = true;
      (theirs ? both : knows).push(goal.trim());
    }
    const parts: string[] = [];
    if (both.length > 0) parts.push(`you both want to grow in ${listInWords(both)}`);
    if (knows.length > 0)
      parts.push(`one of you wants to grow in ${listInWords(knows)} and the other has that experience`);
    addFactor(factors, 'goalsAndSkills', goalsPoints(model, shared.length, wanted), parts.join('; '));
  }

  const bits = functionBits(model, seeker, supporter);
  if (bits !== 0) {
    const jobFunction = model.supporterFunctionWords[supporter];
    const industry = model.supporterIndustryWords[supporter];
    const says =
      bits === 3
        ? `you both work in ${jobFunction}, in ${industry}`
        : bits === 1
          ? `you both work in ${jobFunction}`
          : `you both work in the ${industry} industry`;
    addFactor(factors, 'functionOrIndustry', functionOrIndustryPoints(model, bits), says);
  }

  const zonePair = model.seekerZone[seeker]! * model.zoneCount + model.supporterZone[supporter]!;
  const hours = Math.round(model.zoneMinutes[zonePair]! / 60);
  addFactor(factors, 'timeZoneOverlap', model.zonePoints[zonePair]!, OVERLAP_WORDS[hours] ?? '');

  const { same, present } = identityCounts(model, seeker, supporter);
  addFactor(
    factors,
    'identityPreference',
    identityPoints(model, seeker, same, present),
    model.seekerPreference[seeker] === PREFERENCE_SHARED
      ? 'you asked for someone who shares part of your background'
      : 'you asked for someone whose background differs from yours: we learn more from people unlike ourselves',
  );

  addFactor(
    factors,
    'priorityForPreviouslyUnmatched',
    model.seekerPriority[seeker]!,
    'you were not matched in an earlier cohort, so you came first this time',
  );

  // Biggest first, equal points in the order above: an insertion sort of at most five.
  for (let k = 1; k < factors.length; k += 1) {
    const factor = factors[k]!;
    let at = k;
    while (at > 0 && factors[at - 1]!.points < factor.points) {
      factors[at] = factors[at - 1]!;
      at -= 1;
    }
    factors[at] = factor;
  }
  if (role === 'sponsor') {
    // Not points (it is a rule every sponsor meets), but the reason this sponsor can open doors.
    const gap = model.supporterLevel[supporter]! - model.seekerLevel[seeker]!;
    const title = supportRoleDescriptions.sponsor.title.toLowerCase();
    factors.push({
      factor: 'seniorityGap',
      points: 0,
      says:
        `your ${title} is ${gap} level${gap === 1 ? '' : 's'} more senior` +
        (model.supporterInfluence[supporter] ? ' and has a say where decisions about people are made' : ''),
    });
  }
  return factors;
}

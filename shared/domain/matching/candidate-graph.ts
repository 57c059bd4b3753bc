import { IDENTITY_FIELDS } from '../participant.ts';
import { SUPPORT_ROLES } from '../support-roles.ts';
import type { Offers } from './constraints.ts';
import {
  functionOrIndustryPoints,
  goalsPoints,
  hasPreference,
  identityPoints,
  pairScore,
  popcount,
  ROLE_COUNT,
  type Rows,
  roleIndex,
  type ScoringModel,
} from './scoring.ts';
import type { MatchingRules } from './types.ts';

/**
 * The sparse graph the solver works on: for each seeker and role sought, the K best-scoring
 * supporters allowed by every hard rule and with places, plus any pinned pair. Ties go to the
 * lower supporter index (supporters are kept in UTC-offset, then id order), so the graph is a
 * pure function of the input.
 *
 * Scoring every pair would cost seekers × supporters (500 million pairs for a cohort of
 * 50,000 × 10,000). `CandidateSearch` finds the exact top K without that; see its comment. A
 * unit test compares the result with scoring every pair.
 */

export interface CandidateGraph {
  /** One entry per seeker and role sought, by seeker index then role order. */
  count: number;
  seekerOf: Int32Array;
  roleOf: Uint8Array;
  /** Edges of seeker-role `i`: `edgeStart[i]` to `edgeStart[i + 1] - 1`. */
  edgeStart: Int32Array;
  /** The offer (supporter and role) of each edge; its supporter is `offers.supporter[offer]`. */
  edgeOffer: Int32Array;
  /** In cents (at most 50,000, see MAX_WEIGHT): 16 bits, half the memory of 32. */
  edgeScore: Uint16Array;
  /** Per seeker-role: the pinned edge, or -1. */
  pinnedEdge: Int32Array;
  offers: Offers;
  maxScore: number;
}

export interface CandidateContext {
  model: ScoringModel;
  offers: Offers;
  exclusions: Rows;
  rules: MatchingRules;
  /** Pinned pairs as indexes; checked against the rules before the graph is built. */
  pins: { seeker: number; supporter: number; role: number }[];
}

/** Can the supporter take anyone in this role at all, for any seeker? (Seniority comes later.) */
function offerOpen(context: CandidateContext, offer: number): boolean {
  const { offers, model, rules } = context;
  const supporter = offers.supporter[offer]!;
  const t = model.supporters[supporter]!;
  return (
    offers.capacity[offer]! > 0 &&
    offers.loadRoom[supporter]! > 0 &&
    !t.paused &&
    (SUPPORT_ROLES[offers.role[offer]!] !== 'sponsor' || !rules.sponsorRequiresInfluence || t.hasInfluence)
  );
}

/**
 * A bounded heap of the K best (score, supporter) seen so far; the root is the worst kept.
 * "Better" means a higher score, then a lower supporter index.
 */
class TopK {
  readonly scores: Int32Array;
  readonly supporters: Int32Array;
  size = 0;
  constructor(readonly capacity: number) {
    this.scores = new Int32Array(capacity);
    this.supporters = new Int32Array(capacity);
  }

  private worse(a: number, b: number): boolean {
    const sa = this.scores[a]!;
    const sb = this.scores[b]!;
    return sa < sb || (sa === sb && this.supporters[a]! > this.supporters[b]!);
  }

  private swap(a: number, b: number): void {
    const s = this.scores[a]!;
    const t = this.supporters[a]!;
    this.scores[a] = this.scores[b]!;
    this.supporters[a] = this.supporters[b]!;
    this.scores[b] = s;
    this.supporters[b] = t;
  }

  full(): boolean {
    return this.size === this.capacity;
  }

  /** Would (score, supporter) be kept? */
  admits(score: number, supporter: number): boolean {
    if (this.size < this.capacity) return true;
    const worst = this.scores[0]!;
    return score > worst || (score === worst && supporter < this.supporters[0]!);
  }

  offer(score: number, supporter: number): void {
    if (!this.admits(score, supporter)) return;
    let i: number;
    if (this.size < this.capacity) {
      i = this.size;
      this.size += 1;
      this.scores[i] = score;
      this.supporters[i] = supporter;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.worse(i, parent)) break;
        this.swap(i, parent);
        i = parent;
      }
      return;
    }
    this.scores[0] = score;
    this.supporters[0] = supporter;
    this.siftDown();
  }

  /**
   * Empties the heap into `scores` and `offers` (each supporter's offer of `role`) in heap order:
   * the solver needs no order, and whoever shows candidates ranks the few they show.
   */
  drainInto(scores: Uint16Array, offers: Int32Array, at: number, offerOf: Int32Array, role: number): number {
    const n = this.size;
    for (let k = 0; k < n; k += 1) {
      scores[at + k] = this.scores[k]!;
      offers[at + k] = offerOf[this.supporters[k]! * ROLE_COUNT + role]!;
    }
    this.size = 0;
    return n;
  }

  private siftDown(): void {
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= this.size) break;
      const right = left + 1;
      const child = right < this.size && this.worse(right, left) ? right : left;
      if (!this.worse(child, i)) break;
      this.swap(child, i);
      i = child;
    }
  }
}

const IDENTITY_FIELD_COUNT = IDENTITY_FIELDS.length;

/** A topic, function or industry held by at least this many supporters gets a bitset. */
const DENSE_POSTING = 64;

/** Bitsets over supporters (bit `t` = supporter `t`), and where each zone group's run starts. */
interface SupporterBits {
  words: number;
  zoneStart: Int32Array;
  topic: (Uint32Array | undefined)[];
  jobFunction: (Uint32Array | undefined)[];
  industry: (Uint32Array | undefined)[];
  /** Per role: supporters whose offer is open (places, load room, not paused, influence). */
  eligible: Uint32Array[];
  /** Sponsors at or above each seniority level (index 5: nobody). */
  sponsorAtLeast: Uint32Array[];
}

function bitsOf(members: ArrayLike<number>, from: number, to: number, words: number): Uint32Array {
  const bits = new Uint32Array(words);
  for (let k = from; k < to; k += 1) {
    const t = members[k]!;
    bits[t >>> 5]! |= 1 << (t & 31);
  }
  return bits;
}

function denseBits(rows: Rows, words: number): (Uint32Array | undefined)[] {
  const out: (Uint32Array | undefined)[] = [];
  for (let id = 0; id + 1 < rows.start.length; id += 1) {
    const from = rows.start[id]!;
    const to = rows.start[id + 1]!;
    out.push(to - from >= DENSE_POSTING ? bitsOf(rows.items, from, to, words) : undefined);
  }
  return out;
}

function supporterBits(context: CandidateContext): SupporterBits {
  const { model, offers } = context;
  const count = model.supporters.length;
  const words = (count + 31) >>> 5;
  const zoneStart = new Int32Array(model.zoneCount + 1);
  for (let t = 0; t < count; t += 1) zoneStart[model.supporterZone[t]! + 1]! += 1;
  for (let z = 0; z < model.zoneCount; z += 1) zoneStart[z + 1]! += zoneStart[z]!;
  const eligible = Array.from({ length: ROLE_COUNT }, () => new Uint32Array(words));
  for (let o = 0; o < offers.count; o += 1) {
    if (!offerOpen(context, o)) continue;
    const t = offers.supporter[o]!;
    eligible[offers.role[o]!]![t >>> 5]! |= 1 << (t & 31);
  }
  const sponsor = eligible[roleIndex('sponsor')]!;
  const sponsorAtLeast = Array.from({ length: 6 }, (_, level) => {
    const bits = new Uint32Array(words);
    for (let t = 0; t < count; t += 1) {
      if (model.supporterLevel[t]! >= level && (sponsor[t >>> 5]! >>> (t & 31)) & 1)
        bits[t >>> 5]! |= 1 << (t & 31);
    }
    return bits;
  });
  return {
    words,
    zoneStart,
    topic: denseBits(model.topicSupporters, words),
    jobFunction: denseBits(model.functionSupporters, words),
    industry: denseBits(model.industrySupporters, words),
    eligible,
    sponsorAtLeast,
  };
}

/** Bits `from` to 31 of a word. */
const fromBit = (from: number) => (from === 0 ? -1 : ~((1 << from) - 1));
/** Bits 0 to `to - 1` of a word (`to` in 1..32). */
const belowBit = (to: number) => (to === 32 ? -1 : (1 << to) - 1);

/**
 * The search for one seeker's top K, with its scratch space kept between seekers (nothing is
 * allocated per seeker: at 50,000 seekers, garbage collection would cost more than the search).
 *
 * Supporters fall into classes by what they share with the seeker: how many goals (0–3), and
 * the same function (fi 2), only the same industry (fi 1) or neither (fi 0). Within a class,
 * everyone in one zone group scores the same (identity aside), so a class is walked as runs,
 * one per zone group, best zone first; a small heap interleaves the classes so runs come best
 * first overall, and the walk stops at the first run that cannot beat the K-th best found.
 * Classes with few members (a shared function or industry with some goals, or two goals or
 * more) are listed once per seeker and cut into zone runs; the big ones (one goal or none) are
 * read 32 supporters at a time from bitsets, zone group by zone group.
 */
class CandidateSearch {
  private readonly model: ScoringModel;
  private readonly bits: SupporterBits;
  private readonly top: TopK;
  private readonly zoneOrders: (Int32Array | undefined)[] = [];
  /** Bit-sliced goal counts: bit t of `one`/`two`/`three` set when supporter t shares ≥ 1/2/3 goals. */
  private readonly one: Uint32Array;
  private readonly two: Uint32Array;
  private readonly three: Uint32Array;
  private readonly rareFunction: Uint32Array;
  private readonly rareIndustry: Uint32Array;
  private readonly nothing: Uint32Array;
  private readonly everyone: Uint32Array;
  private functionBits: Uint32Array;
  private industryBits: Uint32Array;
  /** Words touched by rare goals, to clear when no popular goal made us clear them all. */
  private readonly dirty: Int32Array;
  private readonly dirtyWords: Int32Array;
  private dirtyCount = 0;
  /** The goal counts hold a popular-goal seeker's words: the next seeker overwrites or clears them. */
  private stale = false;
  private readonly excluded: Int32Array;
  private readonly denseGoals: Uint32Array[] = [];
  private readonly goalsTable = new Int32Array(4);
  /** Listed classes: list `fi × 4 + goals` holds supporters ascending, in `listed`. */
  private readonly listed: Int32Array;
  private readonly listFill = new Int32Array(12);
  /** Runs of listed classes: zone group and range in `listed`, best zone first per class. */
  private readonly runZone: Int32Array;
  private readonly runFrom: Int32Array;
  private readonly runTo: Int32Array;
  private runs = 0;
  private readonly classPoints = new Int32Array(12);
  private readonly classGoals = new Int8Array(12);
  private readonly classFi = new Int8Array(12);
  private readonly classDense = new Uint8Array(12);
  private readonly classRunStart = new Int32Array(12);
  private readonly classRunCount = new Int32Array(12);
  private classes = 0;
  private readonly cursor = new Int32Array(12);
  private readonly walk = new Int32Array(12);
  private readonly walkKey = new Int32Array(12);
  private walkSize = 0;
  private stamp = 0;
  private seeker = 0;
  private wanted = 0;
  private zoneRow = 0;
  private order: Int32Array = new Int32Array(0);
  /** The seeker's identity fields and values (for seekers with a preference). */
  private readonly identityFields = new Int32Array(IDENTITY_FIELD_COUNT);
  private readonly identityValues = new Int32Array(IDENTITY_FIELD_COUNT);
  private identityFieldCount = 0;
  private identityMask = 0;

  constructor(
    private readonly context: CandidateContext,
    k: number,
  ) {
    this.model = context.model;
    this.bits = supporterBits(context);
    const { words } = this.bits;
    const supporters = this.model.supporters.length;
    this.top = new TopK(Math.min(k, Math.max(1, supporters)));
    this.one = new Uint32Array(words);
    this.two = new Uint32Array(words);
    this.three = new Uint32Array(words);
    this.rareFunction = new Uint32Array(words);
    this.rareIndustry = new Uint32Array(words);
    this.nothing = new Uint32Array(words);
    this.everyone = new Uint32Array(words).fill(0xffffffff);
    this.functionBits = this.nothing;
    this.industryBits = this.nothing;
    this.dirty = new Int32Array(words);
    this.dirtyWords = new Int32Array(words);
    this.excluded = new Int32Array(supporters);
    this.listed = new Int32Array(12 * supporters);
    this.runZone = new Int32Array(3 * supporters);
    this.runFrom = new Int32Array(3 * supporters);
    this.runTo = new Int32Array(3 * supporters);
  }

  /** Zone groups by how much working time they share with `zone`, most first. */
  private zoneOrder(zone: number): Int32Array {
    let order = this.zoneOrders[zone];
    if (!order) {
      const { zoneCount, zonePoints } = this.model;
      const row = zone * zoneCount;
      order = Int32Array.from({ length: zoneCount }, (_, z) => z).sort(
        (a, b) => zonePoints[row + b]! - zonePoints[row + a]! || a - b,
      );
      this.zoneOrders[zone] = order;
    }
    return order;
  }

  /** One more shared goal for supporter t (a bit-sliced add, saturating at three). */
  private addGoal(t: number): void {
    const w = t >>> 5;
    const x = 1 << (t & 31);
    this.three[w]! |= this.two[w]! & x;
    this.two[w]! |= this.one[w]! & x;
    this.one[w]! |= x;
    if (this.dirty[w] !== this.stamp) {
      this.dirty[w] = this.stamp;
      this.dirtyWords[this.dirtyCount] = w;
      this.dirtyCount += 1;
    }
  }

  private holders(
    rows: Rows,
    dense: (Uint32Array | undefined)[],
    id: number,
    scratch: Uint32Array,
  ): Uint32Array {
    if (id < 0) return this.nothing;
    const found = dense[id];
    if (found) return found;
    for (let k = rows.start[id]!; k < rows.start[id + 1]!; k += 1) {
      const t = rows.items[k]!;
      scratch[t >>> 5]! |= 1 << (t & 31);
    }
    return scratch;
  }

  /** A class walked zone group by zone group over the bitsets (`dense`), or through its list's runs. */
  private addClass(fi: number, goals: number, runStart: number, runCount: number, dense: boolean): void {
    const c = this.classes;
    this.classDense[c] = dense ? 1 : 0;
    this.classPoints[c] =
      this.goalsTable[goals]! + (fi === 0 ? 0 : functionOrIndustryPoints(this.model, fi === 2 ? 1 : 2));
    this.classGoals[c] = goals;
    this.classFi[c] = fi;
    this.classRunStart[c] = runStart;
    this.classRunCount[c] = runCount;
    this.classes += 1;
  }

  prepare(s: number): void {
    const { model, bits, one, two, three } = this;
    this.stamp = s + 1;
    this.seeker = s;
    this.dirtyCount = 0;
    this.denseGoals.length = 0;
    const { start, items } = model.seekerGoals;
    for (let g = start[s]!; g < start[s + 1]!; g += 1) {
      const dense = bits.topic[items[g]!];
      if (dense) this.denseGoals.push(dense);
    }
    if (this.denseGoals.length > 0) {
      // Popular goals are counted word by word over the whole bitset, which also overwrites
      // whatever the last seeker left there.
      const first = this.denseGoals[0]!;
      for (let w = 0; w < first.length; w += 1) {
        let a = first[w]!;
        let b = 0;
        let c = 0;
        for (let d = 1; d < this.denseGoals.length; d += 1) {
          const x = this.denseGoals[d]![w]!;
          c |= b & x;
          b |= a & x;
          a |= x;
        }
        one[w] = a;
        two[w] = b;
        three[w] = c;
      }
      this.stale = true;
    } else if (this.stale) {
      one.fill(0);
      two.fill(0);
      three.fill(0);
      this.stale = false;
    }
    // Rare goals are added holder by holder.
    for (let g = start[s]!; g < start[s + 1]!; g += 1) {
      const topic = items[g]!;
      if (bits.topic[topic]) continue;
      const rows = model.topicSupporters;
      for (let k = rows.start[topic]!; k < rows.start[topic + 1]!; k += 1) this.addGoal(rows.items[k]!);
    }
    const fn = model.seekerFunction[s]!;
    const industry = model.seekerIndustry[s]!;
    this.functionBits = this.holders(model.functionSupporters, bits.jobFunction, fn, this.rareFunction);
    this.industryBits = this.holders(model.industrySupporters, bits.industry, industry, this.rareIndustry);
    const { exclusions } = this.context;
    for (let k = exclusions.start[s]!; k < exclusions.start[s + 1]!; k += 1) {
      this.excluded[exclusions.items[k]!] = this.stamp;
    }
    this.wanted = Math.min(start[s + 1]! - start[s]!, 3);
    for (let k = 0; k <= 3; k += 1)
      this.goalsTable[k] = goalsPoints(model, Math.min(k, this.wanted), this.wanted);
    this.zoneRow = model.seekerZone[s]! * model.zoneCount;
    this.order = this.zoneOrder(model.seekerZone[s]!);
    this.identityMask = model.seekerIdentityMask[s]!;
    this.identityFieldCount = 0;
    for (let f = 0; f < IDENTITY_FIELD_COUNT; f += 1) {
      const value = model.seekerIdentityValues[s * IDENTITY_FIELD_COUNT + f]!;
      if (value < 0) continue;
      this.identityFields[this.identityFieldCount] = f;
      this.identityValues[this.identityFieldCount] = value;
      this.identityFieldCount += 1;
    }

    this.classes = 0;
    this.runs = 0;
    // Sharing two goals or more is rare too: listed. One goal or none: read from the bitsets.
    this.listMembers(fn >= 0, industry >= 0, this.wanted >= 2);
    if (fn >= 0) this.addListedClasses(2);
    if (industry >= 0) this.addListedClasses(1);
    if (this.wanted >= 2) this.addListedClasses(0);
    for (let k = Math.min(this.wanted, 1); k >= 0; k -= 1) this.addClass(0, k, 0, model.zoneCount, true);
  }

  /**
   * Lists, in one pass over the bitsets, the holders of the seeker's function (fi 2) and of
   * only their industry (fi 1) who share goals, and those sharing neither but two goals or more
   * (fi 0): list `fi × 4 + goals`, supporters ascending.
   */
  private listMembers(byFunction: boolean, byIndustry: boolean, byGoals: boolean): void {
    const { one, two, three, listed, listFill, functionBits, industryBits } = this;
    const supporters = this.model.supporters.length;
    for (let list = 0; list < 12; list += 1) listFill[list] = list * supporters;
    for (let w = 0; w < one.length; w += 1) {
      const o = one[w]!;
      if (o === 0) continue;
      const f = functionBits[w]!;
      const i = industryBits[w]!;
      const t2 = two[w]!;
      const t3 = three[w]!;
      const base = w << 5;
      // Without a function (or industry) its bits are all clear, so these masks are empty.
      let mask = byFunction ? f & o : 0;
      while (mask !== 0) {
        const bit = mask & -mask;
        mask ^= bit;
        const b = 31 - Math.clz32(bit);
        listed[listFill[9 + ((t2 >>> b) & 1) + ((t3 >>> b) & 1)]!++] = base | b;
      }
      mask = byIndustry ? i & o & ~f : 0;
      while (mask !== 0) {
        const bit = mask & -mask;
        mask ^= bit;
        const b = 31 - Math.clz32(bit);
        listed[listFill[5 + ((t2 >>> b) & 1) + ((t3 >>> b) & 1)]!++] = base | b;
      }
      mask = byGoals ? t2 & ~(f | i) : 0;
      while (mask !== 0) {
        const bit = mask & -mask;
        mask ^= bit;
        const b = 31 - Math.clz32(bit);
        listed[listFill[2 + ((t3 >>> b) & 1)]!++] = base | b;
      }
    }
  }

  /** Cuts the lists of one fi (see `listMembers`) into zone runs, one class per goals shared. */
  private addListedClasses(fi: number): void {
    const supporters = this.model.supporters.length;
    const region = fi * 4;
    for (let goals = this.wanted; goals >= (fi === 0 ? 2 : 1); goals -= 1) {
      const runStart = this.runs;
      this.cutRuns((region + goals) * supporters, this.listFill[region + goals]!);
      if (this.runs > runStart) this.addClass(fi, goals, runStart, this.runs - runStart, false);
    }
    // Holders sharing no goal are many and rarely good enough to list: read from the bitsets.
    if (fi !== 0) this.addClass(fi, 0, 0, this.model.zoneCount, true);
  }

  /** Cuts `listed[from..to)` (ascending, so zone by zone) into runs, best zone first. */
  private cutRuns(from: number, to: number): void {
    const { model, listed } = this;
    const row = this.zoneRow;
    const runStart = this.runs;
    let k = from;
    while (k < to) {
      const zone = model.supporterZone[listed[k]!]!;
      let end = k + 1;
      while (end < to && model.supporterZone[listed[end]!] === zone) end += 1;
      // Insertion by zone points, most first (a handful of zones per list).
      let at = this.runs;
      const points = model.zonePoints[row + zone]!;
      while (at > runStart && model.zonePoints[row + this.runZone[at - 1]!]! < points) {
        this.runZone[at] = this.runZone[at - 1]!;
        this.runFrom[at] = this.runFrom[at - 1]!;
        this.runTo[at] = this.runTo[at - 1]!;
        at -= 1;
      }
      this.runZone[at] = zone;
      this.runFrom[at] = k;
      this.runTo[at] = end;
      this.runs += 1;
      k = end;
    }
  }

  finish(): void {
    if (!this.stale) {
      for (let d = 0; d < this.dirtyCount; d += 1) {
        const w = this.dirtyWords[d]!;
        this.one[w] = 0;
        this.two[w] = 0;
        this.three[w] = 0;
      }
    }
    if (this.functionBits === this.rareFunction) this.rareFunction.fill(0);
    if (this.industryBits === this.rareIndustry) this.rareIndustry.fill(0);
  }

  private runZoneOf(c: number): number {
    if (this.classDense[c] === 1) return this.order[this.cursor[c]!]!;
    return this.runZone[this.classRunStart[c]! + this.cursor[c]!]!;
  }

  /** Caches class c's points for its current run, the walk heap's key. */
  private keyWalk(c: number): void {
    this.walkKey[c] = this.classPoints[c]! + this.model.zonePoints[this.zoneRow + this.runZoneOf(c)]!;
  }

  private walkDown(from: number): void {
    const { walk, walkKey } = this;
    const size = this.walkSize;
    const moving = walk[from]!;
    const key = walkKey[moving]!;
    let i = from;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && walkKey[walk[child + 1]!]! > walkKey[walk[child]!]!) child += 1;
      if (walkKey[walk[child]!]! <= key) break;
      walk[i] = walk[child]!;
      i = child;
    }
    walk[i] = moving;
  }

  /** Identity points of supporter t for the prepared seeker (who has a preference). */
  private identity(t: number): number {
    const { model, seeker, identityFields } = this;
    const values = model.supporterIdentityValues;
    let same = 0;
    for (let n = 0; n < this.identityFieldCount; n += 1) {
      const f = identityFields[n]!;
      if (values[t * IDENTITY_FIELD_COUNT + f] === this.identityValues[n]) same += 1;
    }
    return identityPoints(model, seeker, same, popcount(this.identityMask & model.supporterIdentityMask[t]!));
  }

  /** The K best allowed supporters for the prepared seeker in `role`, into the returned heap. */
  search(role: number): TopK {
    const { model, bits, top, cursor, walk, one, two, three, listed } = this;
    const s = this.seeker;
    const stamp = this.stamp;
    const base = model.seekerPriority[s]!;
    const preference = hasPreference(model, s);
    const identityMax = preference ? model.cents.identity : 0;
    const eligible =
      SUPPORT_ROLES[role] === 'sponsor'
        ? bits.sponsorAtLeast[
            Math.max(0, Math.min(5, model.seekerLevel[s]! + this.context.rules.sponsorMinSeniorityGap))
          ]!
        : bits.eligible[role]!;

    this.walkSize = 0;
    for (let c = 0; c < this.classes; c += 1) {
      if (this.classRunCount[c] === 0) continue;
      cursor[c] = 0;
      this.keyWalk(c);
      walk[this.walkSize] = c;
      this.walkSize += 1;
    }
    for (let i = (this.walkSize >> 1) - 1; i >= 0; i -= 1) this.walkDown(i);

    while (this.walkSize > 0) {
      const c = walk[0]!;
      const score = base + this.walkKey[c]!;
      // Runs come best first: once one cannot beat the worst kept, none after it can.
      if (top.full() && score + identityMax < top.scores[0]!) break;
      const run = cursor[c]!;
      const zone = this.runZoneOf(c);
      cursor[c] = run + 1;
      if (run + 1 >= this.classRunCount[c]!) {
        this.walkSize -= 1;
        walk[0] = walk[this.walkSize]!;
      } else this.keyWalk(c);
      this.walkDown(0);

      // A run that can only tie with the worst kept can only win by a lower index.
      const tieOnly = top.full() && score + identityMax === top.scores[0]!;
      const below = tieOnly ? top.supporters[0]! : Number.MAX_SAFE_INTEGER;
      if (this.classDense[c] === 0) {
        const at = this.classRunStart[c]! + run;
        for (let k = this.runFrom[at]!; k < this.runTo[at]!; k += 1) {
          const t = listed[k]!;
          if (t >= below) break;
          if (((eligible[t >>> 5]! >>> (t & 31)) & 1) === 0 || this.excluded[t] === stamp) continue;
          const exact = preference ? score + this.identity(t) : score;
          if (top.admits(exact, t)) top.offer(exact, t);
          else if (!preference) break;
        }
        continue;
      }

      const first = bits.zoneStart[zone]!;
      const last = Math.min(bits.zoneStart[zone + 1]!, below);
      if (first >= last) continue;
      // Members share exactly k goals: at least k (`has`), not k + 1 (`hasMore`).
      const k = this.classGoals[c]!;
      const fi = this.classFi[c]!;
      const has = k === 0 ? this.everyone : k === 1 ? one : k === 2 ? two : three;
      const hasMore = k === this.wanted ? this.nothing : k === 0 ? one : k === 1 ? two : three;
      const { functionBits, industryBits, excluded } = this;
      const firstWord = first >>> 5;
      const lastWord = (last - 1) >>> 5;
      let stop = false;
      for (let w = firstWord; w <= lastWord && !stop; w += 1) {
        const f = functionBits[w]!;
        const i = industryBits[w]!;
        const shares = fi === 2 ? f : fi === 1 ? i & ~f : ~(f | i);
        let mask = has[w]! & ~hasMore[w]! & shares & eligible[w]!;
        if (w === firstWord) mask &= fromBit(first & 31);
        if (w === lastWord) mask &= belowBit(((last - 1) & 31) + 1);
        while (mask !== 0) {
          const bit = mask & -mask;
          mask ^= bit;
          const t = (w << 5) | (31 - Math.clz32(bit));
          if (excluded[t] === stamp) continue;
          const exact = preference ? score + this.identity(t) : score;
          if (top.admits(exact, t)) top.offer(exact, t);
          else if (!preference) {
            // Same score for the rest of this run, and higher indexes: none of them can enter.
            stop = true;
            break;
          }
        }
      }
    }
    return top;
  }
}

export function buildCandidateGraph(context: CandidateContext, candidatesPerSeeker: number): CandidateGraph {
  const { model, offers } = context;
  const K = Math.max(1, candidatesPerSeeker);
  const seekerOfList: number[] = [];
  const roleOfList: number[] = [];
  for (let i = 0; i < model.seekers.length; i += 1) {
    const seeks = model.seekerRoles[i]!;
    for (let role = 0; role < ROLE_COUNT; role += 1) {
      if (((seeks >>> role) & 1) === 0) continue;
      seekerOfList.push(i);
      roleOfList.push(role);
    }
  }
  const count = seekerOfList.length;
  const pinsBySeekerRole = new Map<number, number>();
  for (const pin of context.pins) pinsBySeekerRole.set(pin.seeker * ROLE_COUNT + pin.role, pin.supporter);

  const capacity = count * Math.min(K, model.supporters.length) + context.pins.length;
  const edgeScore = new Uint16Array(capacity);
  const edgeOffer = new Int32Array(capacity);
  const edgeStart = new Int32Array(count + 1);
  const pinnedEdge = new Int32Array(count).fill(-1);
  let edges = 0;
  const search = new CandidateSearch(context, K);
  let seekerRole = 0;
  for (let s = 0; s < model.seekers.length; s += 1) {
    if (seekerRole >= count || seekerOfList[seekerRole] !== s) continue;
    search.prepare(s);
    while (seekerRole < count && seekerOfList[seekerRole] === s) {
      const role = roleOfList[seekerRole]!;
      edgeStart[seekerRole] = edges;
      edges += search.search(role).drainInto(edgeScore, edgeOffer, edges, offers.ofSupporterRole, role);
      const pinnedSupporter = pinsBySeekerRole.get(s * ROLE_COUNT + role);
      if (pinnedSupporter !== undefined) {
        // The pin may fall outside the top K; it is always in the graph, and always chosen.
        const pinnedOffer = offers.ofSupporterRole[pinnedSupporter * ROLE_COUNT + role]!;
        let at = edgeStart[seekerRole]!;
        while (at < edges && edgeOffer[at] !== pinnedOffer) at += 1;
        if (at === edges) {
          edgeOffer[at] = pinnedOffer;
          edgeScore[at] = pairScore(model, s, pinnedSupporter);
          edges += 1;
        }
        pinnedEdge[seekerRole] = at;
      }
      seekerRole += 1;
    }
    search.finish();
  }
  edgeStart[count] = edges;

  return {
    count,
    seekerOf: Int32Array.from(seekerOfList),
    roleOf: Uint8Array.from(roleOfList),
    edgeStart,
    // Views, not copies: fresh memory costs page faults, and the slack at the end is small.
    edgeScore: edgeScore.subarray(0, edges),
    edgeOffer: edgeOffer.subarray(0, edges),
    pinnedEdge,
    offers,
    maxScore: model.maxScore,
  };
}

/** Extra edges for one seeker-role: supporter indexes and scores, best first. */
interface ExtraEdges {
  seekerRole: number;
  supporters: number[];
  scores: number[];
}

/**
 * The graph with more edges appended after each seeker-role's own (so an edge's position within
 * its seeker-role does not move), and where each old edge went.
 */
export function withExtraEdges(
  graph: CandidateGraph,
  extra: readonly ExtraEdges[],
): { graph: CandidateGraph; movedTo: Int32Array } {
  const added = new Int32Array(graph.count);
  for (const e of extra) added[e.seekerRole]! += e.supporters.length;
  const edgeStart = new Int32Array(graph.count + 1);
  for (let i = 0; i < graph.count; i += 1) {
    edgeStart[i + 1] = edgeStart[i]! + (graph.edgeStart[i + 1]! - graph.edgeStart[i]!) + added[i]!;
  }
  const total = edgeStart[graph.count]!;
  const edgeOffer = new Int32Array(total);
  const edgeScore = new Uint16Array(total);
  const movedTo = new Int32Array(graph.edgeStart[graph.count]!);
  const fill = new Int32Array(graph.count);
  for (let i = 0; i < graph.count; i += 1) {
    let at = edgeStart[i]!;
    for (let e = graph.edgeStart[i]!; e < graph.edgeStart[i + 1]!; e += 1) {
      edgeOffer[at] = graph.edgeOffer[e]!;
      edgeScore[at] = graph.edgeScore[e]!;
      movedTo[e] = at;
      at += 1;
    }
    fill[i] = at;
  }
  for (const e of extra) {
    const role = graph.roleOf[e.seekerRole]!;
    e.supporters.forEach((t, k) => {
      const at = fill[e.seekerRole]!;
      edgeOffer[at] = graph.offers.ofSupporterRole[t * ROLE_COUNT + role]!;
      edgeScore[at] = e.scores[k]!;
      fill[e.seekerRole] = at + 1;
    });
  }
  const pinnedEdge = graph.pinnedEdge.map((e) => (e < 0 ? e : movedTo[e]!));
  return { graph: { ...graph, edgeStart, edgeOffer, edgeScore, pinnedEdge }, movedTo };
}

/**
 * The top K is cut before anyone knows who will fill up. After solving, a seeker-role left
 * unmatched may still have allowed supporters outside its K with a free place (every candidate
 * it had filled up). For each such seeker-role this returns those supporters (the best K of
 * them), so the solver can continue on the larger graph: nobody is left unmatched while an
 * allowed supporter has room.
 */
export function roomOutsideCandidates(
  context: CandidateContext,
  graph: CandidateGraph,
  chosen: Int32Array,
  offerHasRoom: (offer: number) => boolean,
  allowed: (seeker: number, supporter: number, role: number) => boolean,
  candidatesPerSeeker: number,
): ExtraEdges[] {
  const { offers, model } = context;
  const roomy: number[][] = Array.from({ length: ROLE_COUNT }, () => []);
  for (let o = 0; o < offers.count; o += 1) {
    if (offerOpen(context, o) && offerHasRoom(o)) roomy[offers.role[o]!]!.push(o);
  }
  const extra: ExtraEdges[] = [];
  for (let i = 0; i < graph.count; i += 1) {
    if (chosen[i]! >= 0) continue;
    const role = graph.roleOf[i]!;
    if (roomy[role]!.length === 0) continue;
    const seeker = graph.seekerOf[i]!;
    const have = new Set(graph.edgeOffer.subarray(graph.edgeStart[i]!, graph.edgeStart[i + 1]!));
    const found: { supporter: number; score: number }[] = [];
    for (const offer of roomy[role]!) {
      const supporter = offers.supporter[offer]!;
      if (have.has(offer) || !allowed(seeker, supporter, role)) continue;
      found.push({ supporter, score: pairScore(model, seeker, supporter) });
    }
    if (found.length === 0) continue;
    found.sort((a, b) => b.score - a.score || a.supporter - b.supporter);
    const kept = found.slice(0, Math.max(1, candidatesPerSeeker));
    extra.push({
      seekerRole: i,
      supporters: kept.map((f) => f.supporter),
      scores: kept.map((f) => f.score),
    });
  }
  return extra;
}

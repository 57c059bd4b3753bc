import { ValidationError } from '../errors.ts';
import type { CandidateGraph } from './candidate-graph.ts';

/**
 * The exact solver: a minimum-cost flow on the candidate graph.
 *
 * Network: each seeker-role (supply 1) → the offers of its candidates (seeker-role → offer, cost
 * `maxScore − score`) → the supporter's total-load node (offer → supporter, capacity = places in
 * that role) → the sink (supporter → sink, capacity = total load room). Each seeker-role also has
 * an arc straight to the sink, "left unmatched", costing BIG, larger than the cost of any whole
 * assignment: one more match always outweighs any change of score, so the cheapest flow matches
 * as many seeker-roles as possible and, among those, has the highest total score. Every unit is
 * routed somewhere (a supporter or "unmatched"), so supplies are fixed and each seeker-role can be
 * routed on its own. Pins are fixed flow, placed first and never moved.
 *
 * Why it is exact: potentials `p` keep every residual arc's reduced cost `c + p(u) − p(v)`
 * non-negative. That certifies the current flow is the cheapest for the units routed so far, and
 * it is kept by every step below; once every unit is routed the flow is a minimum-cost flow, i.e.
 * the lexicographic optimum. Costs are whole cents and every number stays below 2^53, so float64
 * arithmetic is exact: a node that can reach the sink has |p| ≤ its distance to the sink (about
 * BIG at most, by the certificate), and `refresh` checks the few that cannot.
 *
 * How it is fast (successive shortest paths, many per Dijkstra):
 * 1. The potentials start with each seeker-role's best candidate at reduced cost 0, and a greedy
 *    pass places everyone whose best candidate has room, along zero-cost arcs.
 * 2. A phase: every unrouted seeker-role has a path of reduced cost 0 to the sink, which is a
 *    shortest path; a depth-first search along zero-cost arcs routes as many as it can, each
 *    along such a path, without moving any potential. Those it cannot route (their zero-cost
 *    paths were used up by others) wait for the next phase.
 * 3. Between phases, the potentials are made exact again: all of them by a Dijkstra backwards
 *    from the sink (`refresh`), or only around the nodes the phase found dead (`repair`).
 * 4. The last few stragglers, whom phases would route one or two at a time, get one ordinary
 *    shortest-path search each (`search`).
 * Each phase routes a good share of what is left, so a few dozen phases finish even 50,000
 * seekers, each costing at most one pass over the graph.
 */

/** `repair` instead of `refresh` while fewer than this share of the nodes were found dead. */
const MEND_WHILE_DEAD_SHARE_BELOW = 0.3;

/** Below this many unrouted seeker-roles, when phases stall, each gets its own search. */
const SEARCH_WHEN_LEFT_AT_MOST = 100;

const UNASSIGNED = -1;
const UNMATCHED = -2;
const FRESH_CURSOR = -2;

/** Potentials, distances and costs stay below this, so float64 sums are exact integers. */
const EXACT_LIMIT = 2 ** 52;

export class MatchingSolver {
  private graph: CandidateGraph;
  private readonly count: number;
  private readonly offerBase: number;
  private readonly supporterBase: number;
  private readonly sink: number;
  private readonly big: number;
  /** Per seeker-role: its edge, UNASSIGNED (not routed yet) or UNMATCHED. */
  private readonly assigned: Int32Array;
  private readonly offerFlow: Int32Array;
  private readonly loadFlow: Int32Array;
  /** Each offer's members (seeker-roles), in `slots[slotStart[o] ..]`. */
  private slotStart = new Int32Array(0);
  private slots = new Int32Array(0);
  private readonly supporterOfferStart: Int32Array;
  /** Per offer, the edges into it: their seeker-role and cost, for the backward pass. */
  private edgesInto = { start: new Int32Array(1), owner: new Int32Array(0), cost: new Uint16Array(0) };
  private readonly potential: Float64Array;
  // Scratch for the backward Dijkstra.
  private readonly key: Float64Array;
  private readonly distance: Float64Array;
  private readonly inHeap: Uint8Array;
  private readonly heap: Int32Array;
  private readonly heapKey: Float64Array;
  private readonly heapIndex: Int32Array;
  private heapSize = 0;
  private readonly heldOffer: Int32Array;
  private readonly settled: Int32Array;
  private readonly dummyHeap: Int32Array;
  private readonly dummyKey: Float64Array;
  private dummies = 0;
  /** Nodes at exactly the distance being settled (`level`), waiting their turn. */
  private readonly queue: Int32Array;
  private queueHead = 0;
  private queueTail = 0;
  private level = 0;
  /** Unrouted seeker-roles: once `refresh` has settled them all, the rest of the graph can wait. */
  private readonly isPending: Uint8Array;
  private pendingLeft = 0;
  // Scratch for the depth-first routing.
  private readonly previous: Int32Array;
  private readonly previousEdge: Int32Array;
  private readonly dead: Int32Array;
  private readonly onPath: Int32Array;
  private readonly cursor: Int32Array;
  private readonly stack: Int32Array;
  private phase = 0;
  /** The nodes the current phase found dead, for `repair`. */
  private readonly deadList: Int32Array;
  private deadCount = 0;
  /** How many phases ran; the benchmark reports it. */
  phases = 0;

  constructor(graph: CandidateGraph) {
    this.graph = graph;
    const { offers } = graph;
    const supporterCount = offers.loadRoom.length;
    this.count = graph.count;
    this.offerBase = graph.count;
    this.supporterBase = graph.count + offers.count;
    this.sink = this.supporterBase + supporterCount;
    const nodes = this.sink + 1;
    const free = graph.count - graph.pinnedEdge.filter((e) => e >= 0).length;
    const step = Math.max(1, graph.maxScore);
    this.big = (free + 1) * step + 1;
    // Both are far beyond any program (weights are capped at 100 points each), but say so.
    if (graph.maxScore > 0xffff)
      throw new ValidationError('Scores above 655.35 points do not fit the solver.');
    if (8 * this.big >= EXACT_LIMIT) {
      throw new ValidationError(`${free} seeker-roles are too many to solve exactly in one run.`);
    }
    this.assigned = new Int32Array(graph.count).fill(UNASSIGNED);
    this.offerFlow = new Int32Array(offers.count);
    this.loadFlow = new Int32Array(supporterCount);
    this.layOutSlots();
    this.supporterOfferStart = new Int32Array(supporterCount + 1);
    for (let o = 0; o < offers.count; o += 1) this.supporterOfferStart[offers.supporter[o]! + 1]! += 1;
    for (let t = 0; t < supporterCount; t += 1) {
      this.supporterOfferStart[t + 1]! += this.supporterOfferStart[t]!;
    }
    this.indexEdges();
    this.potential = new Float64Array(nodes);
    this.key = new Float64Array(nodes);
    this.distance = new Float64Array(nodes);
    this.inHeap = new Uint8Array(nodes);
    this.heap = new Int32Array(nodes);
    this.heapKey = new Float64Array(nodes);
    this.heapIndex = new Int32Array(nodes);
    this.heldOffer = new Int32Array(graph.count);
    this.settled = new Int32Array(nodes);
    this.dummyHeap = new Int32Array(graph.count);
    this.dummyKey = new Float64Array(graph.count);
    this.queue = new Int32Array(nodes);
    this.previous = new Int32Array(nodes);
    this.previousEdge = new Int32Array(nodes);
    this.dead = new Int32Array(nodes);
    this.onPath = new Int32Array(nodes);
    this.cursor = new Int32Array(nodes);
    this.stack = new Int32Array(nodes);
    this.deadList = new Int32Array(nodes);
    this.isPending = new Uint8Array(graph.count);
  }

  private indexEdges(): void {
    const { edgeOffer, edgeStart, edgeScore, maxScore, offers } = this.graph;
    const start = new Int32Array(offers.count + 1);
    for (let e = 0; e < edgeOffer.length; e += 1) start[edgeOffer[e]! + 1]! += 1;
    for (let o = 0; o < offers.count; o += 1) start[o + 1]! += start[o]!;
    const fill = start.slice(0, offers.count);
    const owner = new Int32Array(edgeOffer.length);
    // Scores are at most 5 × 100 points = 50,000 cents: 16 bits hold a cost, and halve the memory.
    const cost = new Uint16Array(edgeOffer.length);
    for (let i = 0; i < this.count; i += 1) {
      for (let e = edgeStart[i]!; e < edgeStart[i + 1]!; e += 1) {
        const k = fill[edgeOffer[e]!]!++;
        owner[k] = i;
        cost[k] = maxScore - edgeScore[e]!;
      }
    }
    this.edgesInto = { start, owner, cost };
  }

  /** Room for each offer's members: no more than its places, nor than the edges into it. */
  private layOutSlots(): void {
    const { offers, edgeOffer } = this.graph;
    const into = new Int32Array(offers.count);
    for (let e = 0; e < edgeOffer.length; e += 1) into[edgeOffer[e]!]! += 1;
    const start = new Int32Array(offers.count + 1);
    for (let o = 0; o < offers.count; o += 1) {
      start[o + 1] = start[o]! + Math.min(offers.capacity[o]!, into[o]!);
    }
    const slots = new Int32Array(start[offers.count]!);
    for (let o = 0; o < this.slotStart.length - 1; o += 1) {
      for (let k = 0; k < this.offerFlow[o]!; k += 1)
        slots[start[o]! + k] = this.slots[this.slotStart[o]! + k]!;
    }
    this.slotStart = start;
    this.slots = slots;
  }

  private cost(edge: number): number {
    return this.graph.maxScore - this.graph.edgeScore[edge]!;
  }

  private join(seekerRole: number, edge: number): void {
    const offer = this.graph.edgeOffer[edge]!;
    this.slots[this.slotStart[offer]! + this.offerFlow[offer]!] = seekerRole;
    this.offerFlow[offer]! += 1;
    this.assigned[seekerRole] = edge;
  }

  private leave(offer: number, seekerRole: number): void {
    const from = this.slotStart[offer]!;
    const last = from + this.offerFlow[offer]! - 1;
    let k = from;
    while (this.slots[k] !== seekerRole) k += 1;
    this.slots[k] = this.slots[last]!;
    this.offerFlow[offer]! -= 1;
  }

  private hasRoom(offer: number): boolean {
    const supporter = this.graph.offers.supporter[offer]!;
    return (
      this.offerFlow[offer]! < this.graph.offers.capacity[offer]! &&
      this.loadFlow[supporter]! < this.graph.offers.loadRoom[supporter]!
    );
  }

  /** Pins first (fixed flow, never undone), then the greedy start, then phases until everyone is routed. */
  solve(): void {
    const { graph } = this;
    for (let i = 0; i < this.count; i += 1) {
      const pinned = graph.pinnedEdge[i]!;
      if (pinned < 0) continue;
      this.join(i, pinned);
      this.loadFlow[graph.offers.supporter[graph.edgeOffer[pinned]!]!]! += 1;
    }
    for (let i = 0; i < this.count; i += 1) {
      if (graph.pinnedEdge[i]! >= 0) continue;
      const from = graph.edgeStart[i]!;
      const to = graph.edgeStart[i + 1]!;
      if (from === to) {
        // Nothing to choose from: unmatched, and no arc can ever lead here.
        this.assigned[i] = UNMATCHED;
        continue;
      }
      let best = 0;
      for (let e = from; e < to; e += 1) best = Math.max(best, graph.edgeScore[e]!);
      // The best candidate's arc gets reduced cost 0 (offers and supporters start at 0).
      this.potential[i] = best - graph.maxScore;
      for (let e = from; e < to; e += 1) {
        if (graph.edgeScore[e] !== best || !this.hasRoom(graph.edgeOffer[e]!)) continue;
        this.join(i, e);
        this.loadFlow[graph.offers.supporter[graph.edgeOffer[e]!]!]! += 1;
        break;
      }
    }
    this.routeAll();
  }

  /**
   * Continues on a graph with more edges for some seeker-roles (see `withExtraEdges`). Those left
   * unmatched are routed again: their unit is taken back off the "unmatched" arc (which removes
   * the only arc into them), their potential raised until their arcs are non-negative, and the
   * phases route them. Nothing else changes, so the result is the optimum on the larger graph.
   */
  extend(graph: CandidateGraph, movedTo: Int32Array, reopen: readonly number[]): void {
    for (let i = 0; i < this.count; i += 1) {
      const edge = this.assigned[i]!;
      if (edge >= 0) this.assigned[i] = movedTo[edge]!;
    }
    this.graph = graph;
    this.layOutSlots();
    this.indexEdges();
    for (const i of reopen) {
      if (this.assigned[i] !== UNMATCHED) continue;
      this.assigned[i] = UNASSIGNED;
      let p = this.potential[this.sink]! - this.big;
      for (let e = graph.edgeStart[i]!; e < graph.edgeStart[i + 1]!; e += 1) {
        p = Math.max(p, this.potential[this.offerBase + graph.edgeOffer[e]!]! - this.cost(e));
      }
      this.potential[i] = p;
    }
    this.routeAll();
  }

  /** Per seeker-role: the chosen edge, or -1 when unmatched. */
  chosenEdges(): Int32Array {
    return this.assigned.map((e) => (e >= 0 ? e : -1));
  }

  /** Whether the offer's role and its supporter both have a free place now. */
  offerHasRoom(offer: number): boolean {
    return this.hasRoom(offer);
  }

  private routeAll(): void {
    let pending: number[] = [];
    for (let i = 0; i < this.count; i += 1) if (this.assigned[i] === UNASSIGNED) pending.push(i);
    let mend = false;
    while (pending.length > 0) {
      if (mend) this.repair();
      else {
        this.isPending.fill(0);
        for (const i of pending) this.isPending[i] = 1;
        this.pendingLeft = pending.length;
        this.refresh();
      }
      this.phases += 1;
      this.phase += 1;
      this.deadCount = 0;
      const left: number[] = [];
      for (const i of pending) if (!this.routeTight(i, this.phase)) left.push(i);
      // Mending is cheaper than a refresh while the dead part is small; a phase that routed
      // nobody, or left much of the graph dead, starts afresh.
      mend = left.length < pending.length && this.deadCount < (this.sink + 1) * MEND_WHILE_DEAD_SHARE_BELOW;
      // A few stragglers competing for the same places: phases would route them one or two at
      // a time; a shortest-path search each is cheaper.
      if (left.length <= SEARCH_WHEN_LEFT_AT_MOST && (pending.length - left.length) * 5 < pending.length) {
        this.key.fill(Number.POSITIVE_INFINITY);
        this.inHeap.fill(0);
        for (const i of left) this.search(i);
        return;
      }
      pending = left;
    }
  }

  /**
   * One shortest path from `source` to the sink: Dijkstra on reduced costs, stopped when the sink
   * is reached; then the potentials of the nodes settled closer than the sink move by the
   * difference, which keeps every reduced cost non-negative and makes the path's arcs tight.
   */
  private search(source: number): void {
    const { graph, potential, key, distance, inHeap, sink, offerBase, supporterBase, big } = this;
    const { edgeStart, edgeOffer, edgeScore, maxScore, offers, pinnedEdge } = graph;
    const touched = this.queue;
    let touchedCount = 0;
    let settledCount = 0;
    this.heapSize = 0;
    const reach = (v: number, d: number, from: number, edge: number) => {
      if (inHeap[v] === 2 || d >= key[v]!) return;
      if (inHeap[v] === 0) {
        touched[touchedCount] = v;
        touchedCount += 1;
        this.heapSize += 1;
        inHeap[v] = 1;
        this.place(v, this.heapSize - 1, d);
      } else this.place(v, this.heapIndex[v]!, d);
      key[v] = d;
      this.previous[v] = from;
      this.previousEdge[v] = edge;
    };
    reach(source, 0, -1, -1);
    let total = Number.POSITIVE_INFINITY;
    while (this.heapSize > 0) {
      const u = this.heap[0]!;
      const du = this.heapKey[0]!;
      this.removeFromHeap(u);
      if (u === sink) {
        total = du;
        break;
      }
      inHeap[u] = 2;
      distance[u] = du;
      this.settled[settledCount] = u;
      settledCount += 1;
      const pu = potential[u]!;
      if (u < offerBase) {
        const holding = this.assigned[u]!;
        for (let e = edgeStart[u]!; e < edgeStart[u + 1]!; e += 1) {
          if (e === holding) continue;
          const v = offerBase + edgeOffer[e]!;
          reach(v, du + (maxScore - edgeScore[e]!) + pu - potential[v]!, u, e);
        }
        reach(sink, du + big + pu - potential[sink]!, u, -1);
      } else if (u < supporterBase) {
        const offer = u - offerBase;
        if (this.offerFlow[offer]! < offers.capacity[offer]!) {
          const v = supporterBase + offers.supporter[offer]!;
          reach(v, du + pu - potential[v]!, u, -1);
        }
        const from = this.slotStart[offer]!;
        for (let k = from; k < from + this.offerFlow[offer]!; k += 1) {
          const member = this.slots[k]!;
          if (pinnedEdge[member]! >= 0) continue;
          reach(member, du - this.cost(this.assigned[member]!) + pu - potential[member]!, u, -1);
        }
      } else {
        const supporter = u - supporterBase;
        if (this.loadFlow[supporter]! < offers.loadRoom[supporter]!)
          reach(sink, du + pu - potential[sink]!, u, -1);
        for (
          let o = this.supporterOfferStart[supporter]!;
          o < this.supporterOfferStart[supporter + 1]!;
          o += 1
        ) {
          if (this.offerFlow[o]! > 0) reach(offerBase + o, du + pu - potential[offerBase + o]!, u, -1);
        }
      }
    }
    for (let k = 0; k < settledCount; k += 1) {
      const v = this.settled[k]!;
      potential[v]! -= total - distance[v]!;
    }
    this.augment(source);
    for (let k = 0; k < touchedCount; k += 1) {
      key[touched[k]!] = Number.POSITIVE_INFINITY;
      inHeap[touched[k]!] = 0;
    }
    this.heapSize = 0;
  }

  /**
   * Mends the potentials around the nodes the last phase found dead (no zero-cost path to the
   * sink any more), instead of recomputing them all. Inside that set D, a Dijkstra computes each
   * node's distance δ to the sink or to the nearest node outside D, counting nodes outside D as
   * distance 0, and moves D's potentials by δ. That keeps every reduced cost non-negative: for an
   * arc u→v with u in D, δ(u) ≤ c(u,v) + δ(v) by construction; with u outside D, δ(u) = 0. It
   * does not make every path tight (a node outside D may itself have lost its path), so the next
   * phase may find more dead nodes and mend again; a phase that routes nobody falls back to
   * `refresh`, which always makes progress.
   */
  private repair(): void {
    const { graph, potential, key, distance, inHeap, dead, sink, offerBase, supporterBase, big } = this;
    const { offers, pinnedEdge, edgeOffer, edgeStart, edgeScore, maxScore } = graph;
    const { start: inStart, owner: inOwner, cost: inCost } = this.edgesInto;
    const { assigned, settled, deadList } = this;
    const phase = this.phase;
    this.heapSize = 0;
    this.queueHead = 0;
    this.queueTail = 0;
    this.level = Number.NEGATIVE_INFINITY;
    // Seeds: each dead node's best arc out of the dead set (or into the sink), as a key (distance − potential).
    for (let n = 0; n < this.deadCount; n += 1) {
      const u = deadList[n]!;
      const pu = potential[u]!;
      let best = Number.POSITIVE_INFINITY;
      if (u < offerBase) {
        const held = assigned[u]!;
        const end = edgeStart[u + 1]!;
        for (let e = edgeStart[u]!; e < end; e += 1) {
          const v = offerBase + edgeOffer[e]!;
          if (e === held || dead[v] === phase) continue;
          const d = maxScore - edgeScore[e]! + pu - potential[v]!;
          if (d < best) best = d;
        }
        best = Math.min(best, big + pu - potential[sink]!);
      } else if (u < supporterBase) {
        const offer = u - offerBase;
        const t = supporterBase + offers.supporter[offer]!;
        if (this.offerFlow[offer]! < offers.capacity[offer]! && dead[t] !== phase)
          best = Math.min(best, pu - potential[t]!);
        const from = this.slotStart[offer]!;
        for (let k = from; k < from + this.offerFlow[offer]!; k += 1) {
          const member = this.slots[k]!;
          if (pinnedEdge[member]! >= 0 || dead[member] === phase) continue;
          best = Math.min(best, edgeScore[assigned[member]!]! - maxScore + pu - potential[member]!);
        }
      } else {
        const supporter = u - supporterBase;
        if (this.loadFlow[supporter]! < offers.loadRoom[supporter]!)
          best = Math.min(best, pu - potential[sink]!);
        for (
          let o = this.supporterOfferStart[supporter]!;
          o < this.supporterOfferStart[supporter + 1]!;
          o += 1
        ) {
          const v = offerBase + o;
          if (this.offerFlow[o]! > 0 && dead[v] !== phase) best = Math.min(best, pu - potential[v]!);
        }
      }
      inHeap[u] = 0;
      key[u] = Number.POSITIVE_INFINITY;
      if (best < Number.POSITIVE_INFINITY) this.relax(u, best - pu);
    }
    let farthest = 0;
    let settledCount = 0;
    while (this.heapSize > 0) {
      const v = this.heap[0]!;
      const dv = this.heapKey[0]!;
      this.removeFromHeap(v);
      key[v] = Number.NEGATIVE_INFINITY;
      distance[v] = dv;
      settled[settledCount] = v;
      settledCount += 1;
      farthest = dv;
      const base = dv - potential[v]!;
      if (v < offerBase) {
        const held = assigned[v]!;
        if (held >= 0) {
          const u = offerBase + edgeOffer[held]!;
          const k = base - this.cost(held);
          if (dead[u] === phase && k < key[u]!) this.relax(u, k);
        }
      } else if (v < supporterBase) {
        const offer = v - offerBase;
        for (let k = inStart[offer]!; k < inStart[offer + 1]!; k += 1) {
          const u = inOwner[k]!;
          const candidate = base + inCost[k]!;
          if (
            dead[u] === phase &&
            candidate < key[u]! &&
            (assigned[u]! < 0 || edgeOffer[assigned[u]!] !== offer)
          ) {
            this.relax(u, candidate);
          }
        }
        if (this.offerFlow[offer]! > 0) {
          const u = supporterBase + offers.supporter[offer]!;
          if (dead[u] === phase && base < key[u]!) this.relax(u, base);
        }
      } else {
        const supporter = v - supporterBase;
        for (
          let o = this.supporterOfferStart[supporter]!;
          o < this.supporterOfferStart[supporter + 1]!;
          o += 1
        ) {
          const u = offerBase + o;
          if (dead[u] === phase && this.offerFlow[o]! < offers.capacity[o]! && base < key[u]!)
            this.relax(u, base);
        }
      }
    }
    for (let k = 0; k < settledCount; k += 1) potential[settled[k]!]! -= distance[settled[k]!]!;
    for (let n = 0; n < this.deadCount; n += 1) {
      const u = deadList[n]!;
      if (key[u] !== Number.NEGATIVE_INFINITY) potential[u]! -= farthest;
    }
  }

  /** Moves `node` to its place in the heap from position `from`, with tentative distance `d`. */
  private place(node: number, from: number, d: number): void {
    const { heap, heapKey, heapIndex } = this;
    let i = from;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heapKey[parent]! <= d) break;
      heap[i] = heap[parent]!;
      heapKey[i] = heapKey[parent]!;
      heapIndex[heap[i]!] = i;
      i = parent;
    }
    const size = this.heapSize;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && heapKey[child + 1]! < heapKey[child]!) child += 1;
      if (heapKey[child]! >= d) break;
      heap[i] = heap[child]!;
      heapKey[i] = heapKey[child]!;
      heapIndex[heap[i]!] = i;
      i = child;
    }
    heap[i] = node;
    heapKey[i] = d;
    heapIndex[node] = i;
  }

  /** Records a shorter tentative distance `d` for `node` (its key is `d` less its potential). */
  private relax(node: number, k: number): void {
    this.key[node] = k;
    const d = k + this.potential[node]!;
    if (this.inHeap[node] === 0) {
      this.inHeap[node] = 1;
      this.heapSize += 1;
      this.place(node, this.heapSize - 1, d);
    } else this.place(node, this.heapIndex[node]!, d);
  }

  /**
   * Like `relax`, but a node reached at exactly the distance being settled skips the heap: it
   * waits in a first-in-first-out queue and is settled next. After a phase most of the graph is
   * still at distance 0, so most nodes never touch the heap.
   */
  private reach(node: number, k: number): void {
    if (k + this.potential[node]! === this.level) {
      if (this.inHeap[node] === 1) this.removeFromHeap(node);
      this.key[node] = k;
      this.queue[this.queueTail] = node;
      this.queueTail += 1;
    } else this.relax(node, k);
  }

  private removeFromHeap(node: number): void {
    const i = this.heapIndex[node]!;
    this.heapSize -= 1;
    this.inHeap[node] = 0;
    if (i < this.heapSize) {
      const last = this.heap[this.heapSize]!;
      this.place(last, i, this.heapKey[this.heapSize]!);
    }
  }

  /** The "unmatched" route of seeker-role `i` to the sink, as a distance. */
  private viaDummy(i: number): number {
    return this.big + this.potential[i]! - this.potential[this.sink]!;
  }

  private dummyDown(from: number): void {
    const { dummyHeap, dummyKey } = this;
    const node = dummyHeap[from]!;
    const d = dummyKey[from]!;
    const size = this.dummies;
    let i = from;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && dummyKey[child + 1]! < dummyKey[child]!) child += 1;
      if (dummyKey[child]! >= d) break;
      dummyHeap[i] = dummyHeap[child]!;
      dummyKey[i] = dummyKey[child]!;
      i = child;
    }
    dummyHeap[i] = node;
    dummyKey[i] = d;
  }

  private dummyPop(): void {
    this.dummies -= 1;
    this.dummyHeap[0] = this.dummyHeap[this.dummies]!;
    this.dummyKey[0] = this.dummyKey[this.dummies]!;
    this.dummyDown(0);
  }

  /**
   * Makes every potential the exact distance to the sink: one Dijkstra backwards from the sink
   * over the whole residual graph. Reduced costs stay non-negative, since for an arc u→v,
   * δ(u) ≤ c(u,v) + δ(v). Nodes that cannot reach the sink move by the largest distance found,
   * which keeps the arcs into them non-negative too.
   */
  private refresh(): void {
    const { graph, potential, key, distance, inHeap, sink, offerBase, supporterBase } = this;
    const { offers, pinnedEdge, edgeOffer } = graph;
    const { start: inStart, owner: inOwner, cost: inCost } = this.edgesInto;
    const { assigned, heldOffer, settled, dummyHeap, dummyKey } = this;
    const nodes = sink + 1;
    // `key[v]` is the tentative distance less v's potential (one read per arc in the hot loop),
    // and -∞ once v is settled or may not be entered (pinned seeker-roles).
    key.fill(Number.POSITIVE_INFINITY);
    inHeap.fill(0);
    this.heapSize = 0;
    // "Unmatched" arcs: every routed seeker-role has one, all long (BIG), so rather than push
    // them all into the heap they wait in a second heap (built in linear time) by that distance.
    this.dummies = 0;
    for (let i = 0; i < this.count; i += 1) {
      const held = assigned[i]!;
      heldOffer[i] = held >= 0 ? edgeOffer[held]! : -1;
      if (pinnedEdge[i]! >= 0) key[i] = Number.NEGATIVE_INFINITY;
      else if (held !== UNMATCHED) {
        dummyHeap[this.dummies] = i;
        dummyKey[this.dummies] = this.viaDummy(i);
        this.dummies += 1;
      }
    }
    for (let i = (this.dummies >> 1) - 1; i >= 0; i -= 1) this.dummyDown(i);

    let farthest = 0;
    let settledCount = 0;
    this.queueHead = 0;
    this.queueTail = 0;
    this.level = 0;
    this.relax(sink, -potential[sink]!);
    for (;;) {
      // Seeker-roles settled through a shorter path leave the dummy heap unused.
      while (this.dummies > 0 && key[dummyHeap[0]!] === Number.NEGATIVE_INFINITY) this.dummyPop();
      const dummyBest = this.dummies > 0 ? dummyKey[0]! : Number.POSITIVE_INFINITY;
      let v: number;
      let dv: number;
      if (this.queueHead < this.queueTail) {
        v = this.queue[this.queueHead]!;
        this.queueHead += 1;
        dv = this.level;
      } else if (this.heapSize > 0 && this.heapKey[0]! <= dummyBest) {
        v = this.heap[0]!;
        dv = this.heapKey[0]!;
        this.removeFromHeap(v);
      } else if (this.dummies > 0) {
        v = dummyHeap[0]!;
        dv = dummyBest;
        this.dummyPop();
        if (inHeap[v] === 1) this.removeFromHeap(v);
      } else break;
      this.level = dv;
      key[v] = Number.NEGATIVE_INFINITY;
      distance[v] = dv;
      settled[settledCount] = v;
      settledCount += 1;
      farthest = dv;
      // Once every unrouted seeker-role has its exact distance the rest can wait: stopping here
      // is a Dijkstra stopped at distance dv, which keeps reduced costs non-negative (the nodes
      // not settled move by dv, no more than their true distance; see `repair`).
      if (v < offerBase && this.isPending[v] === 1) {
        this.pendingLeft -= 1;
        if (this.pendingLeft === 0) break;
      }
      // Through an arc u→v of cost c, u's tentative distance is dv + c + p(u) − p(v); as a key
      // (less p(u)): dv − p(v) + c.
      const base = dv - potential[v]!;
      if (v === sink) {
        for (let t = 0; t < offers.loadRoom.length; t += 1) {
          const u = supporterBase + t;
          if (this.loadFlow[t]! < offers.loadRoom[t]! && base < key[u]!) this.reach(u, base);
        }
      } else if (v < offerBase) {
        const held = assigned[v]!;
        if (held >= 0) {
          const u = offerBase + edgeOffer[held]!;
          const k = base - this.cost(held);
          if (k < key[u]!) this.reach(u, k);
        }
      } else if (v < supporterBase) {
        const offer = v - offerBase;
        const end = inStart[offer + 1]!;
        for (let k = inStart[offer]!; k < end; k += 1) {
          const u = inOwner[k]!;
          const candidate = base + inCost[k]!;
          if (candidate < key[u]! && heldOffer[u] !== offer) this.reach(u, candidate);
        }
        if (this.offerFlow[offer]! > 0) {
          const u = supporterBase + offers.supporter[offer]!;
          if (base < key[u]!) this.reach(u, base);
        }
      } else {
        const supporter = v - supporterBase;
        for (
          let o = this.supporterOfferStart[supporter]!;
          o < this.supporterOfferStart[supporter + 1]!;
          o += 1
        ) {
          const u = offerBase + o;
          if (this.offerFlow[o]! < offers.capacity[o]! && base < key[u]!) this.reach(u, base);
        }
      }
    }
    // Settled nodes move by their distance, the rest by the farthest distance found. Those that
    // cannot reach the sink move every time: refuse before they leave exact arithmetic.
    const reached = inHeap;
    reached.fill(0);
    for (let k = 0; k < settledCount; k += 1) reached[settled[k]!] = 1;
    let lowest = 0;
    for (let v = 0; v < nodes - 1; v += 1) {
      potential[v]! -= reached[v] === 1 ? distance[v]! : farthest;
      lowest = Math.min(lowest, potential[v]!);
    }
    if (-lowest >= EXACT_LIMIT / 4)
      throw new ValidationError('This cohort is too large to solve exactly in one run.');
  }

  /** Moves one unit along the path recorded in `previous`, from `source` to the sink. */
  private augment(source: number): void {
    const { sink, offerBase, supporterBase } = this;
    let v = sink;
    while (v !== source) {
      const u = this.previous[v]!;
      if (v === sink) {
        if (u < offerBase) this.assigned[u] = UNMATCHED;
        else this.loadFlow[u - supporterBase]! += 1;
      } else if (v < offerBase) {
        this.leave(u - offerBase, v);
      } else if (v < supporterBase && u < offerBase) {
        this.join(u, this.previousEdge[v]!);
      }
      v = u;
    }
  }

  /**
   * Depth-first along arcs of reduced cost 0 only. Any such path to the sink is a shortest path
   * (no path is shorter than 0), so routing along it keeps the certificate without moving any
   * potential. Nodes found to lead nowhere stay marked for the rest of the phase: arcs that
   * appear later in the phase can only make that too cautious, never wrong.
   */
  private routeTight(source: number, phase: number): boolean {
    const { graph, potential, sink, offerBase, supporterBase, big, dead, cursor, stack, onPath } = this;
    const { edgeStart, edgeOffer, edgeScore, maxScore, offers, pinnedEdge } = graph;
    let depth = 0;
    stack[depth++] = source;
    onPath[source] = phase;
    cursor[source] = FRESH_CURSOR;
    while (depth > 0) {
      const u = stack[depth - 1]!;
      const pu = potential[u]!;
      let next = -1;
      let via = -1;
      let k = cursor[u]!;
      if (u < offerBase) {
        const holding = this.assigned[u]!;
        const end = edgeStart[u + 1]!;
        if (k === FRESH_CURSOR) k = edgeStart[u]!;
        for (; k < end; k += 1) {
          const v = offerBase + edgeOffer[k]!;
          if (
            k !== holding &&
            dead[v] !== phase &&
            onPath[v] !== phase &&
            maxScore - edgeScore[k]! + pu - potential[v]! === 0
          ) {
            next = v;
            via = k;
            break;
          }
        }
        if (next >= 0) k += 1;
        else if (k === end && big + pu - potential[sink]! === 0) next = sink;
        else k = end + 1;
      } else if (u < supporterBase) {
        const offer = u - offerBase;
        if (k === FRESH_CURSOR) {
          k = 0;
          const v = supporterBase + offers.supporter[offer]!;
          if (
            this.offerFlow[offer]! < offers.capacity[offer]! &&
            dead[v] !== phase &&
            onPath[v] !== phase &&
            pu - potential[v]! === 0
          )
            next = v;
        }
        if (next < 0) {
          const from = this.slotStart[offer]!;
          for (; k < this.offerFlow[offer]!; k += 1) {
            const member = this.slots[from + k]!;
            if (pinnedEdge[member]! >= 0 || !(dead[member] !== phase && onPath[member] !== phase)) continue;
            if (edgeScore[this.assigned[member]!]! - maxScore + pu - potential[member]! === 0) {
              next = member;
              k += 1;
              break;
            }
          }
        }
      } else {
        const supporter = u - supporterBase;
        if (k === FRESH_CURSOR) {
          k = this.supporterOfferStart[supporter]!;
          if (this.loadFlow[supporter]! < offers.loadRoom[supporter]! && pu - potential[sink]! === 0)
            next = sink;
        }
        if (next < 0) {
          for (; k < this.supporterOfferStart[supporter + 1]!; k += 1) {
            const v = offerBase + k;
            if (
              this.offerFlow[k]! > 0 &&
              dead[v] !== phase &&
              onPath[v] !== phase &&
              pu - potential[v]! === 0
            ) {
              next = v;
              k += 1;
              break;
            }
          }
        }
      }
      cursor[u] = k;
      if (next < 0) {
        dead[u] = phase;
        this.deadList[this.deadCount] = u;
        this.deadCount += 1;
        onPath[u] = 0;
        depth -= 1;
        continue;
      }
      this.previous[next] = u;
      this.previousEdge[next] = via;
      if (next === sink) {
        this.augment(source);
        for (let d = 0; d < depth; d += 1) onPath[stack[d]!] = 0;
        return true;
      }
      onPath[next] = phase;
      cursor[next] = FRESH_CURSOR;
      stack[depth++] = next;
    }
    return false;
  }
}

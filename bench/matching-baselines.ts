import type { CandidateGraph } from '#shared/domain/matching/candidate-graph.ts';
import type { CandidatePair, MatchingInput } from '#shared/domain/matching/types.ts';
import { SUPPORT_ROLES } from '#shared/domain/support-roles.ts';

/**
 * The solvers ours is compared with, on the same candidate graph. Each returns, per
 * seeker-role, the chosen edge or -1. None of them shares code with shared/domain/matching.
 */

function roomChecker(graph: CandidateGraph) {
  const { offers } = graph;
  const offerUsed = new Int32Array(offers.count);
  const supporterUsed = new Int32Array(offers.loadRoom.length);
  return {
    fits: (offer: number) =>
      offerUsed[offer]! < offers.capacity[offer]! &&
      supporterUsed[offers.supporter[offer]!]! < offers.loadRoom[offers.supporter[offer]!]!,
    take: (offer: number, by = 1) => {
      offerUsed[offer]! += by;
      supporterUsed[offers.supporter[offer]!]! += by;
    },
  };
}

/** Pins first, then every (seeker-role, supporter) pair by descending score: take it if both are free. */
export function greedy(graph: CandidateGraph): Int32Array {
  const chosen = new Int32Array(graph.count).fill(-1);
  const room = roomChecker(graph);
  for (let i = 0; i < graph.count; i += 1) {
    const pin = graph.pinnedEdge[i]!;
    if (pin >= 0) {
      chosen[i] = pin;
      room.take(graph.edgeOffer[pin]!);
    }
  }
  const edges = Array.from({ length: graph.edgeOffer.length }, (_, e) => e);
  edges.sort((a, b) => graph.edgeScore[b]! - graph.edgeScore[a]! || a - b);
  const owner = new Int32Array(graph.edgeOffer.length);
  for (let i = 0; i < graph.count; i += 1) owner.fill(i, graph.edgeStart[i]!, graph.edgeStart[i + 1]!);
  for (const e of edges) {
    const i = owner[e]!;
    if (chosen[i] !== -1 || !room.fits(graph.edgeOffer[e]!)) continue;
    chosen[i] = e;
    room.take(graph.edgeOffer[e]!);
  }
  return chosen;
}

/**
 * Seeker-proposing deferred acceptance with capacities: seeker-roles propose best first; a
 * supporter holds the best proposals that fit both the role's places and their total load,
 * and lets the worst go when a better one arrives.
 */
export function galeShapley(graph: CandidateGraph): Int32Array {
  const { offers } = graph;
  const chosen = new Int32Array(graph.count).fill(-1);
  // Each seeker-role's preference list: its edges, best first.
  const ranked = Int32Array.from({ length: graph.edgeOffer.length }, (_, e) => e);
  for (let i = 0; i < graph.count; i += 1) {
    ranked
      .subarray(graph.edgeStart[i]!, graph.edgeStart[i + 1]!)
      .sort((a, b) => graph.edgeScore[b]! - graph.edgeScore[a]! || a - b);
  }
  const next = Int32Array.from({ length: graph.count }, (_, i) => graph.edgeStart[i]!);
  const room = roomChecker(graph);
  const held: Set<number>[] = Array.from({ length: offers.loadRoom.length }, () => new Set());
  const free: number[] = [];
  for (let i = graph.count - 1; i >= 0; i -= 1) {
    const pin = graph.pinnedEdge[i]!;
    if (pin >= 0) {
      chosen[i] = pin;
      room.take(graph.edgeOffer[pin]!);
    } else free.push(i);
  }
  const offerCount = new Int32Array(offers.count);
  for (let i = 0; i < graph.count; i += 1)
    if (chosen[i]! >= 0) offerCount[graph.edgeOffer[chosen[i]!]!]! += 1;
  while (free.length > 0) {
    const i = free.pop()!;
    if (next[i]! >= graph.edgeStart[i + 1]!) continue;
    const e = ranked[next[i]!]!;
    next[i]! += 1;
    const offer = graph.edgeOffer[e]!;
    const supporter = offers.supporter[offer]!;
    const mine = held[supporter]!;
    if (room.fits(offer)) {
      chosen[i] = e;
      room.take(offer);
      offerCount[offer]! += 1;
      mine.add(i);
      continue;
    }
    // Full: in this role if the role is full, otherwise in total. Compare with the worst held there.
    const roleFull = offerCount[offer]! >= offers.capacity[offer]!;
    let worst = -1;
    for (const j of mine) {
      const ej = chosen[j]!;
      if (graph.pinnedEdge[j]! >= 0 || (roleFull && graph.edgeOffer[ej] !== offer)) continue;
      if (worst < 0 || graph.edgeScore[ej]! < graph.edgeScore[chosen[worst]!]!) worst = j;
    }
    if (worst >= 0 && graph.edgeScore[chosen[worst]!]! < graph.edgeScore[e]!) {
      const released = chosen[worst]!;
      room.take(graph.edgeOffer[released]!, -1);
      offerCount[graph.edgeOffer[released]!]! -= 1;
      mine.delete(worst);
      chosen[worst] = -1;
      free.push(worst);
      chosen[i] = e;
      room.take(offer);
      offerCount[offer]! += 1;
      mine.add(i);
    } else free.push(i);
  }
  return chosen;
}

/**
 * A plain successive-shortest-path min-cost flow, the textbook way: an explicit arc list
 * (seeker-role → offer → supporter → sink, and a "left unmatched" arc seeker-role → sink costing
 * BIG, larger than any whole assignment's cost), costs `maxScore − score`, zero potentials at
 * the start, and one Dijkstra (binary heap, reduced costs, stop at the sink) per seeker-role in
 * turn. No warm start and no other heuristic. Its minimum-cost flow is the same lexicographic
 * optimum ours finds: the reference for "equal to the optimum".
 */
export function plainMinCostFlow(graph: CandidateGraph): Int32Array {
  const { offers } = graph;
  const offerBase = graph.count;
  const supporterBase = offerBase + offers.count;
  const sink = supporterBase + offers.loadRoom.length;
  const nodes = sink + 1;
  const free = graph.count - graph.pinnedEdge.filter((e) => e >= 0).length;
  const big = (free + 1) * Math.max(1, graph.maxScore) + 1;
  const arcCount = 2 * (2 * graph.count + graph.edgeOffer.length + offers.count + offers.loadRoom.length);
  const head = new Int32Array(nodes).fill(-1);
  const nextArc = new Int32Array(arcCount);
  const to = new Int32Array(arcCount);
  const cap = new Int32Array(arcCount);
  const cost = new Float64Array(arcCount);
  let arcs = 0;
  const addOne = (a: number, b: number, c: number, w: number) => {
    to[arcs] = b;
    cap[arcs] = c;
    cost[arcs] = w;
    nextArc[arcs] = head[a]!;
    head[a] = arcs;
    arcs += 1;
  };
  const addArc = (u: number, v: number, c: number, w: number) => {
    addOne(u, v, c, w);
    addOne(v, u, 0, -w);
  };
  const edgeArc = new Int32Array(graph.edgeOffer.length).fill(-1);
  const pinnedTaken = new Int32Array(offers.count);
  for (let i = 0; i < graph.count; i += 1) {
    const pin = graph.pinnedEdge[i]!;
    if (pin >= 0) {
      pinnedTaken[graph.edgeOffer[pin]!]! += 1;
      continue;
    }
    addArc(i, sink, 1, big);
    for (let e = graph.edgeStart[i]!; e < graph.edgeStart[i + 1]!; e += 1) {
      edgeArc[e] = arcs;
      addArc(i, offerBase + graph.edgeOffer[e]!, 1, graph.maxScore - graph.edgeScore[e]!);
    }
  }
  const pinnedLoad = new Int32Array(offers.loadRoom.length);
  for (let o = 0; o < offers.count; o += 1) {
    pinnedLoad[offers.supporter[o]!]! += pinnedTaken[o]!;
    addArc(offerBase + o, supporterBase + offers.supporter[o]!, offers.capacity[o]! - pinnedTaken[o]!, 0);
  }
  for (let t = 0; t < offers.loadRoom.length; t += 1) {
    addArc(supporterBase + t, sink, offers.loadRoom[t]! - pinnedLoad[t]!, 0);
  }

  const potential = new Float64Array(nodes);
  const dist = new Float64Array(nodes).fill(Number.POSITIVE_INFINITY);
  const viaArc = new Int32Array(nodes);
  const done = new Uint8Array(nodes);
  const seen: number[] = [];
  const settled: number[] = [];
  const heap: number[] = [];
  const heapKey: number[] = [];
  const push = (node: number, key: number) => {
    heap.push(node);
    heapKey.push(key);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heapKey[p]! <= heapKey[i]!) break;
      [heap[p], heap[i]] = [heap[i]!, heap[p]!];
      [heapKey[p], heapKey[i]] = [heapKey[i]!, heapKey[p]!];
      i = p;
    }
  };
  const pop = (): number => {
    const top = heap[0]!;
    const lastNode = heap.pop()!;
    const lastKey = heapKey.pop()!;
    if (heap.length > 0) {
      heap[0] = lastNode;
      heapKey[0] = lastKey;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && heapKey[l]! < heapKey[m]!) m = l;
        if (r < heap.length && heapKey[r]! < heapKey[m]!) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i]!, heap[m]!];
        [heapKey[m], heapKey[i]] = [heapKey[i]!, heapKey[m]!];
        i = m;
      }
    }
    return top;
  };
  for (let source = 0; source < graph.count; source += 1) {
    if (graph.pinnedEdge[source]! >= 0) continue;
    dist[source] = 0;
    seen.push(source);
    push(source, 0);
    while (heap.length > 0) {
      const d = heapKey[0]!;
      const u = pop();
      if (done[u] || d > dist[u]!) continue;
      if (u === sink) break;
      done[u] = 1;
      settled.push(u);
      for (let a = head[u]!; a >= 0; a = nextArc[a]!) {
        if (cap[a]! <= 0) continue;
        const v = to[a]!;
        if (done[v]) continue;
        const nd = d + cost[a]! + potential[u]! - potential[v]!;
        if (nd < dist[v]!) {
          if (dist[v] === Number.POSITIVE_INFINITY) seen.push(v);
          dist[v] = nd;
          viaArc[v] = a;
          push(v, nd);
        }
      }
    }
    const total = dist[sink]!;
    // Only the nodes closer than the sink move (the rest would all move by the same amount).
    for (const v of settled) potential[v]! -= total - dist[v]!;
    for (let v = sink; v !== source; v = to[viaArc[v]! ^ 1]!) {
      cap[viaArc[v]!]! -= 1;
      cap[viaArc[v]! ^ 1]! += 1;
    }
    for (const v of seen) {
      dist[v] = Number.POSITIVE_INFINITY;
      done[v] = 0;
    }
    seen.length = 0;
    settled.length = 0;
    heap.length = 0;
    heapKey.length = 0;
  }
  const chosen = new Int32Array(graph.count).fill(-1);
  for (let i = 0; i < graph.count; i += 1) {
    const pin = graph.pinnedEdge[i]!;
    if (pin >= 0) {
      chosen[i] = pin;
      continue;
    }
    for (let e = graph.edgeStart[i]!; e < graph.edgeStart[i + 1]!; e += 1)
      if (cap[edgeArc[e]!] === 0) chosen[i] = e;
  }
  return chosen;
}

/** The candidate graph rebuilt from the published pairs and the input's places. */
export function graphFrom(input: MatchingInput, pairs: CandidatePair[]): CandidateGraph {
  const supporterIndex = new Map(input.supporters.map((t, i) => [t.personId, i]));
  const ofSupporterRole = new Int32Array(input.supporters.length * SUPPORT_ROLES.length).fill(-1);
  const supporter: number[] = [];
  const role: number[] = [];
  const capacity: number[] = [];
  input.supporters.forEach((t, i) => {
    for (const offer of t.offers) {
      ofSupporterRole[i * SUPPORT_ROLES.length + SUPPORT_ROLES.indexOf(offer.role)] = supporter.length;
      supporter.push(i);
      role.push(SUPPORT_ROLES.indexOf(offer.role));
      capacity.push(offer.capacity);
    }
  });
  const seekerRoles = new Map<string, number>();
  const edgeStart: number[] = [];
  const edgeOffer: number[] = [];
  const edgeScore: number[] = [];
  let maxScore = 0;
  // Pairs come grouped by seeker-role (ours lists them so).
  for (const pair of pairs) {
    const key = `${pair.seekerId}\u0000${pair.role}`;
    if (!seekerRoles.has(key)) {
      seekerRoles.set(key, seekerRoles.size);
      edgeStart.push(edgeOffer.length);
    }
    const t = supporterIndex.get(pair.supporterId)!;
    edgeOffer.push(ofSupporterRole[t * SUPPORT_ROLES.length + SUPPORT_ROLES.indexOf(pair.role)]!);
    const cents = Math.round(pair.score * 100);
    edgeScore.push(cents);
    maxScore = Math.max(maxScore, cents);
  }
  edgeStart.push(edgeOffer.length);
  return {
    count: seekerRoles.size,
    seekerOf: new Int32Array(seekerRoles.size),
    roleOf: new Uint8Array(seekerRoles.size),
    edgeStart: Int32Array.from(edgeStart),
    edgeOffer: Int32Array.from(edgeOffer),
    edgeScore: Uint16Array.from(edgeScore),
    pinnedEdge: new Int32Array(seekerRoles.size).fill(-1),
    offers: {
      count: supporter.length,
      ofSupporterRole,
      supporter: Int32Array.from(supporter),
      role: Uint8Array.from(role),
      capacity: Int32Array.from(capacity),
      loadRoom: Int32Array.from(input.supporters, (t) =>
        Math.max(0, t.totalLoadLimit - t.currentLoadElsewhere),
      ),
    },
    maxScore,
  };
}

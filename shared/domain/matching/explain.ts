import { SUPPORT_ROLES } from '../support-roles.ts';
import type { CandidateContext, CandidateGraph } from './candidate-graph.ts';
import { pairAllowed } from './constraints.ts';
import { explainPair, ROLE_COUNT } from './scoring.ts';
import type { CandidatePair, MatchingResult, ProposedMatch, UnmatchedReason } from './types.ts';

/**
 * What a coordinator sees next to the solver's choice: each match's score factor by factor, the
 * next best supporters for every seeker and role, and why a seeker-role went unmatched.
 */

/** Enough to weigh a swap without drowning the review screen. */
const ALTERNATIVES_SHOWN = 3;

const supporterOf = (graph: CandidateGraph, edge: number) => graph.offers.supporter[graph.edgeOffer[edge]!]!;

/** Better edge first: higher score, then lower supporter index (the graph's own tie rule). */
const better = (graph: CandidateGraph, a: number, b: number) =>
  graph.edgeScore[a]! > graph.edgeScore[b]! ||
  (graph.edgeScore[a] === graph.edgeScore[b] && supporterOf(graph, a) < supporterOf(graph, b));

/** The `limit` best edges of one seeker-role but `skip`, best first (a few of up to K: no sort). */
function bestEdges(graph: CandidateGraph, seekerRole: number, skip: number, limit: number): number[] {
  const { edgeScore } = graph;
  const best: number[] = [];
  let worstScore = Number.NEGATIVE_INFINITY;
  let worstSupporter = -1;
  for (let e = graph.edgeStart[seekerRole]!; e < graph.edgeStart[seekerRole + 1]!; e += 1) {
    if (e === skip) continue;
    const score = edgeScore[e]!;
    if (
      best.length === limit &&
      (score < worstScore || (score === worstScore && supporterOf(graph, e) > worstSupporter))
    ) {
      continue;
    }
    let at = Math.min(best.length, limit - 1);
    best[at] = e;
    while (at > 0 && better(graph, e, best[at - 1]!)) {
      best[at] = best[at - 1]!;
      best[at - 1] = e;
      at -= 1;
    }
    const last = best[best.length - 1]!;
    worstScore = edgeScore[last]!;
    worstSupporter = supporterOf(graph, last);
  }
  return best;
}

/**
 * Why nobody was found, checked in the order a coordinator would fix it:
 * - nobody offers the role at all;
 * - somebody does, and some of them are allowed for this seeker, but every allowed one is full
 *   (a place count of 0, or a total load already reached, counts as full);
 * - every one who offers it is ruled out: paused, the sponsor rules, the reporting chain, a
 *   forbid, or the seeker themselves.
 */
function reasonFinder(
  context: CandidateContext,
  graph: CandidateGraph,
): (seekerRole: number) => UnmatchedReason {
  const offersOfRole: number[][] = Array.from({ length: ROLE_COUNT }, () => []);
  for (let o = 0; o < context.offers.count; o += 1) offersOfRole[context.offers.role[o]!]!.push(o);
  const rules = {
    seekers: context.model.seekers,
    supporters: context.model.supporters,
    offers: context.offers,
    exclusions: context.exclusions,
  };
  return (seekerRole) => {
    const role = graph.roleOf[seekerRole]!;
    const offers = offersOfRole[role]!;
    if (offers.length === 0) return 'no-supporter-offers-role';
    // The solver leaves someone unmatched only when every candidate it had is full.
    if (graph.edgeStart[seekerRole + 1]! > graph.edgeStart[seekerRole]!) return 'all-at-capacity';
    const seeker = graph.seekerOf[seekerRole]!;
    const allowed = offers.some((offer) =>
      pairAllowed(rules, context.rules, seeker, context.offers.supporter[offer]!, role),
    );
    return allowed ? 'all-at-capacity' : 'all-excluded-by-constraints';
  };
}

/** Turns the solver's chosen edges into matches, alternatives, reasons and totals. */
export function describeResult(
  context: CandidateContext,
  graph: CandidateGraph,
  chosen: Int32Array,
): Omit<MatchingResult, 'candidates'> {
  const { model } = context;
  const reasonOf = reasonFinder(context, graph);

  const matches: ProposedMatch[] = [];
  const alternatives: MatchingResult['alternatives'] = [];
  const unmatched: MatchingResult['unmatched'] = [];
  let scoreCents = 0;
  for (let i = 0; i < graph.count; i += 1) {
    const seeker = graph.seekerOf[i]!;
    const seekerId = model.seekerIds[seeker]!;
    const role = SUPPORT_ROLES[graph.roleOf[i]!]!;
    const edge = chosen[i]!;
    if (edge >= 0) {
      const supporter = supporterOf(graph, edge);
      scoreCents += graph.edgeScore[edge]!;
      matches.push({
        seekerId,
        supporterId: model.supporterIds[supporter]!,
        role,
        score: graph.edgeScore[edge]! / 100,
        factors: explainPair(model, seeker, supporter, role),
        pinned: graph.pinnedEdge[i] === edge,
      });
    } else {
      unmatched.push({ seekerId, role, reason: reasonOf(i) });
    }
    const best = bestEdges(graph, i, edge, ALTERNATIVES_SHOWN);
    const options: MatchingResult['alternatives'][number]['options'] = [];
    for (const e of best) {
      options.push({
        supporterId: model.supporterIds[supporterOf(graph, e)]!,
        score: graph.edgeScore[e]! / 100,
      });
    }
    alternatives.push({ seekerId, role, options });
  }
  return {
    matches,
    alternatives,
    unmatched,
    totals: { matched: matches.length, score: scoreCents / 100, demand: graph.count },
  };
}

/** Every pair of the graph, best first per seeker-role: the input to an independent check. */
export function listCandidates(context: CandidateContext, graph: CandidateGraph): CandidatePair[] {
  const pairs: CandidatePair[] = [];
  for (let i = 0; i < graph.count; i += 1) {
    const seekerId = context.model.seekerIds[graph.seekerOf[i]!]!;
    const role = SUPPORT_ROLES[graph.roleOf[i]!]!;
    const edges: number[] = [];
    for (let e = graph.edgeStart[i]!; e < graph.edgeStart[i + 1]!; e += 1) edges.push(e);
    edges.sort((a, b) => (better(graph, a, b) ? -1 : 1));
    for (const e of edges) {
      pairs.push({
        seekerId,
        supporterId: context.model.supporterIds[supporterOf(graph, e)]!,
        role,
        score: graph.edgeScore[e]! / 100,
      });
    }
  }
  return pairs;
}

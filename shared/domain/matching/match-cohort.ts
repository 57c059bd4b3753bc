import { type FieldProblem, ValidationError } from '../errors.ts';
import { SENIORITY_LEVELS } from '../participant.ts';
import { isValidTimeZone } from '../zoned-time.ts';
import {
  buildCandidateGraph,
  type CandidateContext,
  roomOutsideCandidates,
  withExtraEdges,
} from './candidate-graph.ts';
import { buildExclusions, buildOffers, pairAllowed, pinProblems, ReportingChains } from './constraints.ts';
import { describeResult, listCandidates } from './explain.ts';
import {
  buildScoringModel,
  DEFAULT_RULES,
  MAX_WEIGHT,
  orderSupporters,
  resolveWeights,
  roleIndex,
} from './scoring.ts';
import { MatchingSolver } from './solver.ts';
import type { MatchingInput, MatchingResult, MatchingRules, ScoringWeights } from './types.ts';

interface MatchOptions {
  /** Add every scored pair the solver chose from, for an independent check of the optimum. */
  includeCandidates?: boolean;
}

/**
 * The one entry point: checks the input, scores, builds the candidate graph and finds the
 * exact optimum: the most seeker-roles matched, then the highest total score, within every hard
 * rule. The same input, in any order, gives the same result.
 *
 * Primary course:
 * 1. Refuse bad input with every problem named (people by id, fields by path).
 * 2. Put people in a fixed order (by id; supporters by time zone, then id), so nothing depends
 *    on the order they came in.
 * 3. Build the scorer, the places and the exclusions; refuse pins that break a rule.
 * 4. Build the candidate graph (top K per seeker-role, plus pins) and solve it exactly.
 * 5. While a seeker-role is unmatched and an allowed supporter outside its K has room, add those
 *    supporters to its candidates and continue solving.
 * 6. Describe the result: factors, alternatives, reasons, totals (and the candidates if asked).
 */
export function matchCohort(input: MatchingInput, options: MatchOptions = {}): MatchingResult {
  const rules: MatchingRules = { ...DEFAULT_RULES, ...input.rules };
  const weights = resolveWeights(input.weights);
  // Ids read once: at 50,000 seekers every pass over the people objects counts.
  const seekerIds = input.seekers.map((s) => s.personId);
  const supporterIds = input.supporters.map((t) => t.personId);
  const problems = inputProblems(input, rules, weights, seekerIds, supporterIds);
  if (problems.length > 0) throw new ValidationError('The matching input has problems.', problems);

  // Lists usually come in id order already (the store reads them so): check before sorting.
  const seekers = ascending(seekerIds, false)
    ? [...input.seekers]
    : [...input.seekers].sort((a, b) => (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0));
  const supporters = orderSupporters(input.supporters);
  const supporterIndex = new Map(supporters.map((t, i) => [t.personId, i]));
  // Only pins name seekers by id.
  const seekerIndex = new Map<string, number>();
  if (input.pins.length > 0)
    for (let i = 0; i < seekers.length; i += 1) seekerIndex.set(seekers[i]!.personId, i);

  const model = buildScoringModel(seekers, supporters, weights);
  const offers = buildOffers(supporters);
  const chains = new ReportingChains(input.reportingLines);
  const pinned = pinProblems(input.pins, {
    seekers,
    supporters,
    seekerIndex,
    supporterIndex,
    offers,
    chains,
    forbids: input.forbids,
    rules,
  });
  if (pinned.length > 0) throw new ValidationError('A pin breaks a matching rule.', pinned);

  const context: CandidateContext = {
    model,
    offers,
    exclusions: buildExclusions(model.seekerIds, supporterIndex, chains, input.forbids),
    rules,
    pins: input.pins.map((pin) => ({
      seeker: seekerIndex.get(pin.seekerId)!,
      supporter: supporterIndex.get(pin.supporterId)!,
      role: roleIndex(pin.role),
    })),
  };
  let graph = buildCandidateGraph(context, rules.candidatesPerSeeker);
  const solver = new MatchingSolver(graph);
  solver.solve();

  const allowedContext = { seekers, supporters, offers, exclusions: context.exclusions };
  const allowed = (seeker: number, supporter: number, role: number) =>
    pairAllowed(allowedContext, rules, seeker, supporter, role);
  for (;;) {
    const extra = roomOutsideCandidates(
      context,
      graph,
      solver.chosenEdges(),
      (offer) => solver.offerHasRoom(offer),
      allowed,
      rules.candidatesPerSeeker,
    );
    if (extra.length === 0) break;
    const extended = withExtraEdges(graph, extra);
    graph = extended.graph;
    solver.extend(
      graph,
      extended.movedTo,
      extra.map((e) => e.seekerRole),
    );
  }

  const result: MatchingResult = describeResult(context, graph, solver.chosenEdges());
  if (options.includeCandidates) result.candidates = listCandidates(context, graph);
  return result;
}

const isWhole = (n: number) => Number.isInteger(n) && n >= 0;

/** Whether the ids are in ascending order (`strictly`: without repeats). */
function ascending(ids: readonly string[], strictly: boolean): boolean {
  for (let i = 1; i < ids.length; i += 1) {
    if (ids[i - 1]! > ids[i]! || (strictly && ids[i - 1] === ids[i])) return false;
  }
  return true;
}

/** Everything wrong with the input at once, so one run shows the whole list. */
function inputProblems(
  input: MatchingInput,
  rules: MatchingRules,
  weights: ScoringWeights,
  seekerIds: readonly string[],
  supporterIds: readonly string[],
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });

  const checkPeople = (
    list: 'seekers' | 'supporters',
    people: MatchingInput['seekers' | 'supporters'],
    ids: readonly string[],
  ) => {
    // Ids in strictly ascending order (the usual case) cannot repeat: no lookup needed.
    const firstAt = ascending(ids, true) ? undefined : new Map<string, number>();
    const noun = list === 'seekers' ? 'seeker' : 'supporter';
    for (let i = 0; i < people.length; i += 1) {
      const { timeZone, seniority } = people[i]!;
      const personId = ids[i]!;
      const at = () => `${list}[${i}]`;
      if (personId.trim() === '') add(`${at()}.personId`, 'is empty');
      if (firstAt) {
        const first = firstAt.get(personId);
        if (first !== undefined) {
          add(`${at()}.personId`, `${personId} is listed as a ${noun} twice (entries ${first} and ${i})`);
        } else firstAt.set(personId, i);
      }
      if (!isValidTimeZone(timeZone)) {
        add(`${at()}.timeZone`, `${personId}'s time zone "${timeZone}" is not a time zone`);
      }
      if (!(SENIORITY_LEVELS as readonly string[]).includes(seniority)) {
        add(`${at()}.seniority`, `${personId}'s seniority "${seniority}" is not one we know`);
      }
    }
  };
  checkPeople('seekers', input.seekers, seekerIds);
  checkPeople('supporters', input.supporters, supporterIds);

  const twice = (items: readonly string[]) => items.some((item, k) => items.indexOf(item) !== k);
  input.seekers.forEach((seeker, i) => {
    if (twice(seeker.seeks)) add(`seekers[${i}].seeks`, `${seekerIds[i]} seeks the same role twice`);
  });
  input.supporters.forEach((supporter, i) => {
    const at = `supporters[${i}]`;
    const roles = supporter.offers.map((o) => o.role);
    if (new Set(roles).size !== roles.length)
      add(`${at}.offers`, `${supporter.personId} offers a role twice`);
    supporter.offers.forEach((offer, k) => {
      if (!isWhole(offer.capacity)) {
        add(
          `${at}.offers[${k}].capacity`,
          `${supporter.personId}'s places must be a whole number, 0 or more`,
        );
      }
    });
    if (!isWhole(supporter.totalLoadLimit)) {
      add(`${at}.totalLoadLimit`, `${supporter.personId}'s total load must be a whole number, 0 or more`);
    }
    if (!isWhole(supporter.currentLoadElsewhere)) {
      add(
        `${at}.currentLoadElsewhere`,
        `${supporter.personId}'s load elsewhere must be a whole number, 0 or more`,
      );
    }
  });

  for (const [name, value] of Object.entries(weights)) {
    if (!(Number.isFinite(value) && value >= 0 && value <= MAX_WEIGHT)) {
      add(`weights.${name}`, `must be a number from 0 to ${MAX_WEIGHT}`);
    }
  }
  if (!(Number.isInteger(rules.candidatesPerSeeker) && rules.candidatesPerSeeker >= 1)) {
    add('rules.candidatesPerSeeker', 'must be a whole number, 1 or more');
  }
  if (!Number.isInteger(rules.sponsorMinSeniorityGap)) {
    add('rules.sponsorMinSeniorityGap', 'must be a whole number');
  }
  return problems;
}

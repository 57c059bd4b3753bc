import { IDENTITY_FIELDS } from '../participant.ts';
import { MINIMUM_GROUP_SIZE, type SuppressionReason, suppressSmallGroups } from '../privacy/small-groups.ts';
import { SUPPORT_ROLES, type SupportRole } from '../support-roles.ts';
import type {
  AnswerValue,
  Measure,
  QuestionAudience,
  QuestionType,
  Respondent,
  SurveyDefinition,
  SurveyQuestion,
} from './definition.ts';
import { SCALES } from './definition.ts';

/**
 * A cohort's outcome report, computed from survey answers without ever linking an answer to a
 * person. Every figure stands for at least `MINIMUM_GROUP_SIZE` people; breakdowns by identity
 * group and role use complementary suppression (see `privacy/small-groups.ts`), so a hidden
 * cell cannot be worked out from the total minus the cells shown. Which groups are hidden is
 * decided once per population (a round's respondents; the people with a before/after pair) and
 * kept for every figure of that population, so comparing two figures gives nothing away either
 * (see `planBreakdown`). Person keys are only used to pair a person's baseline and end answers
 * and never leave this module.
 */

type IdentityField = (typeof IDENTITY_FIELDS)[number];

export interface ResponseForReport {
  /** Opaque per-person key (e.g. HMAC of participant id), only to pair baseline and end answers; never output. */
  personKey: string;
  respondent: Respondent;
  /** Identity fields the person consented to store, for breakdowns of groups of at least 5 only. */
  identity: Partial<Record<IdentityField, string>>;
  answers: Record<string, AnswerValue>;
  /** The respondent allowed their free text to be shown (anonymously). */
  shareFreeText: boolean;
}

export interface SurveyRound {
  requestId: string;
  definition: SurveyDefinition;
  sentAt: string;
  invited: number;
  responses: ResponseForReport[];
}

export interface ReportInput {
  cohort: { cohortId: string; name: string; programName: string };
  generatedAt: string;
  rounds: SurveyRound[];
}

/** What the per-group figure of a breakdown is. */
export type FigureKind = 'mean' | 'nps-score' | 'advancement-rate' | 'mean-change';

export type GroupFigure =
  | { group: string; suppressed: false; n: number; value: number }
  /** A group under the minimum is not named; a larger group hidden to protect it is. */
  | { group: string | null; suppressed: true; why: SuppressionReason };

export type BreakdownBy = IdentityField | 'role-received';

/**
 * Why a whole breakdown is hidden for one figure: a group shown elsewhere in the survey had
 * fewer than the minimum answers to this question, or the hidden groups together had some, but
 * fewer than the minimum. (One reason for both, so the report does not say which.)
 */
export type BreakdownSuppression = 'too-few-answers-in-a-group';

export type Breakdown =
  | { by: BreakdownBy; suppressed: false; groups: GroupFigure[] }
  /** Nothing of the breakdown is shown for this figure. */
  | { by: BreakdownBy; suppressed: true; why: BreakdownSuppression; groups: [] };

interface NpsSummary {
  promoters: number;
  passives: number;
  detractors: number;
  /** % promoters minus % detractors, −100 to 100, whole number. */
  score: number;
}

export interface QuestionSummary {
  questionId: string;
  text: string;
  type: QuestionType;
  measures: Measure | null;
  audience: string;
  /** True when fewer than the minimum answered: then every figure below is null or empty. */
  suppressed: boolean;
  answered: number | null;
  /** People per scale value or option (a person can pick several options of a multiple-choice question). */
  distribution: { value: string; count: number }[];
  mean: number | null;
  nps: NpsSummary | null;
  /** Share (0–1) who reported any advancement, i.e. chose anything but the exclusive "none" option. */
  advancementRate: number | null;
  figure: FigureKind | null;
  breakdowns: Breakdown[];
  /** Free text the writers allowed to be quoted, sorted so the order says nothing about who wrote what. */
  quotes: string[];
}

export interface RoundSummary {
  requestId: string;
  surveyId: string;
  version: number;
  title: string;
  sentAt: string;
  invited: number;
  suppressed: boolean;
  responded: number | null;
  /** responded / invited, 0–1, three decimals. */
  responseRate: number | null;
  questions: QuestionSummary[];
}

export interface ChangeSummary {
  questionId: string;
  text: string;
  measures: 'confidence' | 'belonging';
  suppressed: boolean;
  /** People who answered both at intake baseline and at the end. */
  pairs: number | null;
  meanBefore: number | null;
  meanAfter: number | null;
  meanChange: number | null;
  breakdowns: Breakdown[];
}

interface ReportHeader {
  cohort: { cohortId: string; name: string; programName: string };
  generatedAt: string;
  minimumGroupSize: number;
}

export type CohortReport =
  | (ReportHeader & { suppressed: true; reason: string })
  | (ReportHeader & {
      suppressed: false;
      reason: null;
      respondents: number;
      rounds: RoundSummary[];
      change: ChangeSummary[];
    });

const BASELINE_SURVEY_ID = 'intake-baseline';
const END_SURVEY_ID = 'end-of-program';
const NOT_STATED = '(not stated)';
/** People who received no support role: not a group of the report, but counted when deciding what to hide. */
const NO_ROLE = '(no role received)';

/** A respondent's answers, checked against the question: stored data from an older bug never skews a figure. */
interface Answerer {
  response: ResponseForReport;
  value: AnswerValue;
}

export function buildCohortReport(input: ReportInput): CohortReport {
  const header: ReportHeader = {
    cohort: { ...input.cohort },
    generatedAt: input.generatedAt,
    minimumGroupSize: MINIMUM_GROUP_SIZE,
  };
  const rounds = [...input.rounds]
    .sort((a, b) => (a.sentAt < b.sentAt ? -1 : a.sentAt > b.sentAt ? 1 : a.requestId < b.requestId ? -1 : 1))
    .map((round) => ({ round, responses: answeredOnce(round.responses) }));
  const people = new Set(rounds.flatMap(({ responses }) => responses.map((r) => r.personKey)));
  if (people.size < MINIMUM_GROUP_SIZE) {
    return {
      ...header,
      suppressed: true,
      reason: `Fewer than ${MINIMUM_GROUP_SIZE} people answered this cohort's surveys, so no results are shown: with so few answers, people could be recognised.`,
    };
  }
  return {
    ...header,
    suppressed: false,
    reason: null,
    respondents: people.size,
    rounds: rounds.map(({ round, responses }) => summariseRound(round, responses)),
    change: summariseChange(rounds),
  };
}

/** Responses with at least one answer, one per person (the last one given wins). */
function answeredOnce(responses: readonly ResponseForReport[]): ResponseForReport[] {
  const byPerson = new Map<string, ResponseForReport>();
  for (const response of responses) {
    if (Object.keys(response.answers).length > 0) byPerson.set(response.personKey, response);
  }
  return [...byPerson.values()];
}

function summariseRound(round: SurveyRound, responses: ResponseForReport[]): RoundSummary {
  const { definition } = round;
  const suppressed = responses.length < MINIMUM_GROUP_SIZE;
  // Hidden groups are decided once for the round's respondents and kept for every question.
  const plans = suppressed ? [] : breakdownPlans(responses);
  return {
    requestId: round.requestId,
    surveyId: definition.surveyId,
    version: definition.version,
    title: definition.title,
    sentAt: round.sentAt,
    invited: round.invited,
    suppressed,
    responded: suppressed ? null : responses.length,
    responseRate: suppressed || round.invited <= 0 ? null : round3(responses.length / round.invited),
    questions: suppressed ? [] : definition.questions.map((q) => summariseQuestion(q, responses, plans)),
  };
}

function summariseQuestion(
  question: SurveyQuestion,
  responses: ResponseForReport[],
  plans: BreakdownPlan[],
): QuestionSummary {
  const answerers: Answerer[] = [];
  for (const response of responses) {
    const value = response.answers[question.id];
    if (value !== undefined && isValid(question, value)) answerers.push({ response, value });
  }
  const figure = figureOf(question);
  const base = {
    questionId: question.id,
    text: question.text,
    type: question.type,
    measures: question.measures ?? null,
    audience: audienceLabel(question.audience),
    figure,
  };
  if (answerers.length < MINIMUM_GROUP_SIZE) {
    return {
      ...base,
      suppressed: true,
      answered: null,
      distribution: [],
      mean: null,
      nps: null,
      advancementRate: null,
      breakdowns: [],
      quotes: [],
    };
  }
  const values = answerers.map((a) => a.value);
  const compute = figure ? figureFunction(figure, question) : null;
  const breakdowns: Breakdown[] = [];
  if (compute) {
    for (const plan of plans) {
      // Role breakdowns only where the question is asked beyond a single role.
      if (plan.by === 'role-received' && typeof question.audience !== 'string') continue;
      breakdowns.push(applyPlan(plan, answerers, (a) => a.response, compute));
    }
  }
  return {
    ...base,
    suppressed: false,
    answered: answerers.length,
    distribution: distribution(question, values),
    mean: question.type === 'likert' || question.type === 'nps' ? meanOf(values as number[]) : null,
    nps: question.type === 'nps' ? npsOf(values as number[]) : null,
    advancementRate: figure === 'advancement-rate' && compute ? compute(answerers) : null,
    breakdowns,
    quotes: question.type === 'free-text' ? quotes(answerers) : [],
  };
}

function isValid(question: SurveyQuestion, value: AnswerValue): boolean {
  switch (question.type) {
    case 'likert':
    case 'nps': {
      const { min, max } = SCALES[question.type];
      return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
    }
    case 'single-choice':
      return typeof value === 'string' && (question.options ?? []).includes(value);
    case 'multiple-choice':
      return (
        Array.isArray(value) && value.length > 0 && value.every((v) => (question.options ?? []).includes(v))
      );
    case 'free-text':
      return typeof value === 'string' && value.trim() !== '';
  }
}

function figureOf(question: SurveyQuestion): FigureKind | null {
  if (question.type === 'likert') return 'mean';
  if (question.type === 'nps') return 'nps-score';
  if (question.measures === 'advancement' && question.exclusiveOption !== undefined)
    return 'advancement-rate';
  return null;
}

type Compute = (answerers: readonly Answerer[]) => number;

function figureFunction(figure: FigureKind, question: SurveyQuestion): Compute {
  if (figure === 'nps-score') return (as) => npsOf(as.map((a) => a.value as number)).score;
  if (figure === 'advancement-rate') {
    const none = question.exclusiveOption;
    return (as) =>
      round3(as.filter((a) => (a.value as string[]).some((option) => option !== none)).length / as.length);
  }
  return (as) => meanOf(as.map((a) => a.value as number));
}

function distribution(question: SurveyQuestion, values: AnswerValue[]): { value: string; count: number }[] {
  const scale = question.type === 'likert' || question.type === 'nps' ? SCALES[question.type] : null;
  if (scale) {
    return Array.from({ length: scale.max - scale.min + 1 }, (_, i) => {
      const point = scale.min + i;
      return { value: String(point), count: values.filter((v) => v === point).length };
    });
  }
  if (question.type === 'free-text') return [];
  return (question.options ?? []).map((option) => ({
    value: option,
    count: values.filter((v) => v === option || (Array.isArray(v) && v.includes(option))).length,
  }));
}

function npsOf(scores: readonly number[]): NpsSummary {
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  return {
    promoters,
    passives: scores.length - promoters - detractors,
    detractors,
    score: Math.round(((promoters - detractors) / scores.length) * 100),
  };
}

/**
 * Quotes carry no name or contact details: e-mail addresses and phone numbers someone typed are
 * removed, and sorting hides the order in which people answered.
 */
function quotes(answerers: readonly Answerer[]): string[] {
  return answerers
    .filter((a) => a.response.shareFreeText)
    .map((a) =>
      (a.value as string)
        .trim()
        .replace(/[^\s@]+@[^\s@]+\.[^\s@]+/g, '[e-mail removed]')
        .replace(/\+?\d[\d\s().-]{7,}\d/g, '[phone number removed]'),
    )
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

interface PlannedGroup {
  key: string;
  label: string;
  /** False for the people who received no role: they count when deciding what to hide, but are not a group of the report. */
  listed: boolean;
  size: number;
}

/**
 * Which groups of one breakdown are hidden, decided ONCE for a population (a round's
 * respondents, or the people with a before/after pair) and then applied to every figure of
 * that population. Deciding per figure would hide different groups in different figures (each
 * question is answered by different people), and comparing two figures could then give away a
 * hidden group: question A hides "man" and "non-binary" together, question B shows "man", so
 * A's total minus its shown groups minus B's "man" is the non-binary people.
 */
interface BreakdownPlan {
  by: BreakdownBy;
  groups: PlannedGroup[];
  hidden: Map<string, SuppressionReason>;
}

/** One plan per identity field someone in the population stated, and one for roles received if anyone received one. */
function breakdownPlans(population: readonly ResponseForReport[]): BreakdownPlan[] {
  const plans: BreakdownPlan[] = [];
  for (const by of [...IDENTITY_FIELDS, 'role-received'] as const) {
    const plan = planBreakdown(by, population);
    if (plan) plans.push(plan);
  }
  return plans;
}

/**
 * The groups a person belongs to. Identity: one group per value, grouped case-insensitively,
 * plus "(not stated)" for people who did not share it, so the groups add up to the total and
 * complementary suppression covers every cell. Roles overlap (one person can receive several),
 * so each role is its own group; people who received none form an unlisted group, because the
 * total minus the roles shown would otherwise give them away.
 */
function membership(
  by: BreakdownBy,
  response: ResponseForReport,
): { key: string; label: string; listed: boolean }[] {
  if (by === 'role-received') {
    const roles = SUPPORT_ROLES.filter((role: SupportRole) =>
      response.respondent.rolesReceived.includes(role),
    );
    if (roles.length === 0) return [{ key: NO_ROLE, label: NO_ROLE, listed: false }];
    return roles.map((role) => ({ key: role, label: role, listed: true }));
  }
  const raw = response.identity[by]?.trim();
  return [{ key: raw ? raw.toLowerCase() : '', label: raw || NOT_STATED, listed: true }];
}

/**
 * Primary and complementary suppression (`suppressSmallGroups`) over the whole population.
 * Labels are the smallest spelling of a value, so they do not depend on order. Null when nobody
 * stated the field (or received a role): then there is no breakdown.
 */
function planBreakdown(by: BreakdownBy, population: readonly ResponseForReport[]): BreakdownPlan | null {
  const groups = new Map<string, PlannedGroup>();
  for (const response of population) {
    for (const { key, label, listed } of membership(by, response)) {
      const group = groups.get(key);
      if (!group) groups.set(key, { key, label, listed, size: 1 });
      else {
        group.size++;
        if (label < group.label) group.label = label;
      }
    }
  }
  const meaningful = [...groups.values()].some((g) => g.listed && (by === 'role-received' || g.key !== ''));
  if (!meaningful) return null;
  const sorted = [...groups.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { by, groups: sorted, hidden: suppressSmallGroups(sorted) };
}

/**
 * One figure's breakdown under the population's plan: the same groups are hidden in every
 * figure. The figure's own answerers must then still pass on their own: every group shown needs
 * at least the minimum answers to this question, and the people outside the groups shown (the
 * hidden groups together, which the total minus the groups shown gives away) must be none or at
 * least the minimum. Otherwise the whole breakdown is hidden for this figure.
 */
function applyPlan<T>(
  plan: BreakdownPlan,
  members: readonly T[],
  responseOf: (member: T) => ResponseForReport,
  compute: (members: readonly T[]) => number,
): Breakdown {
  const shownKeys = new Set(plan.groups.filter((g) => g.listed && !plan.hidden.has(g.key)).map((g) => g.key));
  const buckets = new Map<string, T[]>(plan.groups.map((g) => [g.key, []]));
  let inHidden = 0;
  let outsideShown = 0;
  for (const member of members) {
    const keys = membership(plan.by, responseOf(member)).map((g) => g.key);
    for (const key of keys) buckets.get(key)?.push(member);
    if (keys.some((key) => plan.hidden.has(key) || !buckets.has(key))) inHidden++;
    if (!keys.some((key) => shownKeys.has(key))) outsideShown++;
  }
  const tooFew = (n: number) => n > 0 && n < MINIMUM_GROUP_SIZE;
  if (
    [...shownKeys].some((key) => buckets.get(key)!.length < MINIMUM_GROUP_SIZE) ||
    tooFew(inHidden) ||
    tooFew(outsideShown)
  ) {
    return { by: plan.by, suppressed: true, why: 'too-few-answers-in-a-group', groups: [] };
  }
  const shown: GroupFigure[] = [];
  const protecting: GroupFigure[] = [];
  let smallHidden = false;
  for (const group of plan.groups) {
    const why = plan.hidden.get(group.key);
    const members = buckets.get(group.key)!;
    if (why === 'fewer-than-minimum') smallHidden = true;
    else if (why) {
      if (group.listed) protecting.push({ group: group.label, suppressed: true, why });
    } else if (group.listed)
      shown.push({ group: group.label, suppressed: false, n: members.length, value: compute(members) });
  }
  // Small groups are neither named nor counted: one entry says that some were hidden.
  const small: GroupFigure[] = smallHidden
    ? [{ group: null, suppressed: true, why: 'fewer-than-minimum' }]
    : [];
  return { by: plan.by, suppressed: false, groups: [...shown, ...protecting, ...small] };
}

interface Pair {
  personKey: string;
  before: number;
  after: number;
}

/**
 * Confidence and belonging change, per question id asked with the same id at intake baseline
 * and at the end: each person's first baseline answer is paired with their latest end answer, and
 * only people with both count, so the means compare the same people. The change figures are one
 * population for breakdowns: the people with a pair for any of them, each with their latest end
 * response (identity and roles); the hidden groups are decided once for them.
 */
function summariseChange(rounds: { round: SurveyRound; responses: ResponseForReport[] }[]): ChangeSummary[] {
  const baseline = rounds.filter(({ round }) => round.definition.surveyId === BASELINE_SURVEY_ID);
  const end = rounds.filter(({ round }) => round.definition.surveyId === END_SURVEY_ID);
  const questions = new Map<string, SurveyQuestion & { measures: 'confidence' | 'belonging' }>();
  const latestEnd = new Map<string, ResponseForReport>();
  for (const { round, responses } of end) {
    for (const q of round.definition.questions) {
      if (q.type === 'likert' && (q.measures === 'confidence' || q.measures === 'belonging')) {
        questions.set(q.id, { ...q, measures: q.measures });
      }
    }
    for (const r of responses) latestEnd.set(r.personKey, r);
  }
  const paired: { question: SurveyQuestion & { measures: 'confidence' | 'belonging' }; pairs: Pair[] }[] = [];
  for (const question of questions.values()) {
    const before = new Map<string, number>();
    for (const { round, responses } of baseline) {
      const asked = round.definition.questions.find((q) => q.id === question.id);
      if (asked?.type !== 'likert') continue;
      for (const r of responses) {
        const value = r.answers[question.id];
        if (!before.has(r.personKey) && value !== undefined && isValid(asked, value)) {
          before.set(r.personKey, value as number);
        }
      }
    }
    const pairs = new Map<string, Pair>();
    for (const { round, responses } of end) {
      const asked = round.definition.questions.find((q) => q.id === question.id);
      if (asked?.type !== 'likert') continue;
      for (const r of responses) {
        const value = r.answers[question.id];
        const first = before.get(r.personKey);
        if (first !== undefined && value !== undefined && isValid(asked, value)) {
          pairs.set(r.personKey, { personKey: r.personKey, before: first, after: value as number });
        }
      }
    }
    paired.push({ question, pairs: [...pairs.values()] });
  }
  const population = new Map<string, ResponseForReport>();
  for (const { pairs } of paired)
    for (const p of pairs) population.set(p.personKey, latestEnd.get(p.personKey)!);
  const plans = breakdownPlans([...population.values()]);
  return paired.map(({ question, pairs }) =>
    changeSummary(question, pairs, plans, (p) => population.get(p.personKey)!),
  );
}

function changeSummary(
  question: SurveyQuestion & { measures: 'confidence' | 'belonging' },
  pairs: Pair[],
  plans: BreakdownPlan[],
  responseOf: (pair: Pair) => ResponseForReport,
): ChangeSummary {
  const base = { questionId: question.id, text: question.text, measures: question.measures };
  if (pairs.length < MINIMUM_GROUP_SIZE) {
    return {
      ...base,
      suppressed: true,
      pairs: null,
      meanBefore: null,
      meanAfter: null,
      meanChange: null,
      breakdowns: [],
    };
  }
  const meanChange = (ps: readonly Pair[]) => meanOf(ps.map((p) => p.after - p.before));
  return {
    ...base,
    suppressed: false,
    pairs: pairs.length,
    meanBefore: meanOf(pairs.map((p) => p.before)),
    meanAfter: meanOf(pairs.map((p) => p.after)),
    meanChange: meanChange(pairs),
    breakdowns: plans.map((plan) => applyPlan(plan, pairs, responseOf, meanChange)),
  };
}

function audienceLabel(audience: QuestionAudience): string {
  if (typeof audience === 'string') return audience;
  return 'received' in audience ? `received ${audience.received}` : `gave ${audience.gave}`;
}

function meanOf(values: readonly number[]): number {
  return Math.round((values.reduce((sum, v) => sum + v, 0) / values.length) * 100) / 100;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

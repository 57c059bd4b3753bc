import type { Seniority } from '../participant.ts';
import type { SupportRole } from '../support-roles.ts';

/**
 * The matching problem, as the pure solver sees it. Everything here is plain data, so the same
 * input can come from the table (the matching job) or from a JSON file (`mentorflow match solve`).
 * Ids are participant ids; one person may appear as a seeker and as a supporter.
 */

/** Identity details the person allowed us to use for matching, and what they asked for. */
export interface MatchingIdentity {
  fields: Partial<Record<'gender' | 'ethnicity' | 'disability' | 'lgbtq' | 'firstGeneration', string>>;
  preference: 'shared' | 'different' | 'none';
}

export interface PersonProfile {
  personId: string;
  goals: string[];
  skills: string[];
  seniority: Seniority;
  jobFunction?: string;
  industry?: string;
  /** IANA zone; overlap of working hours is scored. */
  timeZone: string;
  /** Only present when the person consented to its use for matching. */
  identity?: MatchingIdentity;
}

export interface Seeker extends PersonProfile {
  /** At most one supporter per role sought. */
  seeks: SupportRole[];
  /** Left unmatched in an earlier cohort: gets priority. */
  previouslyUnmatched: boolean;
}

export interface Supporter extends PersonProfile {
  /** Places offered per role in this cohort. */
  offers: { role: SupportRole; capacity: number }[];
  /**
   * How many people this supporter agreed to support in total, across roles and across
   * concurrent cohorts, and how many they already support elsewhere: nobody carries more.
   */
  totalLoadLimit: number;
  currentLoadElsewhere: number;
  /** Paused supporters (for example after reporting low energy) get no new matches. */
  paused: boolean;
  /** Sponsors open doors: do they sit where decisions about people are made? */
  hasInfluence: boolean;
}

export interface ScoringWeights {
  goalsAndSkills: number;
  functionOrIndustry: number;
  timeZoneOverlap: number;
  identityPreference: number;
  priorityForPreviouslyUnmatched: number;
}

export interface MatchingRules {
  /** A sponsor must be at least this many seniority levels above the seeker. */
  sponsorMinSeniorityGap: number;
  /** A sponsor must have said they have influence. */
  sponsorRequiresInfluence: boolean;
  /** Size of the sparse candidate graph: best-scoring feasible supporters kept per seeker and role. */
  candidatesPerSeeker: number;
}

export interface MatchingInput {
  seekers: Seeker[];
  supporters: Supporter[];
  /** `personId` reports to `managerId`; a match within a reporting chain (manager, manager's manager) is forbidden. */
  reportingLines: { personId: string; managerId: string }[];
  /** Coordinator decisions: must pair, never pair. */
  pins: { seekerId: string; supporterId: string; role: SupportRole }[];
  forbids: { seekerId: string; supporterId: string }[];
  weights?: Partial<ScoringWeights>;
  rules?: Partial<MatchingRules>;
}

/** A scored factor, in points, with the plain words an introduction email can use. */
export interface ScoreFactor {
  factor: keyof ScoringWeights | 'seniorityGap';
  points: number;
  says: string;
}

export interface ProposedMatch {
  seekerId: string;
  supporterId: string;
  role: SupportRole;
  score: number;
  factors: ScoreFactor[];
  pinned: boolean;
}

export type UnmatchedReason = 'no-supporter-offers-role' | 'all-at-capacity' | 'all-excluded-by-constraints';

/** One scored pair the solver could choose from (`mentorflow match solve --include-candidates`). */
export interface CandidatePair {
  seekerId: string;
  supporterId: string;
  role: SupportRole;
  score: number;
}

export interface MatchingResult {
  matches: ProposedMatch[];
  /** For each seeker and role, the next best feasible supporters (not chosen), best first. */
  alternatives: { seekerId: string; role: SupportRole; options: { supporterId: string; score: number }[] }[];
  unmatched: { seekerId: string; role: SupportRole; reason: UnmatchedReason }[];
  totals: { matched: number; score: number; demand: number };
  /**
   * Only when asked for: every pair in the graph the solver optimised over, so anyone can check
   * the optimum with an independent solver.
   */
  candidates?: CandidatePair[];
}

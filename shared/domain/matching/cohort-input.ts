import type { Participant } from '../participant.ts';
import type { SupportRole } from '../support-roles.ts';
import type { MatchingSettings } from './settings.ts';
import type { MatchingInput, Seeker, Supporter } from './types.ts';

/** What a person carries from other cohorts: how many they already support, and whether they went unmatched. */
export interface History {
  supportingElsewhere: number;
  previouslyUnmatched: boolean;
}

export interface CohortAdjustments {
  pins: { seekerId: string; supporterId: string; role: SupportRole }[];
  forbids: { seekerId: string; supporterId: string }[];
}

/**
 * Turns a cohort's applicants into the solver's input. Declined and invited-only people take
 * no part. Identity details go in only where the person allowed their use for matching.
 * A supporter's total load is the sum of the places they offered here; what they already
 * carry in concurrent cohorts counts against it, so nobody carries more than they agreed to.
 */
export function cohortMatchingInput(
  participants: Participant[],
  history: ReadonlyMap<string, History>,
  adjustments: CohortAdjustments,
  settings: MatchingSettings = {},
): MatchingInput {
  const seekers: Seeker[] = [];
  const supporters: Supporter[] = [];
  const idByEmail = new Map(participants.map((p) => [p.emailNormalised, p.participantId]));
  const reportingLines: MatchingInput['reportingLines'] = [];
  for (const participant of participants) {
    const application = participant.application;
    if (!application || (participant.status !== 'applied' && participant.status !== 'approved')) continue;
    const past = history.get(participant.emailNormalised);
    const identity = application.identity?.useForMatching
      ? { fields: application.identity.fields, preference: application.identity.matchPreference }
      : undefined;
    const profile = {
      personId: participant.participantId,
      goals: application.goals,
      skills: application.skills,
      seniority: application.seniority,
      timeZone: application.timeZone,
      ...(application.jobFunction ? { jobFunction: application.jobFunction } : {}),
      ...(application.industry ? { industry: application.industry } : {}),
      ...(identity ? { identity } : {}),
    };
    if (application.seeks.length > 0) {
      seekers.push({
        ...profile,
        seeks: application.seeks,
        previouslyUnmatched: past?.previouslyUnmatched ?? false,
      });
    }
    if (application.offers.length > 0) {
      supporters.push({
        ...profile,
        offers: application.offers,
        totalLoadLimit: application.offers.reduce((sum, offer) => sum + offer.capacity, 0),
        currentLoadElsewhere: past?.supportingElsewhere ?? 0,
        // A supporter flagged for low energy in check-ins takes no new match until it is cleared.
        paused: participant.energyFlaggedAt !== undefined,
        hasInfluence: application.hasInfluence,
      });
    }
    const managerId = application.managerEmail && idByEmail.get(application.managerEmail.toLowerCase());
    if (managerId) reportingLines.push({ personId: participant.participantId, managerId });
  }
  return {
    seekers,
    supporters,
    reportingLines,
    pins: adjustments.pins,
    forbids: adjustments.forbids,
    ...(settings.weights ? { weights: settings.weights } : {}),
    ...(settings.rules ? { rules: settings.rules } : {}),
  };
}

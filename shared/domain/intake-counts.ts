import type { Participant, ParticipantStatus } from './participant.ts';
import { SUPPORT_ROLES, type SupportRole } from './support-roles.ts';

/**
 * What a coordinator watches during intake, and what the intake summary email reports:
 * numbers only, never names.
 */
export interface IntakeCounts {
  byStatus: Record<ParticipantStatus, number>;
  /** Applicants (not declined) seeking each role. */
  seeking: Record<SupportRole, number>;
  /** Applicants (not declined) offering each role, and the places they offer in total. */
  offering: Record<SupportRole, { people: number; places: number }>;
  /** People who both seek and offer support: allyship runs both ways. */
  bothWays: number;
}

const perRole = <T>(make: () => T) =>
  Object.fromEntries(SUPPORT_ROLES.map((role) => [role, make()])) as Record<SupportRole, T>;

export function countIntake(participants: Iterable<Participant>): IntakeCounts {
  const counts: IntakeCounts = {
    byStatus: { invited: 0, applied: 0, approved: 0, declined: 0 },
    seeking: perRole(() => 0),
    offering: perRole(() => ({ people: 0, places: 0 })),
    bothWays: 0,
  };
  for (const participant of participants) {
    counts.byStatus[participant.status] += 1;
    const application = participant.application;
    if (!application || participant.status === 'declined') continue;
    for (const role of application.seeks) counts.seeking[role] += 1;
    for (const offer of application.offers) {
      counts.offering[offer.role].people += 1;
      counts.offering[offer.role].places += offer.capacity;
    }
    if (application.seeks.length > 0 && application.offers.length > 0) counts.bothWays += 1;
  }
  return counts;
}

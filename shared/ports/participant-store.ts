import type { Application, Participant, ParticipantStatus } from '#shared/domain/participant.ts';

export interface ParticipantPage {
  participants: Participant[];
  /** Opaque; pass back to get the next page. Absent on the last page. */
  nextCursor?: string;
}

export interface ParticipantStore {
  get(cohortId: string, participantId: string): Promise<Participant | undefined>;
  /** The participant who holds this normalised address in the cohort, if any. */
  findByEmail(cohortId: string, emailNormalised: string): Promise<Participant | undefined>;
  /** Which of these normalised addresses already belong to someone in the cohort. */
  existingEmails(cohortId: string, emailsNormalised: string[]): Promise<Set<string>>;
  /**
   * Adds participants, each with its claim on its address, so one address is one person per
   * cohort. Their invitation becomes due at `invitationDueAt`. Participants whose address was
   * claimed meanwhile are returned in `alreadyPresent` and not written.
   */
  add(participants: Participant[], invitationDueAt: string): Promise<{ alreadyPresent: Participant[] }>;
  /** Undoes `add` for these participants (used when an import fails half-way). */
  remove(participants: Participant[]): Promise<void>;
  page(
    cohortId: string,
    options: { status?: ParticipantStatus; cursor?: string; limit: number },
  ): Promise<ParticipantPage>;
  /** Every participant of the cohort, page by page, for counts and reminders. */
  all(cohortId: string): AsyncIterable<Participant>;
  /** Stores the application if the participant is still at `participant.version`. */
  saveApplication(participant: Participant, application: Application): Promise<Participant>;
  decide(participant: Participant, status: 'approved' | 'declined', at: Date): Promise<Participant>;
  /** Clears the pending invitation if it is still the one seen at `dueAt`. */
  clearInvitationDue(participant: Participant, dueAt: string): Promise<void>;
}

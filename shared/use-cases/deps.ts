import type { ApplicantImportStore } from '#shared/ports/applicant-import-store.ts';
import type { CheckInStore } from '#shared/ports/check-in-store.ts';
import type { Clock } from '#shared/ports/clock.ts';
import type { CohortStore } from '#shared/ports/cohort-store.ts';
import type { DueWork } from '#shared/ports/due-work.ts';
import type { EventPublisher } from '#shared/ports/event-publisher.ts';
import type { Mailer } from '#shared/ports/mailer.ts';
import type { MatchStore } from '#shared/ports/match-store.ts';
import type { ParticipantStore } from '#shared/ports/participant-store.ts';
import type { ProgramStore } from '#shared/ports/program-store.ts';
import type { SendLedger } from '#shared/ports/send-ledger.ts';
import type { SendQueue } from '#shared/ports/send-queue.ts';
import type { SigningKey } from '#shared/ports/signing-key.ts';
import type { SuppressionList } from '#shared/ports/suppression-list.ts';
import type { SurveyStore } from '#shared/ports/survey-store.ts';

/** Everything a use case may need; each use case names the part it uses with `Pick`. */
export interface Deps {
  clock: Clock;
  programs: ProgramStore;
  cohorts: CohortStore;
  participants: ParticipantStore;
  dueWork: DueWork;
  imports: ApplicantImportStore;
  matches: MatchStore;
  surveys: SurveyStore;
  checkIns: CheckInStore;
  sendLedger: SendLedger;
  suppressions: SuppressionList;
  mailer: Mailer;
  sendQueue: SendQueue;
  events: EventPublisher;
  signingKey: SigningKey;
  /** Where participant links point: the API's public URL. */
  publicBaseUrl: () => string;
}

/** Who is acting, from the JWT the API checked. Only ids and the address for replies. */
export interface Actor {
  userId: string;
  email?: string;
  groups: string[];
}

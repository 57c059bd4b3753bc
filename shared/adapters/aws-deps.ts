import type { Deps } from '#shared/use-cases/deps.ts';
import { config } from './config.ts';
import { DynamoApplicantImportStore } from './dynamodb/applicant-import-store.ts';
import { DynamoCheckInStore } from './dynamodb/check-in-store.ts';
import { DynamoCohortStore } from './dynamodb/cohort-store.ts';
import { DynamoDueWork } from './dynamodb/due-work.ts';
import { DynamoMatchStore } from './dynamodb/match-store.ts';
import { DynamoParticipantStore } from './dynamodb/participant-store.ts';
import { DynamoProgramStore } from './dynamodb/program-store.ts';
import { DynamoSendLedger } from './dynamodb/send-ledger.ts';
import { DynamoSuppressionList } from './dynamodb/suppression-list.ts';
import { DynamoSurveyStore } from './dynamodb/survey-store.ts';
import { EventBridgePublisher } from './eventbridge-publisher.ts';
import { SesMailer } from './ses-mailer.ts';
import { signingKey } from './signing-key.ts';
import { SqsSendQueue } from './sqs-send-queue.ts';
import { systemClock } from './system-clock.ts';

/**
 * The composition root: the real adapters behind every port. Building them is cheap and reads
 * no configuration; each adapter reads its variable on first use.
 */
export const awsDeps: Deps = {
  clock: systemClock,
  programs: new DynamoProgramStore(),
  cohorts: new DynamoCohortStore(),
  participants: new DynamoParticipantStore(),
  dueWork: new DynamoDueWork(),
  imports: new DynamoApplicantImportStore(),
  matches: new DynamoMatchStore(),
  surveys: new DynamoSurveyStore(),
  checkIns: new DynamoCheckInStore(),
  sendLedger: new DynamoSendLedger(),
  suppressions: new DynamoSuppressionList(),
  mailer: new SesMailer(),
  sendQueue: new SqsSendQueue(),
  events: new EventBridgePublisher(),
  signingKey,
  publicBaseUrl: config.publicBaseUrl,
};

import * as z from 'zod';
import { ConflictError } from './errors.ts';
import type { Participant } from './participant.ts';
import type { SupportRole } from './support-roles.ts';
import type { AnswerValue, Respondent } from './surveys/definition.ts';

/** Who an admin may send a survey to; each question of the survey narrows it further. */
export const SURVEY_AUDIENCES = ['everyone', 'seekers', 'supporters'] as const;
export const surveyAudienceSchema = z.enum(SURVEY_AUDIENCES, {
  error: `must be one of ${SURVEY_AUDIENCES.join(', ')}`,
});
export type SurveyAudience = z.infer<typeof surveyAudienceSchema>;

/**
 * One sending of one survey version to one cohort's audience, from the scheduled milestones or
 * an admin's trigger. Its steps — send, each reminder, close — are due in that order; the
 * request sits in the due index at the date of its next step until it is closed.
 */
export interface SurveyRequest {
  requestId: string;
  cohortId: string;
  programId: string;
  surveyId: string;
  version: number;
  audience: SurveyAudience;
  trigger: 'milestone' | 'admin';
  state: 'pending' | 'open' | 'closed';
  createdAt: string;
  /** When the emails are due; reminders count their days from here. */
  sendAt: string;
  /** Answers may be saved and changed until this instant. */
  closesAt: string;
  reminderDays: number[];
  /** Reminder days already done (sent, or skipped because a later one was due too). */
  remindersDone: number[];
  sentAt?: string;
  /** How many people were asked, for the response rate. */
  invited?: number;
  closedAt?: string;
  /** The end-of-program survey: when it closes, the cohort closes. */
  closesCohort: boolean;
  /** Optimistic-locking counter: each step says which revision it read. */
  revision: number;
}

type SurveyStep =
  | { kind: 'send'; at: string }
  | { kind: 'remind'; day: number; at: string }
  | { kind: 'close'; at: string };

const DAY = 24 * 3600_000;

const reminderAt = (request: SurveyRequest, day: number) =>
  new Date(Date.parse(request.sendAt) + day * DAY).toISOString();

/** The next step of a request, or none once it is closed. A reminder on or after closing is never due. */
export function nextStep(request: SurveyRequest): SurveyStep | undefined {
  if (request.state === 'closed') return undefined;
  if (request.state === 'pending') return { kind: 'send', at: request.sendAt };
  const day = request.reminderDays.find(
    (d) => !request.remindersDone.includes(d) && reminderAt(request, d) < request.closesAt,
  );
  return day === undefined
    ? { kind: 'close', at: request.closesAt }
    : { kind: 'remind', day, at: reminderAt(request, day) };
}

/**
 * The reminder days due by `now`. A job that catches up after missing several sends only the
 * latest: people get one reminder, not a burst.
 */
export function dueReminderDays(request: SurveyRequest, now: Date): { send?: number; done: number[] } {
  const due = request.reminderDays.filter(
    (d) =>
      !request.remindersDone.includes(d) &&
      reminderAt(request, d) < request.closesAt &&
      Date.parse(reminderAt(request, d)) <= now.getTime(),
  );
  const send = due.at(-1);
  return send === undefined || now.toISOString() >= request.closesAt ? { done: due } : { send, done: due };
}

/**
 * One person's answers to one request. The participant id is stored so the person can come back
 * and change their answers until the survey closes; reports read only `answers`, keyed by an
 * HMAC of the id (see `shared/use-cases/cohort-report.ts`), and the whole item expires with the
 * cohort's retention period.
 */
export interface SurveyResponse {
  requestId: string;
  cohortId: string;
  participantId: string;
  surveyId: string;
  version: number;
  answers: Record<string, AnswerValue>;
  /** Set by "Submit"; "Save" keeps a draft. Reminders go to people without it. */
  submittedAt?: string;
  updatedAt: string;
  revision: number;
}

/** What each person got from matching, for audiences such as "people who received a sponsor". */
export interface MatchedRoles {
  received: ReadonlyMap<string, SupportRole[]>;
  given: ReadonlyMap<string, SupportRole[]>;
}

/** Only people whose application stands take part; invitees who never applied and declined people do not. */
export function respondentOf(participant: Participant, roles: MatchedRoles): Respondent | undefined {
  const application = participant.application;
  if (!application || (participant.status !== 'applied' && participant.status !== 'approved'))
    return undefined;
  return {
    seeks: application.seeks.length > 0,
    supports: application.offers.length > 0,
    rolesReceived: roles.received.get(participant.participantId) ?? [],
    rolesGiven: roles.given.get(participant.participantId) ?? [],
  };
}

export function inSurveyAudience(audience: SurveyAudience, respondent: Respondent): boolean {
  if (audience === 'seekers') return respondent.seeks;
  if (audience === 'supporters') return respondent.supports;
  return true;
}

/** Answers after the survey closed: refused, and shown as a "this survey has closed" page. */
export class SurveyClosedError extends ConflictError {}

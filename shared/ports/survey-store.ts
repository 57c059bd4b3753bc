import type { SurveyRequest, SurveyResponse } from '#shared/domain/survey-request.ts';
import type { SurveyDefinition } from '#shared/domain/surveys/definition.ts';

/**
 * Survey definitions (per program, versioned), requests (one sending each) and responses (one
 * per request and person). Every change is a conditional write; a lost race is a ConflictError.
 */
export interface SurveyStore {
  /** Stores a new version; ConflictError if that version of the survey exists already. */
  saveDefinition(programId: string, definition: SurveyDefinition): Promise<void>;
  /** The newest version of a program's own survey, or undefined when the program has none. */
  latestDefinition(programId: string, surveyId: string): Promise<SurveyDefinition | undefined>;
  definition(programId: string, surveyId: string, version: number): Promise<SurveyDefinition | undefined>;

  /**
   * Stores the request (due at its first step) and its place in the cohort, all or nothing.
   * A request with this id already there is returned instead: creating is idempotent.
   */
  createRequest(request: SurveyRequest): Promise<SurveyRequest>;
  getRequest(requestId: string): Promise<SurveyRequest | undefined>;
  requestsOf(cohortId: string): Promise<SurveyRequest[]>;
  /**
   * Applies `changes` if the request is still at the revision the caller read, and puts it in
   * the due index at its next step (or takes it out once closed). Returns it as stored.
   */
  updateRequest(request: SurveyRequest, changes: Partial<SurveyRequest>): Promise<SurveyRequest>;

  getResponse(requestId: string, participantId: string): Promise<SurveyResponse | undefined>;
  responsesOf(requestId: string): Promise<SurveyResponse[]>;
  /**
   * Writes the response if the request is still open at `now` and the stored response is still
   * at `response.revision - 1` (absent for revision 1), in one transaction. Otherwise nothing is
   * written: SurveyClosedError when the survey closed, ConflictError when the answers changed.
   */
  saveResponse(response: SurveyResponse, now: Date): Promise<void>;

  /** The report kept when the cohort closed, computed from anonymous aggregates only. */
  saveReport(cohortId: string, report: unknown): Promise<void>;
  storedReport(cohortId: string): Promise<unknown | undefined>;
  /**
   * Retention: gives every personal item of the cohort — participants, their email claims and
   * survey responses — a time to live, after which DynamoDB deletes it.
   */
  expirePersonalData(cohortId: string, requestIds: string[], expiresAt: Date): Promise<number>;
}

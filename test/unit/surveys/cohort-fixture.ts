import { DEFAULT_SURVEYS } from '#shared/domain/surveys/defaults.ts';
import type { AnswerValue, Respondent, SurveyDefinition } from '#shared/domain/surveys/definition.ts';
import type { ReportInput, ResponseForReport, SurveyRound } from '#shared/domain/surveys/report.ts';

export function defaultSurvey(surveyId: string): SurveyDefinition {
  const found = DEFAULT_SURVEYS.find((d) => d.surveyId === surveyId);
  if (!found) throw new Error(`no default survey ${surveyId}`);
  return found;
}

export const seekerWith = (...rolesReceived: Respondent['rolesReceived']): Respondent => ({
  seeks: true,
  supports: false,
  rolesReceived,
  rolesGiven: [],
});

export const supporterGiving = (...rolesGiven: Respondent['rolesGiven']): Respondent => ({
  seeks: false,
  supports: true,
  rolesReceived: [],
  rolesGiven,
});

export function response(
  personKey: string,
  answers: Record<string, AnswerValue>,
  overrides: Partial<ResponseForReport> = {},
): ResponseForReport {
  return {
    personKey,
    respondent: seekerWith('mentor'),
    identity: {},
    answers,
    shareFreeText: false,
    ...overrides,
  };
}

export function round(
  surveyId: string,
  responses: ResponseForReport[],
  overrides: Partial<SurveyRound> = {},
): SurveyRound {
  return {
    requestId: `req-${surveyId}`,
    definition: defaultSurvey(surveyId),
    sentAt: surveyId === 'intake-baseline' ? '2026-01-10T09:00:00Z' : '2026-06-10T09:00:00Z',
    invited: Math.max(responses.length, 10),
    responses,
    ...overrides,
  };
}

export function input(rounds: SurveyRound[]): ReportInput {
  return {
    cohort: { cohortId: 'cohort-1', name: 'Spring 2026', programName: 'Rise Together' },
    generatedAt: '2026-07-01T12:00:00Z',
    rounds,
  };
}

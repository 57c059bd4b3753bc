import { describe, expect, it } from 'vitest';
import type { Cohort } from '#shared/domain/cohort.ts';
import { dueReminderDays, nextStep, type SurveyRequest } from '#shared/domain/survey-request.ts';
import { surveySettingsSchema } from '#shared/domain/survey-settings.ts';
import { DEFAULT_SURVEYS } from '#shared/domain/surveys/defaults.ts';
import { newSurveyRequest } from '#shared/use-cases/request-survey.ts';
import { parseSurveyForm } from '#shared/web/survey-form.ts';

const request = (overrides: Partial<SurveyRequest> = {}): SurveyRequest => ({
  requestId: 'srq_1',
  cohortId: 'coh_1',
  programId: 'prg_1',
  surveyId: 'midpoint',
  version: 1,
  audience: 'everyone',
  trigger: 'milestone',
  state: 'open',
  createdAt: '2030-01-01T00:00:00.000Z',
  sendAt: '2030-01-01T00:00:00.000Z',
  closesAt: '2030-01-22T00:00:00.000Z',
  reminderDays: [7, 14],
  remindersDone: [],
  closesCohort: false,
  revision: 2,
  ...overrides,
});

describe('survey request steps', () => {
  it('sends, then reminds on each day in order, then closes, then is done', () => {
    expect(nextStep(request({ state: 'pending' }))).toEqual({ kind: 'send', at: '2030-01-01T00:00:00.000Z' });
    expect(nextStep(request())).toEqual({ kind: 'remind', day: 7, at: '2030-01-08T00:00:00.000Z' });
    expect(nextStep(request({ remindersDone: [7] }))).toEqual({
      kind: 'remind',
      day: 14,
      at: '2030-01-15T00:00:00.000Z',
    });
    expect(nextStep(request({ remindersDone: [7, 14] }))).toEqual({
      kind: 'close',
      at: '2030-01-22T00:00:00.000Z',
    });
    expect(nextStep(request({ state: 'closed' }))).toBeUndefined();
  });

  it('never plans a reminder on or after the close', () => {
    expect(nextStep(request({ reminderDays: [7, 21], remindersDone: [7] }))).toEqual({
      kind: 'close',
      at: '2030-01-22T00:00:00.000Z',
    });
  });

  it('sends only the latest of several overdue reminders, and none once the survey has closed', () => {
    expect(dueReminderDays(request(), new Date('2030-01-09T00:00:00.000Z'))).toEqual({ send: 7, done: [7] });
    expect(dueReminderDays(request(), new Date('2030-01-16T00:00:00.000Z'))).toEqual({
      send: 14,
      done: [7, 14],
    });
    expect(dueReminderDays(request(), new Date('2030-01-22T00:00:00.000Z'))).toEqual({ done: [7, 14] });
  });
});

describe('survey settings', () => {
  const midpoint = DEFAULT_SURVEYS.find((d) => d.surveyId === 'midpoint')!;
  const fields = { requestId: 'srq_1', audience: 'everyone', trigger: 'admin', closesCohort: false } as const;
  const now = new Date('2030-01-01T00:00:00.000Z');
  const cohortWith = (surveys?: Cohort['surveys']) =>
    ({ cohortId: 'coh_1', programId: 'prg_1', ...(surveys ? { surveys } : {}) }) as Cohort;

  it('reminds on the cohort’s days and closes after its open period, or on days 7 and 14 and after 21 days', () => {
    // Prepare
    const own = surveySettingsSchema.parse({ reminderDays: [3, 10], openDays: 12 });

    // Act
    const custom = newSurveyRequest(cohortWith(own), midpoint, fields, now);
    const standard = newSurveyRequest(cohortWith(), midpoint, fields, now);

    // Assess
    expect(custom).toMatchObject({ reminderDays: [3, 10], closesAt: '2030-01-13T00:00:00.000Z' });
    expect(standard).toMatchObject({ reminderDays: [7, 14], closesAt: '2030-01-22T00:00:00.000Z' });
    expect(own.retentionDays).toBe(365);
  });

  it.each([
    [{ reminderDays: [14, 7] }, 'reminderDays', /once, in order/],
    [{ reminderDays: [7, 7] }, 'reminderDays', /once, in order/],
    [{ reminderDays: [7, 21] }, 'reminderDays', /before the survey closes \(day 21\)/],
    [{ retentionDays: 0 }, 'retentionDays', /./],
    [{ openDays: 2.5 }, 'openDays', /whole days/],
  ])('refuses %j, naming %s', (input, field, message) => {
    const result = surveySettingsSchema.safeParse(input);

    expect(result.success).toBe(false);
    expect(result.error?.issues).toContainEqual(
      expect.objectContaining({ path: [field], message: expect.stringMatching(message) }),
    );
  });
});

describe('survey form', () => {
  const questions = DEFAULT_SURVEYS.find((d) => d.surveyId === 'end-of-program')!.questions;

  it('reads answers by question, lists for multiple choice, blanks as unanswered, and the button pressed', () => {
    const body = new URLSearchParams([
      ['answers.recommend', '9'],
      ['answers.advancement', 'I was promoted'],
      ['answers.what_changed', '  '],
      ['answers.unknown_id', '3'],
      ['intent', 'submit'],
    ]).toString();
    expect(parseSurveyForm(body, questions)).toMatchObject({
      answers: { recommend: '9', advancement: ['I was promoted'], unknown_id: '3' },
      intent: 'submit',
    });
    expect(parseSurveyForm('answers.recommend=2', questions).intent).toBe('save');
  });
});

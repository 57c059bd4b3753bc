import { describe, expect, it } from 'vitest';
import { SUPPORT_ROLES } from '#shared/domain/support-roles.ts';
import { DEFAULT_SURVEYS } from '#shared/domain/surveys/defaults.ts';
import {
  parseSurveyDefinition,
  questionsFor,
  SHARE_FREE_TEXT_QUESTION_ID,
} from '#shared/domain/surveys/definition.ts';
import { defaultSurvey, seekerWith, supporterGiving } from './cohort-fixture.ts';

describe('default surveys', () => {
  it('ships intake baseline, midpoint and end-of-program at version 1, each a valid definition', () => {
    expect(DEFAULT_SURVEYS.map((d) => [d.surveyId, d.version])).toEqual([
      ['intake-baseline', 1],
      ['midpoint', 1],
      ['end-of-program', 1],
    ]);
    for (const d of DEFAULT_SURVEYS) {
      expect(parseSurveyDefinition(d, { programRoles: SUPPORT_ROLES })).toEqual(d);
    }
  });

  it('opens each survey with a likert or NPS question for everyone, so the email can carry it', () => {
    for (const d of DEFAULT_SURVEYS) {
      const first = d.questions[0]!;
      expect(['likert', 'nps']).toContain(first.type);
      expect(first.audience).toBe('everyone');
    }
  });

  it('asks confidence and belonging at intake and at the end with the same ids, so change can be measured', () => {
    const measured = (surveyId: string) =>
      defaultSurvey(surveyId)
        .questions.filter((q) => q.measures === 'confidence' || q.measures === 'belonging')
        .map((q) => [q.id, q.type, q.measures]);
    expect(measured('intake-baseline')).toEqual([
      ['confidence', 'likert', 'confidence'],
      ['belonging', 'likert', 'belonging'],
    ]);
    expect(measured('end-of-program')).toEqual(measured('intake-baseline'));
  });

  it('asks the end-of-program about advancement, including someone speaking up for them, with a "none" that excludes the rest', () => {
    const advancement = defaultSurvey('end-of-program').questions.find((q) => q.measures === 'advancement')!;
    expect(advancement.type).toBe('multiple-choice');
    expect(advancement.audience).toBe('seekers');
    expect(advancement.options).toEqual(
      expect.arrayContaining([
        'I was promoted',
        'I took on a stretch assignment',
        'I found a new opportunity (a role, project or job)',
        'Someone spoke up for me in a room I was not in',
      ]),
    );
    expect(advancement.options).toContain(advancement.exclusiveOption);
  });

  it('asks the value of each of the five roles only of people who received it', () => {
    for (const surveyId of ['midpoint', 'end-of-program']) {
      const valued = defaultSurvey(surveyId)
        .questions.filter((q) => q.measures === 'role-value')
        .map((q) => q.audience);
      expect(valued).toEqual(SUPPORT_ROLES.map((role) => ({ received: role })));
    }
    const asked = questionsFor(defaultSurvey('end-of-program'), seekerWith('sponsor')).map((q) => q.id);
    expect(asked).toContain('value_sponsor');
    expect(asked).not.toContain('value_mentor');
  });

  it('asks supporters about their own learning and their load, and NPS at the end', () => {
    const supporter = questionsFor(defaultSurvey('end-of-program'), supporterGiving('mentor'));
    expect(supporter.map((q) => q.measures)).toEqual(
      expect.arrayContaining(['supporter-learning', 'supporter-load', 'nps']),
    );
    expect(
      questionsFor(defaultSurvey('midpoint'), supporterGiving('coach')).map((q) => q.measures),
    ).toContain('supporter-load');
    const seeker = questionsFor(defaultSurvey('end-of-program'), seekerWith('mentor')).map((q) => q.measures);
    expect(seeker).not.toContain('supporter-load');
  });

  it('follows every free-text question with the consent to quote it', () => {
    for (const d of DEFAULT_SURVEYS) {
      const ids = d.questions.map((q) => q.id);
      expect(d.questions.some((q) => q.type === 'free-text')).toBe(true);
      expect(ids.at(-1)).toBe(SHARE_FREE_TEXT_QUESTION_ID);
    }
  });
});

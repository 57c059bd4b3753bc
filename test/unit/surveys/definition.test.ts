import { describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/domain/errors.ts';
import {
  type AnswerValue,
  checkAnswers,
  emptyAudiences,
  missingRequired,
  parseSurveyDefinition,
  QUESTION_TYPES,
  questionsFor,
  type Respondent,
  SHARE_FREE_TEXT_OPTIONS,
  type SurveyDefinition,
  sharesFreeText,
} from '#shared/domain/surveys/definition.ts';
import { seekerWith, supporterGiving } from './cohort-fixture.ts';

function definition(questions: unknown[]): unknown {
  return { surveyId: 'pulse', version: 1, title: 'Pulse', intro: '', questions };
}

const likert = (id: string, extra: object = {}) => ({
  id,
  type: 'likert',
  text: `Question ${id}`,
  audience: 'everyone',
  required: false,
  ...extra,
});

function problemsOf(act: () => unknown): { field: string; message: string }[] {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).problems;
  }
  throw new Error('expected a ValidationError');
}

const survey: SurveyDefinition = parseSurveyDefinition(
  definition([
    likert('confidence', { required: true }),
    { id: 'recommend', type: 'nps', text: 'Recommend?', audience: 'everyone' },
    { id: 'track', type: 'single-choice', text: 'Track?', audience: 'seekers', options: ['Tech', 'Ops'] },
    {
      id: 'happened',
      type: 'multiple-choice',
      text: 'Happened?',
      audience: 'seekers',
      options: ['Promoted', 'Stretch', 'None'],
      exclusiveOption: 'None',
    },
    likert('value_sponsor', { audience: { received: 'sponsor' }, measures: 'role-value' }),
    likert('load', { audience: { gave: 'mentor' } }),
    { id: 'story', type: 'free-text', text: 'Story?', audience: 'seekers' },
    {
      id: 'share_free_text',
      type: 'single-choice',
      text: 'Quote you?',
      audience: 'everyone',
      options: [...SHARE_FREE_TEXT_OPTIONS],
    },
  ]),
);

describe('parseSurveyDefinition', () => {
  it('fills defaults for optional fields', () => {
    // Act
    const parsed = parseSurveyDefinition({
      surveyId: 'pulse',
      version: 2,
      title: 'Pulse',
      questions: [{ id: 'q1', type: 'likert', text: 'How?', audience: 'everyone' }],
    });

    // Assess
    expect(parsed.intro).toBe('');
    expect(parsed.questions[0]).toEqual({
      id: 'q1',
      type: 'likert',
      text: 'How?',
      audience: 'everyone',
      required: false,
    });
  });

  it.each(QUESTION_TYPES)('accepts a %s question', (type) => {
    const options = type.endsWith('choice') ? { options: ['One', 'Two'] } : {};
    const parsed = parseSurveyDefinition(
      definition([{ id: 'q', type, text: 'Q?', audience: 'everyone', ...options }]),
    );
    expect(parsed.questions[0]?.type).toBe(type);
  });

  it('names the path of a duplicate id and says how to fix it', () => {
    // Act
    const problems = problemsOf(() =>
      parseSurveyDefinition(definition([likert('confidence'), likert('pace'), likert('confidence')])),
    );

    // Assess
    expect(problems).toEqual([
      { field: 'questions[2].id', message: 'duplicate id "confidence"; each question needs its own id' },
    ]);
  });

  it('puts the path in the error message as well', () => {
    expect(() => parseSurveyDefinition(definition([likert('a'), likert('a')]))).toThrow(
      /questions\[1\]\.id: duplicate id "a"/,
    );
  });

  it.each([
    [
      'a choice question without options',
      { id: 'c', type: 'single-choice', text: 'C?', audience: 'everyone' },
      'questions[0].options',
      /at least 2 options/,
    ],
    [
      'options on a likert question',
      likert('l', { options: ['a', 'b'] }),
      'questions[0].options',
      /only choice questions/,
    ],
    [
      'an option listed twice',
      { id: 'c', type: 'multiple-choice', text: 'C?', audience: 'everyone', options: ['a', 'a'] },
      'questions[0].options',
      /twice/,
    ],
    [
      'an unknown audience',
      likert('l', { audience: 'managers' }),
      'questions[0].audience',
      /"everyone", "seekers"/,
    ],
    [
      'an audience with an unknown role',
      likert('l', { audience: { received: 'buddy' } }),
      'questions[0].audience',
      /role is one of mentor/,
    ],
    [
      'an empty audience object',
      likert('l', { audience: {} }),
      'questions[0].audience',
      /\{ "received": role \}/,
    ],
    ['a bad id', likert('Belonging'), 'questions[0].id', /lower-case/],
    ['an unknown type', likert('l', { type: 'stars' }), 'questions[0].type', /likert, nps/],
    [
      'an exclusive option that is not offered',
      {
        id: 'c',
        type: 'multiple-choice',
        text: 'C?',
        audience: 'everyone',
        options: ['a', 'b'],
        exclusiveOption: 'z',
      },
      'questions[0].exclusiveOption',
      /one of the options/,
    ],
    [
      'role value asked of everyone',
      likert('v', { measures: 'role-value' }),
      'questions[0].audience',
      /received/,
    ],
    [
      'confidence measured on free text',
      { id: 'f', type: 'free-text', text: 'F?', audience: 'everyone', measures: 'confidence' },
      'questions[0].measures',
      /likert/,
    ],
    [
      'a consent question with other options',
      { id: 'share_free_text', type: 'single-choice', text: 'Q?', audience: 'everyone', options: ['y', 'n'] },
      'questions[0].options',
      /records consent/,
    ],
  ])('refuses %s', (_name, question, field, message) => {
    // Act
    const problems = problemsOf(() => parseSurveyDefinition(definition([question])));

    // Assess
    expect(problems.map((p) => p.field)).toContain(field);
    expect(problems.find((p) => p.field === field)?.message).toMatch(message);
  });

  it('refuses a survey without questions and a version that is not a whole number', () => {
    const problems = problemsOf(() =>
      parseSurveyDefinition({ surveyId: 'pulse', version: 1.5, title: 'Pulse', questions: [] }),
    );
    expect(problems.map((p) => p.field).sort()).toEqual(['questions', 'version']);
  });

  it('refuses a consent question in a survey without free text', () => {
    const problems = problemsOf(() =>
      parseSurveyDefinition(
        definition([
          likert('a'),
          {
            id: 'share_free_text',
            type: 'single-choice',
            text: 'Q?',
            audience: 'everyone',
            options: [...SHARE_FREE_TEXT_OPTIONS],
          },
        ]),
      ),
    );
    expect(problems).toEqual([
      { field: 'questions[1].id', message: expect.stringMatching(/no free-text question/) },
    ]);
  });

  it('refuses a question aimed at a role the program does not offer, because nobody would be asked it', () => {
    // Act
    const problems = problemsOf(() => parseSurveyDefinition(survey, { programRoles: ['mentor', 'coach'] }));

    // Assess
    expect(problems).toEqual([
      { field: 'questions[4].audience', message: expect.stringMatching(/does not offer the sponsor role/) },
    ]);
    expect(emptyAudiences(survey, ['mentor', 'sponsor'])).toEqual([]);
  });
});

describe('questionsFor', () => {
  it('asks seekers their questions and only the value of roles they received', () => {
    expect(questionsFor(survey, seekerWith('mentor')).map((q) => q.id)).toEqual([
      'confidence',
      'recommend',
      'track',
      'happened',
      'story',
      'share_free_text',
    ]);
    expect(questionsFor(survey, seekerWith('sponsor')).map((q) => q.id)).toContain('value_sponsor');
  });

  it('leaves out the consent question for people who are asked no free-text question', () => {
    expect(questionsFor(survey, supporterGiving('mentor')).map((q) => q.id)).toEqual([
      'confidence',
      'recommend',
      'load',
    ]);
  });

  it('returns [] when the respondent is in no audience', () => {
    const only = parseSurveyDefinition(definition([likert('load', { audience: 'supporters' })]));
    expect(questionsFor(only, seekerWith('mentor'))).toEqual([]);
  });
});

describe('checkAnswers', () => {
  const seeker: Respondent = seekerWith('sponsor');

  it('returns cleaned answers: numbers from form text, trimmed text, options in offered order, blanks dropped', () => {
    // Act
    const cleaned = checkAnswers(survey, seeker, {
      confidence: '4',
      recommend: 10,
      track: 'Ops',
      happened: ['Stretch', 'Promoted', 'Stretch'],
      value_sponsor: 5,
      story: '  It changed my year.  ',
      share_free_text: SHARE_FREE_TEXT_OPTIONS[0],
    });

    // Assess
    expect(cleaned).toEqual({
      confidence: 4,
      recommend: 10,
      track: 'Ops',
      happened: ['Promoted', 'Stretch'],
      value_sponsor: 5,
      story: 'It changed my year.',
      share_free_text: SHARE_FREE_TEXT_OPTIONS[0],
    });
    expect(checkAnswers(survey, seeker, { story: '   ', happened: [] })).toEqual({});
  });

  it.each<[string, Record<string, AnswerValue>, string, RegExp]>([
    [
      'a likert value above the scale',
      { confidence: 6 },
      'answers.confidence',
      /"confidence" takes a whole number from 1 to 5; got 6/,
    ],
    ['a likert value below the scale', { confidence: 0 }, 'answers.confidence', /from 1 to 5/],
    ['a fraction', { confidence: 2.5 }, 'answers.confidence', /whole number/],
    ['an NPS value above 10', { recommend: 11 }, 'answers.recommend', /from 0 to 10; got 11/],
    ['text for a number', { recommend: 'ten' }, 'answers.recommend', /got "ten"/],
    ['an option not offered', { track: 'Sales' }, 'answers.track', /takes one of "Tech", "Ops"; got "Sales"/],
    ['a list for a single choice', { track: ['Tech'] }, 'answers.track', /got a list/],
    [
      'a multiple choice with an option not offered',
      { happened: ['Promoted', 'Fired'] },
      'answers.happened',
      /takes any of "Promoted", "Stretch", "None"/,
    ],
    [
      'the exclusive option with others',
      { happened: ['None', 'Promoted'] },
      'answers.happened',
      /"None" cannot be chosen together/,
    ],
    ['a number for free text', { story: 5 }, 'answers.story', /takes text/],
    ['an unknown question id', { pace: 3 }, 'answers.pace', /there is no question "pace" in pulse version 1/],
    ['a question not asked of this respondent', { load: 3 }, 'answers.load', /not asked of you/],
  ])('refuses %s, naming the question', (_name, answers, field, message) => {
    // Act
    const problems = problemsOf(() => checkAnswers(survey, seeker, answers));

    // Assess
    expect(problems).toEqual([{ field, message: expect.stringMatching(message) }]);
  });

  it('reports every problem at once', () => {
    const problems = problemsOf(() =>
      checkAnswers(survey, seeker, { confidence: 9, recommend: -1, nope: 1 }),
    );
    expect(problems.map((p) => p.field)).toEqual(['answers.confidence', 'answers.recommend', 'answers.nope']);
  });

  it('refuses free text longer than 4000 characters and says by how much', () => {
    const problems = problemsOf(() => checkAnswers(survey, seeker, { story: 'x'.repeat(4010) }));
    expect(problems[0]?.message).toMatch(/at most 4000 characters; shorten it by 10/);
  });
});

describe('missingRequired and sharesFreeText', () => {
  it('lists required questions not yet answered', () => {
    expect(missingRequired(survey, seekerWith(), { recommend: 3 })).toEqual(['confidence']);
    expect(missingRequired(survey, seekerWith(), { confidence: 3 })).toEqual([]);
  });

  it('allows quoting only on an explicit yes', () => {
    expect(sharesFreeText({ share_free_text: SHARE_FREE_TEXT_OPTIONS[0] })).toBe(true);
    expect(sharesFreeText({ share_free_text: SHARE_FREE_TEXT_OPTIONS[1] })).toBe(false);
    expect(sharesFreeText({})).toBe(false);
  });
});

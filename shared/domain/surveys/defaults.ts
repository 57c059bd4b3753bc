import type { SupportRole } from '../support-roles.ts';
import {
  SHARE_FREE_TEXT_OPTIONS,
  SHARE_FREE_TEXT_QUESTION_ID,
  type SurveyDefinition,
  type SurveyQuestion,
  surveyDefinitionSchema,
} from './definition.ts';

/**
 * The surveys every cohort gets unless its program defines its own. Confidence and belonging are
 * asked at intake and again at the end with the same ids, so a report can pair each person's
 * answers and show the change. The first question of each is a likert or NPS question for
 * everyone, so the email can carry it as one-click links.
 */

const confidence: SurveyQuestion = {
  id: 'confidence',
  type: 'likert',
  text: 'I feel confident going after the next step in my career.',
  audience: 'everyone',
  required: true,
  measures: 'confidence',
};

const belonging: SurveyQuestion = {
  id: 'belonging',
  type: 'likert',
  text: 'I feel I belong in my workplace and my field.',
  audience: 'everyone',
  required: true,
  measures: 'belonging',
};

const shareFreeText: SurveyQuestion = {
  id: SHARE_FREE_TEXT_QUESTION_ID,
  type: 'single-choice',
  text: 'May the program quote what you wrote above in its report, without your name?',
  audience: 'everyone',
  options: [...SHARE_FREE_TEXT_OPTIONS],
  required: false,
};

/** What each role is for, in the words of the program: the value question asks whether it happened. */
const ROLE_VALUE_TEXT: Record<SupportRole, string> = {
  mentor: 'My mentor’s advice and experience helped me make better career decisions.',
  sponsor: 'My sponsor spoke up for me in rooms I was not in.',
  coach: 'My coach’s questions helped me find my own answers.',
  advocate: 'My advocate challenged bias or broken systems on my behalf.',
  challenger: 'My challenger’s candid feedback and stretch goals helped me grow.',
};

function roleValueQuestions(): SurveyQuestion[] {
  return (Object.keys(ROLE_VALUE_TEXT) as SupportRole[]).map((role) => ({
    id: `value_${role}`,
    type: 'likert',
    text: ROLE_VALUE_TEXT[role],
    audience: { received: role },
    required: false,
    measures: 'role-value',
  }));
}

const supporterLoad: SurveyQuestion = {
  id: 'supporter_load',
  type: 'likert',
  // Allies burn out when nobody limits their load: asked at midpoint so it can still be changed.
  text: 'The time and energy I give to this program is sustainable for me.',
  audience: 'supporters',
  required: false,
  measures: 'supporter-load',
};

const supporterLearning: SurveyQuestion = {
  id: 'supporter_learning',
  type: 'likert',
  // We learn more from people unlike ourselves: supporters are asked what they took away.
  text: 'I learned something valuable from the person I supported, whose experience differs from mine.',
  audience: 'supporters',
  required: false,
  measures: 'supporter-learning',
};

const nps: SurveyQuestion = {
  id: 'recommend',
  type: 'nps',
  text: 'How likely are you to recommend this program to a friend or colleague?',
  audience: 'everyone',
  required: true,
  measures: 'nps',
};

const ADVANCEMENT_NONE = 'None of these yet';

const advancement: SurveyQuestion = {
  id: 'advancement',
  type: 'multiple-choice',
  text: 'Since the program started, which of these happened to you?',
  audience: 'seekers',
  options: [
    'I was promoted',
    'I took on a stretch assignment',
    'I found a new opportunity (a role, project or job)',
    'Someone spoke up for me in a room I was not in',
    ADVANCEMENT_NONE,
  ],
  exclusiveOption: ADVANCEMENT_NONE,
  required: false,
  measures: 'advancement',
};

const intakeBaseline: SurveyDefinition = {
  surveyId: 'intake-baseline',
  version: 1,
  title: 'Where you are starting from',
  intro:
    'Two minutes now lets the program show what changed by the end. Reports only ever show groups of at least 5 people.',
  questions: [
    confidence,
    belonging,
    {
      id: 'advocated_for_before',
      type: 'single-choice',
      text: 'In the last year, has someone with influence spoken up for you in a room you were not in?',
      audience: 'seekers',
      options: ['Yes', 'No', 'Not sure'],
      required: false,
    },
    {
      id: 'supporter_different_background',
      type: 'likert',
      text: 'I expect to learn from someone whose background differs from mine.',
      audience: 'supporters',
      required: false,
    },
    {
      id: 'hopes',
      type: 'free-text',
      text: 'What would make this program worthwhile for you?',
      audience: 'everyone',
      required: false,
    },
    shareFreeText,
  ],
};

const midpoint: SurveyDefinition = {
  surveyId: 'midpoint',
  version: 1,
  title: 'Halfway: how is it going?',
  intro: 'Your answers help the coordinators adjust the second half of the program.',
  questions: [
    {
      id: 'progress',
      type: 'likert',
      text: 'The program is helping me so far.',
      audience: 'everyone',
      required: true,
    },
    ...roleValueQuestions(),
    supporterLoad,
    {
      id: 'midpoint_change',
      type: 'free-text',
      text: 'What one change would make the second half better for you?',
      audience: 'everyone',
      required: false,
    },
    shareFreeText,
  ],
};

const endOfProgram: SurveyDefinition = {
  surveyId: 'end-of-program',
  version: 1,
  title: 'What changed',
  intro:
    'This is the last survey of the cohort. It shows the program, and the next cohort, what made a difference.',
  questions: [
    nps,
    confidence,
    belonging,
    advancement,
    ...roleValueQuestions(),
    supporterLearning,
    supporterLoad,
    {
      id: 'support_again',
      type: 'single-choice',
      text: 'Would you support someone in a future cohort?',
      audience: 'supporters',
      options: ['Yes', 'Maybe', 'No'],
      required: false,
    },
    {
      id: 'what_changed',
      type: 'free-text',
      text: 'What changed for you because of this program?',
      audience: 'everyone',
      required: false,
    },
    shareFreeText,
  ],
};

/** Parsed once at load, so a broken default fails the first test rather than a cohort's survey. */
export const DEFAULT_SURVEYS: readonly SurveyDefinition[] = [intakeBaseline, midpoint, endOfProgram].map(
  (d) => surveyDefinitionSchema.parse(d),
);

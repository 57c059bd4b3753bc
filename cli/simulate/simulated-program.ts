import type { CreateProgramInput } from '#shared/domain/program.ts';
import { SUPPORT_ROLES } from '#shared/domain/support-roles.ts';

/**
 * The program every simulation runs: all five support roles, and one intake question of each
 * kind the form can show, so every part of the application page is answered by somebody.
 */
export const MEETING_FORMATS = ['Video call', 'In person', 'Either'] as const;
export const LANGUAGES = [
  'English',
  'Español',
  'Français',
  'Português',
  'العربية',
  'हिन्दी',
  '中文',
  'Kiswahili',
] as const;

export const QUESTION_IDS = {
  hope: 'hope',
  meetingFormat: 'meeting_format',
  languages: 'languages',
  circle: 'circle',
} as const;

export function simulatedProgram(coordinatorEmail: string, runId: string): CreateProgramInput {
  return {
    name: `Simulated allyship program ${runId}`,
    description:
      'A simulated cohort: mentors, sponsors, coaches, advocates and challengers for people from under-represented groups.',
    supportRoles: [...SUPPORT_ROLES],
    intakeQuestions: [
      {
        id: QUESTION_IDS.hope,
        label: 'What would make this program a success for you?',
        type: 'long_text',
        required: true,
      },
      {
        id: QUESTION_IDS.meetingFormat,
        label: 'How do you prefer to meet?',
        type: 'single_choice',
        options: [...MEETING_FORMATS],
      },
      {
        id: QUESTION_IDS.languages,
        label: 'Which languages could you meet in?',
        type: 'multiple_choice',
        options: [...LANGUAGES],
      },
      { id: QUESTION_IDS.circle, label: 'Would you also join a co-mentoring circle?', type: 'yes_no' },
    ],
    consentText:
      'Your answers are used to match you with people in this simulated program and are seen by its coordinators. Identity details are optional, and used only as you allow.',
    coordinatorEmail,
  };
}

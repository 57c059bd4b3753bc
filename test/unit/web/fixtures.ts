import type { Cohort } from '#shared/domain/cohort.ts';
import type { Application, Participant } from '#shared/domain/participant.ts';
import type { Program } from '#shared/domain/program.ts';

/** Typed values that would run or break markup if any template forgot to escape them. */
export const HOSTILE = '<script>alert("x")</script> & \'friends\'';

export function aProgram(overrides: Partial<Program> = {}): Program {
  return {
    programId: 'prg_1',
    name: 'Rise Together',
    description:
      'A program for people who are too often the only one in the room.\n\nAllyship runs both ways.',
    supportRoles: ['mentor', 'sponsor', 'coach'],
    intakeQuestions: [
      { id: 'hopes', label: 'What do you hope to get from the program?', type: 'long_text', required: true },
      { id: 'team', label: 'Which team are you in?', type: 'short_text', required: false },
      {
        id: 'format',
        label: 'How do you like to meet?',
        type: 'single_choice',
        required: true,
        options: ['In person', 'Video call'],
      },
      {
        id: 'topics',
        label: 'Which topics interest you?',
        type: 'multiple_choice',
        required: false,
        options: ['Promotion', 'Negotiation', 'Leading a team'],
      },
      { id: 'first_time', label: 'Is this your first program like this?', type: 'yes_no', required: true },
    ],
    consentText:
      'Your answers are used to find your matches and are seen by the coordinator.\nWe delete them a year after the cohort ends.',
    coordinatorEmails: ['coordinator@example.org'],
    createdAt: '2026-01-05T09:00:00.000Z',
    ...overrides,
  };
}

export function aCohort(overrides: Partial<Cohort> = {}): Cohort {
  return {
    cohortId: 'coh_1',
    programId: 'prg_1',
    name: 'Spring 2026',
    state: 'intake_open',
    timeZone: 'Europe/London',
    intakeOpensAt: '2026-02-01T00:00:00.000Z',
    intakeClosesAt: '2026-02-28T23:59:59.000Z',
    programStartsAt: '2026-03-02T00:00:00.000Z',
    programEndsAt: '2026-08-31T22:59:59.000Z',
    checkInEveryDays: 14,
    intakeReminderDaysBeforeClose: 3,
    openApplication: true,
    createdAt: '2026-01-06T09:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

export function aParticipant(overrides: Partial<Participant> = {}): Participant {
  return {
    participantId: 'ppl_1',
    cohortId: 'coh_1',
    programId: 'prg_1',
    email: 'ada@example.org',
    emailNormalised: 'ada@example.org',
    name: 'Ada Obi',
    status: 'invited',
    source: 'import',
    invitedAt: '2026-02-01T09:00:00.000Z',
    prefill: {},
    version: 1,
    ...overrides,
  };
}

/** A full application: both seeking and offering, every question type answered, identity shared. */
export function anApplication(overrides: Partial<Application> = {}): Application {
  return {
    name: 'Ada Obi',
    seeks: ['mentor', 'sponsor'],
    offers: [{ role: 'coach', capacity: 2 }],
    goals: ['lead a team', 'change careers'],
    skills: ['negotiation'],
    seniority: 'mid_career',
    jobFunction: 'Engineering',
    industry: 'Healthcare',
    hasInfluence: false,
    managerEmail: 'manager@example.org',
    timeZone: 'America/New_York',
    answers: {
      hopes: 'Someone to speak up for me.\nAnd honest feedback.',
      team: 'Platform',
      format: 'Video call',
      topics: ['Promotion', 'Leading a team'],
      first_time: true,
    },
    identity: {
      consentToStore: true,
      useForMatching: true,
      fields: { gender: 'woman', firstGeneration: 'yes' },
      matchPreference: 'different',
    },
    agreedToProgramConsent: true,
    submittedAt: '2026-02-03T10:00:00.000Z',
    updatedAt: '2026-02-03T10:00:00.000Z',
    ...overrides,
  };
}

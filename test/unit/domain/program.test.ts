import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CreateProgramInput,
  createProgramInputSchema,
  INTAKE_QUESTION_TYPES,
} from '#shared/domain/program.ts';

const CONSENT = 'Your answers are used to find your matches and are seen by the coordinator.';

function programInput(overrides: Record<string, unknown> = {}): CreateProgramInput {
  return {
    name: 'Rise Together',
    supportRoles: ['mentor', 'sponsor'],
    consentText: CONSENT,
    ...overrides,
  } as CreateProgramInput;
}

/** Dotted paths of the fields a parse complained about; empty when it passed. */
function problemFields(input: unknown): string[] {
  const result = createProgramInputSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
}

function problemMessages(input: unknown): string[] {
  const result = createProgramInputSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

describe('createProgramInputSchema', () => {
  it('keeps a program’s matching weights and rules, and names each one out of range', () => {
    // Prepare
    const matching = { weights: { goalsAndSkills: 60 }, rules: { sponsorMinSeniorityGap: 2 } };
    const bad = {
      weights: { goalsAndSkills: 101, timeZoneOverlap: -1 },
      rules: { sponsorMinSeniorityGap: 5, candidatesPerSeeker: 0 },
    };

    // Act
    const program = createProgramInputSchema.parse(programInput({ matching }));

    // Assess
    expect(program.matching).toEqual(matching);
    expect(problemFields(programInput({ matching: bad })).sort()).toEqual([
      'matching.rules.candidatesPerSeeker',
      'matching.rules.sponsorMinSeniorityGap',
      'matching.weights.goalsAndSkills',
      'matching.weights.timeZoneOverlap',
    ]);
  });

  it('accepts a minimal program and fills in an empty description and no questions', () => {
    // Prepare
    const input = programInput({ name: '  Rise Together  ' });

    // Act
    const program = createProgramInputSchema.parse(input);

    // Assess
    expect(program).toEqual({
      name: 'Rise Together',
      description: '',
      supportRoles: ['mentor', 'sponsor'],
      intakeQuestions: [],
      consentText: CONSENT,
    });
  });

  it('accepts every support role, each once', () => {
    // Prepare
    const input = programInput({ supportRoles: ['mentor', 'sponsor', 'coach', 'advocate', 'challenger'] });

    // Act
    const fields = problemFields(input);

    // Assess
    expect(fields).toEqual([]);
  });

  it.each([
    ['no role', [], 'choose at least one of mentor, sponsor, coach, advocate, challenger'],
    ['a role twice', ['mentor', 'coach', 'mentor'], 'lists a role twice'],
  ])('rejects %s', (_case, supportRoles, message) => {
    // Prepare
    const input = programInput({ supportRoles });

    // Act
    const messages = problemMessages(input);

    // Assess
    expect(messages).toEqual([message]);
    expect(problemFields(input)).toEqual(['supportRoles']);
  });

  it('rejects a role the program does not know', () => {
    // Prepare
    const input = programInput({ supportRoles: ['mentor', 'guru'] });

    // Act
    const fields = problemFields(input);

    // Assess
    expect(fields).toEqual(['supportRoles.1']);
  });

  it('rejects two questions with the same id', () => {
    // Prepare
    const input = programInput({
      intakeQuestions: [
        { id: 'hopes', label: 'What do you hope for?', type: 'long_text' },
        { id: 'team', label: 'Which team are you in?', type: 'short_text' },
        { id: 'hopes', label: 'Anything else?', type: 'long_text' },
      ],
    });

    // Act
    const messages = problemMessages(input);

    // Assess
    expect(messages).toEqual(['two questions share an id']);
    expect(problemFields(input)).toEqual(['intakeQuestions']);
  });

  it.each([['single_choice'], ['multiple_choice']])('asks a %s question for at least 2 options', (type) => {
    // Prepare
    const none = programInput({ intakeQuestions: [{ id: 'format', label: 'How?', type }] });
    const one = programInput({
      intakeQuestions: [{ id: 'format', label: 'How?', type, options: ['Video'] }],
    });
    const two = programInput({
      intakeQuestions: [{ id: 'format', label: 'How?', type, options: ['Video', 'In person'] }],
    });

    // Act
    const results = [none, one, two].map(problemFields);

    // Assess
    expect(results).toEqual([['intakeQuestions.0.options'], ['intakeQuestions.0.options'], []]);
    expect(problemMessages(one)).toEqual(['a choice question needs at least 2 options']);
  });

  it.each([['short_text'], ['long_text'], ['yes_no']])('rejects options on a %s question', (type) => {
    // Prepare
    const input = programInput({
      intakeQuestions: [{ id: 'team', label: 'Team?', type, options: ['A', 'B'] }],
    });

    // Act
    const fields = problemFields(input);

    // Assess
    expect(fields).toEqual(['intakeQuestions.0.options']);
  });

  it.each([['1st'], ['Hopes'], ['my-hopes'], [''], ['a'.repeat(41)]])('rejects the question id %j', (id) => {
    // Prepare
    const input = programInput({ intakeQuestions: [{ id, label: 'Anything?', type: 'short_text' }] });

    // Act
    const fields = problemFields(input);

    // Assess
    expect(fields).toEqual(['intakeQuestions.0.id']);
  });

  it('accepts question ids of 1 to 40 lower-case letters, digits or _, starting with a letter', () => {
    // Prepare
    const id = fc
      .tuple(
        fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'),
        fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789_'), maxLength: 39 }),
      )
      .map(([first, rest]) => first + rest);

    fc.assert(
      fc.property(id, (questionId) => {
        const input = programInput({
          intakeQuestions: [{ id: questionId, label: 'Anything?', type: 'short_text' }],
        });

        // Act
        const fields = problemFields(input);

        // Assess
        expect(fields).toEqual([]);
      }),
    );
  });

  it('accepts questions of every type', () => {
    // Prepare
    const input = programInput({
      intakeQuestions: INTAKE_QUESTION_TYPES.map((type, i) => ({
        id: `q${i}`,
        label: `Question ${i}`,
        type,
        ...(type.endsWith('_choice') ? { options: ['One', 'Two'] } : {}),
      })),
    });

    // Act
    const program = createProgramInputSchema.parse(input);

    // Assess
    expect(program.intakeQuestions.map((q) => [q.type, q.required])).toEqual(
      INTAKE_QUESTION_TYPES.map((type) => [type, false]),
    );
  });

  it.each([
    ['19 characters', 'a'.repeat(19), false],
    ['19 characters padded with spaces', `   ${'a'.repeat(19)}   `, false],
    ['20 characters', 'a'.repeat(20), true],
    ['4000 characters', 'a'.repeat(4000), true],
    ['4001 characters', 'a'.repeat(4001), false],
  ])('for a consent text of %s, accepts it: %s', (_case, consentText, accepted) => {
    // Prepare
    const input = programInput({ consentText });

    // Act
    const fields = problemFields(input);

    // Assess
    expect(fields).toEqual(accepted ? [] : ['consentText']);
  });

  it('tells the coordinator what a short consent text is missing', () => {
    // Prepare
    const input = programInput({ consentText: 'We use it.' });

    // Act
    const messages = problemMessages(input);

    // Assess
    expect(messages).toEqual(['explain in at least 20 characters how answers are used']);
  });

  it('trims the coordinator email and rejects one that is not an address', () => {
    // Prepare
    const good = programInput({ coordinatorEmail: '  lead@example.org ' });
    const bad = programInput({ coordinatorEmail: 'lead at example.org' });

    // Act
    const parsed = createProgramInputSchema.parse(good);
    const fields = problemFields(bad);

    // Assess
    expect(parsed.coordinatorEmail).toBe('lead@example.org');
    expect(fields).toEqual(['coordinatorEmail']);
  });
});

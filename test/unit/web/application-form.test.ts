import { describe, expect, it } from 'vitest';
import { applicationSchema } from '#shared/domain/participant.ts';
import {
  applicationToFormValues,
  parseApplicationForm,
  parseFormBody,
} from '#shared/web/application-form.ts';
import { anApplication, aProgram } from './fixtures.ts';

const program = aProgram();

/** A minimal valid form for `program`; tests change one thing at a time. */
function body(fields: Record<string, string | string[]> = {}): string {
  const base: Record<string, string | string[]> = {
    name: 'Ada Obi',
    seeks: 'mentor',
    seniority: 'senior',
    timeZone: 'Europe/London',
    'answers.hopes': 'Guidance',
    'answers.format': 'In person',
    'answers.first_time': 'no',
    agreedToProgramConsent: 'yes',
  };
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...base, ...fields })) {
    for (const one of Array.isArray(value) ? value : [value]) params.append(name, one);
  }
  return params.toString();
}

function errorsOf(result: ReturnType<typeof parseApplicationForm>): Record<string, string> {
  if (result.ok) throw new Error('expected the form to be refused');
  return { ...result.errors };
}

describe('parseApplicationForm', () => {
  it('reads a minimal form into what applicationSchema expects', () => {
    // Act
    const result = parseApplicationForm(
      body({ goals: ' lead a team, , change careers ', skills: 'negotiation' }),
      program,
    );

    // Assess
    expect(result).toEqual({
      ok: true,
      value: applicationSchema.parse({
        name: 'Ada Obi',
        seeks: ['mentor'],
        goals: ['lead a team', 'change careers'],
        skills: ['negotiation'],
        seniority: 'senior',
        timeZone: 'Europe/London',
        answers: { hopes: 'Guidance', format: 'In person', first_time: false },
        agreedToProgramConsent: true,
      }),
    });
  });

  it('reads back what applicationToFormValues wrote, field for field', () => {
    // Prepare
    const { submittedAt: _s, updatedAt: _u, ...application } = anApplication();
    const values = applicationToFormValues(application);
    const params = new URLSearchParams();
    for (const [name, list] of Object.entries(values)) for (const value of list) params.append(name, value);

    // Act
    const result = parseApplicationForm(params.toString(), program);

    // Assess
    expect(result).toEqual({ ok: true, value: application });
  });

  it('drops the whole identity section when its consent box is not ticked', () => {
    // Act
    const result = parseApplicationForm(
      body({
        'identity.useForMatching': 'yes',
        'identity.gender': 'woman',
        'identity.ethnicity': 'Black British',
        'identity.matchPreference': 'shared',
      }),
      program,
    );

    // Assess
    expect(result.ok).toBe(true);
    expect(result.ok && 'identity' in result.value && result.value.identity !== undefined).toBe(false);
  });

  it('keeps identity details, and only the ones given, when consent is ticked', () => {
    // Act
    const result = parseApplicationForm(
      body({ 'identity.consentToStore': 'yes', 'identity.gender': ' woman ', 'identity.lgbtq': '' }),
      program,
    );

    // Assess
    expect(result.ok && result.value.identity).toEqual({
      consentToStore: true,
      useForMatching: false,
      fields: { gender: 'woman' },
      matchPreference: 'none',
    });
  });

  it('refuses a background preference without permission to use identity for matching', () => {
    // Act
    const errors = errorsOf(
      parseApplicationForm(
        body({ 'identity.consentToStore': 'yes', 'identity.matchPreference': 'shared' }),
        program,
      ),
    );

    // Assess
    expect(errors['identity.matchPreference']).toMatch(/preference about background.*permission/);
  });

  it('names a required custom question that was left empty', () => {
    // Act
    const errors = errorsOf(parseApplicationForm(body({ 'answers.hopes': '  ' }), program));

    // Assess
    expect(errors['answers.hopes']).toBe('“What do you hope to get from the program?” is required');
  });

  it('checks choice answers against the question’s options and reads yes/no as a boolean', () => {
    // Act
    const refused = errorsOf(
      parseApplicationForm(
        body({ 'answers.format': 'Carrier pigeon', 'answers.topics': ['Promotion', 'Golf'] }),
        program,
      ),
    );
    const accepted = parseApplicationForm(
      body({ 'answers.topics': ['Promotion'], 'answers.first_time': 'yes' }),
      program,
    );

    // Assess
    expect(refused['answers.format']).toBe('“How do you like to meet?” must be one of the choices shown');
    expect(refused['answers.topics']).toMatch(/^“Which topics interest you\?”/);
    expect(accepted.ok && accepted.value.answers).toMatchObject({ topics: ['Promotion'], first_time: true });
  });

  it.each([
    ['9', 'must be at most 5'],
    ['0', 'must be at least 1'],
    ['two', 'must be a whole number from 1 to 5'],
    ['', 'is required'],
  ])('names the role when its capacity is %j', (capacity, says) => {
    // Act
    const errors = errorsOf(
      parseApplicationForm(body({ offers: 'sponsor', 'offers.sponsor.capacity': capacity }), program),
    );

    // Assess
    expect(errors['offers.sponsor.capacity']).toContain('How many people you can support as a sponsor');
    expect(errors['offers.sponsor.capacity']).toContain(says);
  });

  it('ignores the capacity of a role that was not ticked', () => {
    // Act
    const result = parseApplicationForm(body({ 'offers.coach.capacity': '3' }), program);

    // Assess
    expect(result.ok && result.value.offers).toEqual([]);
  });

  it('refuses roles the program does not offer', () => {
    // Act
    const errors = errorsOf(parseApplicationForm(body({ seeks: 'challenger', offers: 'advocate' }), program));

    // Assess
    expect(errors.seeks).toMatch(/^The support you seek/);
    expect(errors.offers).toMatch(/^The support you offer/);
  });

  it('asks for at least one role to seek or offer, together with every other problem', () => {
    // Act
    const errors = errorsOf(
      parseApplicationForm(body({ seeks: [], name: '', timeZone: 'Mars/Olympus' }), program),
    );

    // Assess
    expect(errors).toMatchObject({
      seeks: 'The support you seek: choose at least one kind of support to seek or offer',
      name: 'Your name is required',
      timeZone: 'Your time zone must be a time zone such as Europe/London',
    });
  });

  it('words every message for a person and keeps what was typed', () => {
    // Act
    const result = parseApplicationForm(
      body({
        name: 'x'.repeat(200),
        managerEmail: 'not-an-address',
        seniority: '',
        agreedToProgramConsent: [],
      }),
      program,
    );

    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toMatchObject({
      name: 'Your name must be at most 120 characters',
      managerEmail: 'Your manager’s email must be an email address such as name@example.org',
      seniority: 'Your career stage is required',
      agreedToProgramConsent: 'Consent: please read and accept how your answers are used',
    });
    expect(result.values.managerEmail).toEqual(['not-an-address']);
  });
});

describe('parseFormBody', () => {
  it('keeps repeated fields in order, decodes them, and treats __proto__ as an ordinary field', () => {
    // Act
    const values = parseFormBody('seeks=mentor&seeks=coach&name=Ada+O%C3%A9&__proto__=x&note=a%0D%0Ab');

    // Assess
    expect(values.seeks).toEqual(['mentor', 'coach']);
    expect(values.name).toEqual(['Ada Oé']);
    expect(Object.getOwnPropertyDescriptor(values, '__proto__')?.value).toEqual(['x']);
    expect(values.note).toEqual(['a\nb']);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ApplicationInput,
  applicationSchema,
  MAX_CAPACITY_PER_ROLE,
} from '#shared/domain/participant.ts';
import { SUPPORT_ROLES, type SupportRole } from '#shared/domain/support-roles.ts';

function applicationInput(overrides: Record<string, unknown> = {}): ApplicationInput {
  return {
    name: 'Ana Lima',
    seeks: ['mentor'],
    seniority: 'mid_career',
    timeZone: 'Europe/London',
    agreedToProgramConsent: true,
    ...overrides,
  } as ApplicationInput;
}

/** Each problem a parse reports, as `path: message`; empty when it passed. */
function problems(input: unknown): string[] {
  const result = applicationSchema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

const fieldsOf = (input: unknown) => problems(input).map((problem) => problem.split(':')[0]);

const role = fc.constantFrom<SupportRole>(...SUPPORT_ROLES);

describe('applicationSchema', () => {
  it('accepts a seeker and fills in what was left out', () => {
    // Prepare
    const input = applicationInput({ name: '  Ana Lima ' });

    // Act
    const application = applicationSchema.parse(input);

    // Assess
    expect(application).toEqual({
      name: 'Ana Lima',
      seeks: ['mentor'],
      offers: [],
      goals: [],
      skills: [],
      seniority: 'mid_career',
      hasInfluence: false,
      timeZone: 'Europe/London',
      answers: {},
      agreedToProgramConsent: true,
    });
  });

  it('accepts a supporter who seeks nothing', () => {
    // Prepare
    const input = applicationInput({ seeks: [], offers: [{ role: 'sponsor', capacity: 2 }] });

    // Act
    const found = problems(input);

    // Assess
    expect(found).toEqual([]);
  });

  it('accepts someone who both seeks and offers support', () => {
    // Prepare
    const input = applicationInput({ seeks: ['coach'], offers: [{ role: 'mentor', capacity: 1 }] });

    // Act
    const application = applicationSchema.parse(input);

    // Assess
    expect(application.seeks).toEqual(['coach']);
    expect(application.offers).toEqual([{ role: 'mentor', capacity: 1 }]);
  });

  it('asks for at least one kind of support to seek or offer', () => {
    // Prepare
    const input = applicationInput({ seeks: [], offers: [] });

    // Act
    const found = problems(input);

    // Assess
    expect(found).toEqual(['seeks: choose at least one kind of support to seek or offer']);
  });

  it.each([
    [0, 'must be at least 1'],
    [6, `must be at most ${MAX_CAPACITY_PER_ROLE}`],
    [2.5, 'must be a whole number'],
  ])('rejects a capacity of %d: %s', (capacity, message) => {
    // Prepare
    const input = applicationInput({ offers: [{ role: 'mentor', capacity }] });

    // Act
    const found = problems(input);

    // Assess
    expect(found).toEqual([`offers.0.capacity: ${message}`]);
  });

  it('accepts any whole capacity from 1 to 5 and no other number', () => {
    // Prepare
    const capacity = fc.oneof(
      fc.integer({ min: -10, max: 15 }),
      fc.double({ min: -10, max: 15, noNaN: true }),
    );

    fc.assert(
      fc.property(capacity, (places) => {
        const input = applicationInput({ offers: [{ role: 'coach', capacity: places }] });

        // Act
        const fields = fieldsOf(input);

        // Assess
        const valid = Number.isInteger(places) && places >= 1 && places <= 5;
        expect(fields).toEqual(valid ? [] : ['offers.0.capacity']);
      }),
    );
  });

  it('rejects the same role offered twice', () => {
    // Prepare
    const input = applicationInput({
      offers: [
        { role: 'mentor', capacity: 1 },
        { role: 'coach', capacity: 1 },
        { role: 'mentor', capacity: 3 },
      ],
    });

    // Act
    const found = problems(input);

    // Assess
    expect(found).toEqual(['offers: offer each role once, with one capacity']);
  });

  it('rejects the same role sought twice', () => {
    // Prepare
    const input = applicationInput({ seeks: ['sponsor', 'sponsor'] });

    // Act
    const found = problems(input);

    // Assess
    expect(found).toEqual(['seeks: lists a role twice']);
  });

  it('accepts any roles sought and offered, each once, when there is at least one', () => {
    // Prepare
    const choice = fc.record({
      seeks: fc.uniqueArray(role, { maxLength: 5 }),
      offers: fc.uniqueArray(fc.record({ role, capacity: fc.integer({ min: 1, max: 5 }) }), {
        selector: (offer) => offer.role,
        maxLength: 5,
      }),
    });

    fc.assert(
      fc.property(choice, ({ seeks, offers }) => {
        const input = applicationInput({ seeks, offers });

        // Act
        const fields = fieldsOf(input);

        // Assess
        expect(fields).toEqual(seeks.length + offers.length > 0 ? [] : ['seeks']);
      }),
    );
  });

  it('rejects an application without the program consent', () => {
    // Prepare
    const input = applicationInput({ agreedToProgramConsent: false });

    // Act
    const found = problems(input);

    // Assess
    expect(found).toEqual(['agreedToProgramConsent: please read and accept how your answers are used']);
  });

  it('stores identity details only with consent', () => {
    // Prepare
    const input = applicationInput({ identity: { consentToStore: false, fields: { gender: 'woman' } } });

    // Act
    const found = problems(input);

    // Assess
    expect(found).toEqual(['identity.consentToStore: tick the consent box to share identity details']);
  });

  it('keeps consented identity details, not used for matching and with no preference unless asked', () => {
    // Prepare
    const input = applicationInput({
      identity: { consentToStore: true, fields: { firstGeneration: ' yes ' } },
    });

    // Act
    const application = applicationSchema.parse(input);

    // Assess
    expect(application.identity).toEqual({
      consentToStore: true,
      useForMatching: false,
      fields: { firstGeneration: 'yes' },
      matchPreference: 'none',
    });
  });

  it.each([['shared'], ['different']])(
    'needs permission to use identity details before a %s background preference',
    (pref) => {
      // Prepare
      const without = applicationInput({ identity: { consentToStore: true, matchPreference: pref } });
      const withPermission = applicationInput({
        identity: { consentToStore: true, useForMatching: true, matchPreference: pref },
      });

      // Act
      const withoutFound = problems(without);
      const withFound = problems(withPermission);

      // Assess
      expect(withoutFound).toEqual([
        'identity.matchPreference: a preference about background needs your permission to use identity details for matching',
      ]);
      expect(withFound).toEqual([]);
    },
  );

  it('rejects an identity field nobody asked about', () => {
    // Prepare
    const input = applicationInput({ identity: { consentToStore: true, fields: { religion: 'none' } } });

    // Act
    const fields = fieldsOf(input);

    // Assess
    expect(fields).toEqual(['identity.fields']);
  });

  it('trims the manager email', () => {
    // Prepare
    const input = applicationInput({ managerEmail: '  boss@example.org ' });

    // Act
    const application = applicationSchema.parse(input);

    // Assess
    expect(application.managerEmail).toBe('boss@example.org');
  });

  it.each([['boss@'], ['boss example.org'], ['@example.org'], [''], [`${'a'.repeat(245)}@example.org`]])(
    'rejects the manager email %j',
    (managerEmail) => {
      // Prepare
      const input = applicationInput({ managerEmail });

      // Act
      const fields = fieldsOf(input);

      // Assess
      expect(fields).toEqual(['managerEmail']);
    },
  );

  it.each([['Europe/Londn'], [''], ['Mars/Olympus']])('rejects the time zone %j', (timeZone) => {
    // Prepare
    const input = applicationInput({ timeZone });

    // Act
    const found = problems(input);

    // Assess
    expect(found).toEqual(['timeZone: must be a time zone such as Europe/London']);
  });

  it('accepts any time zone the runtime knows', () => {
    // Prepare
    const zone = fc.constantFrom(...Intl.supportedValuesOf('timeZone'));

    fc.assert(
      fc.property(zone, (timeZone) => {
        // Act
        const found = problems(applicationInput({ timeZone }));

        // Assess
        expect(found).toEqual([]);
      }),
    );
  });
});

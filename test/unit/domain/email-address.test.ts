import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emailSchema, normaliseEmail } from '#shared/domain/email-address.ts';

describe('normaliseEmail', () => {
  it('trims and lower-cases an address', () => {
    // Prepare
    const raw = '  Ana.Lima@Example.ORG \t';

    // Act
    const normalised = normaliseEmail(raw);

    // Assess
    expect(normalised).toBe('ana.lima@example.org');
  });

  it('keeps dots and +tags, which name different mailboxes on most corporate servers', () => {
    // Prepare
    const addresses = ['ana.lima@example.org', 'analima@example.org', 'ana+mentoring@example.org'];

    // Act
    const normalised = addresses.map(normaliseEmail);

    // Assess
    expect(new Set(normalised).size).toBe(3);
  });

  it('settles on one form: normalising twice changes nothing, and case or spaces around never matter', () => {
    // Prepare
    const text = fc.string({ maxLength: 40 });
    const padding = fc.constantFrom('', ' ', '\t', '  \n');

    fc.assert(
      fc.property(text, padding, padding, (address, before, after) => {
        // Act
        const once = normaliseEmail(address);

        // Assess
        expect(normaliseEmail(once)).toBe(once);
        expect(normaliseEmail(`${before}${address.toUpperCase()}${after}`)).toBe(
          normaliseEmail(address.toUpperCase()),
        );
        expect(once).toBe(once.trim());
      }),
    );
  });
});

describe('emailSchema', () => {
  it.each([['ana@example.org'], ['ana.lima+mentor@mail.example.co.uk'], ['  ana@example.org  ']])(
    'accepts %j, trimmed',
    (raw) => {
      // Prepare: nothing beyond the address.

      // Act
      const parsed = emailSchema.parse(raw);

      // Assess
      expect(parsed).toBe(raw.trim());
    },
  );

  it.each([
    [''],
    ['ana'],
    ['ana@'],
    ['@example.org'],
    ['ana@@example.org'],
    ['ana lima@example.org'],
    ['ana@example'],
  ])('rejects %j and says what an address looks like', (raw) => {
    // Prepare: nothing beyond the text.

    // Act
    const result = emailSchema.safeParse(raw);

    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toContain(
      'must be an email address such as name@example.org',
    );
  });

  it('rejects an address longer than 254 characters, even when each part is valid', () => {
    // Prepare: 64 + 1 + 4 labels of 47 + ".org" = 257 characters.
    const label = 'b'.repeat(46);
    const address = `${'a'.repeat(64)}@${label}1.${label}2.${label}3.${label}4.org`;

    // Act
    const result = emailSchema.safeParse(address);

    // Assess
    expect(address.length).toBeGreaterThan(254);
    expect(result.success).toBe(false);
  });
});

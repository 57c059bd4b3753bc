import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseApplicantCsv } from '#shared/domain/applicant-import/validate-rows.ts';
import { emailSchema, normaliseEmail } from '#shared/domain/email-address.ts';
import { ValidationError } from '#shared/domain/errors.ts';

/** Quotes like a spreadsheet would, without neutralising: import files come from people. */
const csvLine = (cells: string[]) =>
  cells.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)).join(',');

describe('parseApplicantCsv properties', () => {
  it('throws nothing but a ValidationError, whatever the text', () => {
    // Prepare: CSV-ish text is far more likely to reach deep into the reader than random text.
    const unit = fc.oneof(
      fc.constantFrom(
        ',',
        '"',
        '""',
        '\r',
        '\n',
        '\r\n',
        '\uFEFF',
        'email',
        'name',
        'a@b.co',
        ' ',
        '=',
        '\uFFFD',
      ),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    );
    const text = fc.oneof(
      fc.string({ unit, maxLength: 60 }),
      fc.string({ unit, maxLength: 40 }).map((rest) => `email,name,time_zone,intent\n${rest}`),
    );

    fc.assert(
      fc.property(text, (input) => {
        // Act
        let thrown: unknown;
        try {
          parseApplicantCsv(input);
        } catch (error) {
          thrown = error;
        }

        // Assess
        expect(thrown === undefined || thrown instanceof ValidationError).toBe(true);
      }),
    );
  });

  it('accepts only valid addresses, each normalised and unique', () => {
    // Prepare: the same few people written with varied capitals and spaces, plus broken addresses.
    const person = fc.constantFrom(
      'ana@example.org',
      'Bo.Lee@Example.org',
      'cy+tag@example.co.uk',
      'ana@example.com',
    );
    const varied = fc
      .tuple(
        person,
        fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }),
        fc.constantFrom('', ' ', '  ', '\t'),
      )
      .map(([address, upper, pad]) => {
        const letters = Array.from(address, (ch, i) =>
          upper[i % upper.length] ? ch.toUpperCase() : ch.toLowerCase(),
        );
        return `${pad}${letters.join('')}${pad}`;
      });
    const email = fc.oneof(varied, fc.emailAddress(), fc.string({ maxLength: 12 }), fc.constant('ana@'));
    const rows = fc.array(fc.tuple(email, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 })), {
      minLength: 1,
      maxLength: 25,
    });

    fc.assert(
      fc.property(rows, (cells) => {
        const text = [csvLine(['email', 'name']), ...cells.map(csvLine)].join('\r\n');

        // Act
        let accepted: ReturnType<typeof parseApplicantCsv>['accepted'];
        try {
          accepted = parseApplicantCsv(text).accepted;
        } catch (error) {
          // Every row blank: nothing to check.
          if (error instanceof ValidationError) return;
          throw error;
        }

        // Assess
        for (const applicant of accepted) {
          expect(emailSchema.safeParse(applicant.email).success).toBe(true);
          expect(applicant.emailNormalised).toBe(normaliseEmail(applicant.email));
        }
        const addresses = accepted.map((a) => a.emailNormalised);
        expect(new Set(addresses).size).toBe(addresses.length);
      }),
    );
  });
});

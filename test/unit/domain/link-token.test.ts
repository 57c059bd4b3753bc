import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LinkError } from '#shared/domain/errors.ts';
import { type LinkClaims, type LinkPurpose, signLink, verifyLink } from '#shared/domain/link-token.ts';

const SECRET = 'test-signing-secret-0123456789abcdef';
const NOW = new Date('2026-11-23T12:00:00Z');
const IN_A_WEEK = new Date('2026-11-30T12:00:00Z');
const SAFE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'.split('');
const FORMAT = /^v1\.(apply|open-application)\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.\d+\.[A-Za-z0-9_-]{43}$/;

function claims(overrides: Partial<LinkClaims> = {}): LinkClaims {
  return { purpose: 'apply', subject: 'ppl_Ana', item: 'coh_autumn', expiresAt: IN_A_WEEK, ...overrides };
}

/** The reason `act` was refused with, or undefined when it was not; other errors fail the test. */
function refusal(act: () => unknown): LinkError['reason'] | undefined {
  try {
    act();
  } catch (error) {
    if (error instanceof LinkError) return error.reason;
    throw error;
  }
  return undefined;
}

/** Replaces one dot-separated part of a token, keeping the rest (and so the old signature). */
function withPart(token: string, index: number, value: string): string {
  const parts = token.split('.');
  parts[index] = value;
  return parts.join('.');
}

const safeText = fc.string({ unit: fc.constantFrom(...SAFE_CHARS), minLength: 1, maxLength: 30 });

describe('signLink', () => {
  it('writes v1, the purpose, subject, item, expiry in seconds and a base64url HMAC-SHA256', () => {
    // Prepare
    const input = claims({ expiresAt: new Date('2026-11-30T12:00:00.999Z') });

    // Act
    const token = signLink(SECRET, input);

    // Assess
    expect(token).toMatch(FORMAT);
    expect(
      token.startsWith(`v1.apply.ppl_Ana.coh_autumn.${Date.parse('2026-11-30T12:00:00Z') / 1000}.`),
    ).toBe(true);
  });

  it('signs the same claims the same way, and different secrets differently', () => {
    // Prepare
    const input = claims();

    // Act
    const first = signLink(SECRET, input);
    const again = signLink(SECRET, input);
    const otherSecret = signLink(`${SECRET}x`, input);

    // Assess
    expect(again).toBe(first);
    expect(otherSecret).not.toBe(first);
  });

  it.each([['a.b'], ['a b'], [''], ['ä'], ['a/b'], ['a=']])(
    'refuses to sign a subject or item %j that is not URL-safe',
    (part) => {
      // Prepare
      const withSubject = claims({ subject: part });
      const withItem = claims({ item: part });

      // Act
      const signSubject = () => signLink(SECRET, withSubject);
      const signItem = () => signLink(SECRET, withItem);

      // Assess
      expect(signSubject).toThrow('must be URL-safe');
      expect(signItem).toThrow('must be URL-safe');
    },
  );
});

describe('verifyLink', () => {
  it('gives back the claims, with the expiry to the second', () => {
    // Prepare
    const token = signLink(SECRET, claims({ expiresAt: new Date('2026-11-30T12:00:00.750Z') }));

    // Act
    const verified = verifyLink(SECRET, token, 'apply', NOW);

    // Assess
    expect(verified).toEqual({
      purpose: 'apply',
      subject: 'ppl_Ana',
      item: 'coh_autumn',
      expiresAt: new Date('2026-11-30T12:00:00.000Z'),
    });
  });

  it('accepts the open application link, which names no person', () => {
    // Prepare
    const token = signLink(SECRET, claims({ purpose: 'open-application', subject: '-' }));

    // Act
    const verified = verifyLink(SECRET, token, 'open-application', NOW);

    // Assess
    expect(verified.subject).toBe('-');
    expect(verified.purpose).toBe('open-application');
  });

  it.each([
    ['purpose', 1, 'open-application'],
    ['subject', 2, 'ppl_Bea'],
    ['item', 3, 'coh_spring'],
    ['expiry', 4, String(Date.parse('2027-11-30T12:00:00Z') / 1000)],
    ['signature', 5, 'A'.repeat(43)],
  ])('refuses a link whose %s was changed as tampered', (_part, index, value) => {
    // Prepare
    const token = withPart(signLink(SECRET, claims()), index, value);
    const claimedPurpose = token.split('.')[1] as LinkPurpose;

    // Act
    const reason = refusal(() => verifyLink(SECRET, token, claimedPurpose, NOW));

    // Assess
    expect(reason).toBe('tampered');
  });

  it('refuses a link signed with another secret as tampered', () => {
    // Prepare
    const token = signLink('another-secret', claims());

    // Act
    const reason = refusal(() => verifyLink(SECRET, token, 'apply', NOW));

    // Assess
    expect(reason).toBe('tampered');
  });

  it.each([
    ['at the second it expires', new Date('2026-11-30T12:00:00Z'), 'expired'],
    ['after it expires', new Date('2026-12-25T00:00:00Z'), 'expired'],
    ['one second before it expires', new Date('2026-11-30T11:59:59Z'), undefined],
  ])('treats a link %s accordingly', (_case, now, expected) => {
    // Prepare
    const token = signLink(SECRET, claims({ expiresAt: IN_A_WEEK }));

    // Act
    const reason = refusal(() => verifyLink(SECRET, token, 'apply', now));

    // Assess
    expect(reason).toBe(expected);
  });

  it('refuses a link made for another purpose', () => {
    // Prepare
    const token = signLink(SECRET, claims({ purpose: 'apply' }));

    // Act
    const reason = refusal(() => verifyLink(SECRET, token, 'open-application', NOW));

    // Assess
    expect(reason).toBe('wrong-purpose');
  });

  it('checks the signature before the expiry, and the expiry before the purpose', () => {
    // Prepare: a forged link should learn nothing about expiry.
    const expired = signLink(SECRET, claims({ expiresAt: new Date('2026-11-01T00:00:00Z') }));
    const forgedAndExpired = withPart(expired, 2, 'ppl_Bea');

    // Act
    const forgedReason = refusal(() => verifyLink(SECRET, forgedAndExpired, 'apply', NOW));
    const expiredOtherPurpose = refusal(() => verifyLink(SECRET, expired, 'open-application', NOW));

    // Assess
    expect(forgedReason).toBe('tampered');
    expect(expiredOtherPurpose).toBe('expired');
  });

  it.each([
    ['empty', ''],
    ['v1 alone', 'v1'],
    ['five parts', 'v1.apply.ppl_Ana.coh_autumn.1795953600'],
    ['seven parts', 'v1.apply.ppl_Ana.coh_autumn.1795953600.abc.def'],
    ['another version', 'v2.apply.ppl_Ana.coh_autumn.1795953600.abc'],
    ['an empty part', 'v1.apply..coh_autumn.1795953600.abc'],
    ['padding', 'v1.apply.ppl_Ana.coh_autumn.1795953600.abc='],
    ['a space', 'v1.apply.ppl Ana.coh_autumn.1795953600.abc'],
    ['standard base64', 'v1.apply.ppl_Ana.coh_autumn.1795953600.ab/c+'],
  ])('refuses a malformed link: %s', (_case, token) => {
    // Prepare: nothing beyond the token.

    // Act
    const reason = refusal(() => verifyLink(SECRET, token, 'apply', NOW));

    // Assess
    expect(reason).toBe('malformed');
  });

  it('refuses a correctly signed link whose expiry is not a number as malformed', () => {
    // Prepare
    const token = signLink(SECRET, claims({ expiresAt: new Date(Number.NaN) }));

    // Act
    const reason = refusal(() => verifyLink(SECRET, token, 'apply', NOW));

    // Assess
    expect(reason).toBe('malformed');
  });

  it('gives back what was signed, for any URL-safe subject and item and any future expiry', () => {
    // Prepare
    const input = fc.record({
      purpose: fc.constantFrom<LinkPurpose>('apply', 'open-application'),
      subject: safeText,
      item: safeText,
      expiresAt: fc.date({
        min: new Date(NOW.getTime() + 1000),
        max: new Date('2100-01-01T00:00:00Z'),
        noInvalidDate: true,
      }),
    });

    fc.assert(
      fc.property(input, (signed) => {
        const token = signLink(SECRET, signed);

        // Act
        const verified = verifyLink(SECRET, token, signed.purpose, NOW);

        // Assess
        expect(token).toMatch(FORMAT);
        expect(verified).toEqual({
          ...signed,
          expiresAt: new Date(Math.floor(signed.expiresAt.getTime() / 1000) * 1000),
        });
      }),
    );
  });

  it('refuses any link with one character changed', () => {
    // Prepare: the replacement may be URL-safe, a dot, or a character a mail client might add.
    const replacement = fc.constantFrom(...SAFE_CHARS, '.', '=', '/', '+', ' ', '%', 'é');
    const change = fc.record({ subject: safeText, item: safeText, at: fc.nat(), by: replacement });

    fc.assert(
      fc.property(change, ({ subject, item, at, by }) => {
        const token = signLink(SECRET, claims({ subject, item }));
        const index = at % token.length;
        fc.pre(token[index] !== by);
        const changed = `${token.slice(0, index)}${by}${token.slice(index + 1)}`;

        // Act
        const reason = refusal(() => verifyLink(SECRET, changed, 'apply', NOW));

        // Assess
        expect(reason).toBeDefined();
        expect(['malformed', 'tampered']).toContain(reason);
      }),
      { numRuns: 500 },
    );
  });
});

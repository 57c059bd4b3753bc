import { createHmac, timingSafeEqual } from 'node:crypto';
import { LinkError } from './errors.ts';

/**
 * Signed links are the participant's only credential: an HMAC-SHA256 over the purpose, the
 * participant, the item and the expiry. Changing any of them breaks the signature, so a link for
 * one check-in cannot open another, and a link for one person cannot act for someone else.
 *
 * Format (URL-safe, no padding): `v1.<purpose>.<subject>.<item>.<expiresEpochSeconds>.<mac>`.
 */
const LINK_PURPOSES = ['apply', 'open-application', 'unsubscribe', 'survey', 'check-in'] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];

export interface LinkClaims {
  purpose: LinkPurpose;
  /** The participant id, or `-` for a link that is not personal (the open application link). */
  subject: string;
  /** What the link acts on, such as a cohort id. */
  item: string;
  expiresAt: Date;
}

const SAFE = /^[A-Za-z0-9_-]+$/;

function mac(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

export function signLink(secret: string, claims: LinkClaims): string {
  for (const part of [claims.subject, claims.item]) {
    if (!SAFE.test(part)) throw new Error(`link part "${part}" must be URL-safe`);
  }
  const payload = [
    'v1',
    claims.purpose,
    claims.subject,
    claims.item,
    Math.floor(claims.expiresAt.getTime() / 1000),
  ].join('.');
  return `${payload}.${mac(secret, payload)}`;
}

/** Checks signature first, then expiry, then purpose: a forged link learns nothing about expiry. */
export function verifyLink(secret: string, token: string, purpose: LinkPurpose, now: Date): LinkClaims {
  const parts = token.split('.');
  if (parts.length !== 6 || parts[0] !== 'v1' || !parts.every((p) => SAFE.test(p)))
    throw new LinkError('malformed');
  const [, tokenPurpose, subject, item, expires, signature] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const expected = Buffer.from(mac(secret, parts.slice(0, 5).join('.')));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new LinkError('tampered');
  const expiresAt = new Date(Number(expires) * 1000);
  if (!Number.isFinite(expiresAt.getTime())) throw new LinkError('malformed');
  if (expiresAt.getTime() <= now.getTime()) throw new LinkError('expired');
  if (tokenPurpose !== purpose) throw new LinkError('wrong-purpose');
  return { purpose, subject, item, expiresAt };
}

import { createHash, randomBytes } from 'node:crypto';

/**
 * Ids are a short prefix that says what they name, then 16 URL-safe characters.
 * `idFromKey` derives the id from a client's Idempotency-Key, so a retried create names the
 * same thing instead of making a second one.
 */
export type IdPrefix = 'prg' | 'coh' | 'ppl' | 'imp' | 'run' | 'srq';

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}

export function idFromKey(prefix: IdPrefix, ...parts: string[]): string {
  return `${prefix}_${createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 16)}`;
}

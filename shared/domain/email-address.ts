import * as z from 'zod';

/**
 * One person, one address: we compare addresses trimmed and lower-cased. We do not strip dots
 * or `+tags`, because for most corporate mail servers those are different mailboxes.
 */
export function normaliseEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

export const emailSchema = z
  .string()
  .transform((value) => value.trim())
  .pipe(z.email({ message: 'must be an email address such as name@example.org' }).max(254));

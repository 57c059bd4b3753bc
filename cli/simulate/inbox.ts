import type { SentEmail } from '#infra/local/ses-feedback.ts';

/**
 * The SES emulator's store, read the way a person reads their mailbox: by address, by what the
 * email is about, and by the link in it. The emulator drops SES message tags, so the kind of an
 * email is told from its subject, in the words the templates in `shared/emails/` use.
 */
export type EmailKind = 'invitation' | 'application-link' | 'intake-reminder' | 'intake-summary' | 'other';

const SUBJECTS: readonly (readonly [EmailKind, RegExp])[] = [
  ['invitation', /^You are invited to apply to /],
  ['application-link', /^Your application link for /],
  ['intake-reminder', /^Applications for .* close soon$/],
  ['intake-summary', /^Intake closed for /],
];

export function emailKind(email: Pick<SentEmail, 'subject'>): EmailKind {
  return SUBJECTS.find(([, subject]) => subject.test(email.subject))?.[0] ?? 'other';
}

/** Everything the emulator holds; it is shared, so callers filter by the recipients they made up. */
export async function readInbox(sesUrl: string): Promise<SentEmail[]> {
  const response = await fetch(`${sesUrl}/store`);
  if (!response.ok) throw new Error(`The SES emulator's GET /store answered HTTP ${response.status}`);
  const { emails } = (await response.json()) as { emails: SentEmail[] };
  return emails;
}

function recipientsOf(email: SentEmail): string[] {
  const { to, cc, bcc } = email.destination;
  return [...to, ...cc, ...bcc].map((address) => address.toLowerCase());
}

/** Mail per recipient (lower-cased), keeping only the recipients asked for. */
export function mailByRecipient(
  emails: readonly SentEmail[],
  recipients: Iterable<string>,
): Map<string, SentEmail[]> {
  const byRecipient = new Map<string, SentEmail[]>();
  for (const recipient of recipients) byRecipient.set(recipient.toLowerCase(), []);
  for (const email of emails) {
    for (const recipient of recipientsOf(email)) byRecipient.get(recipient)?.push(email);
  }
  return byRecipient;
}

/** The personal application link in an email (`…/apply/<token>`), from its text part. */
export function applyLink(email: SentEmail): string | undefined {
  const text = email.body.text ?? email.body.html ?? '';
  return /https?:\/\/[^\s"'<>]+\/apply\/[A-Za-z0-9._~-]+/.exec(text)?.[0];
}

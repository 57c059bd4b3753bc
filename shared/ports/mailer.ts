export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  unsubscribeUrl?: string;
  /** Tags travel with SES events (bounces, complaints) back to us; ids only. */
  tags: Record<string, string>;
}

/** Thrown when the mail service asks us to slow down; the message is retried later. */
export class MailThrottledError extends Error {
  override readonly name = 'MailThrottledError';
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}

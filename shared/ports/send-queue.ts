/**
 * One email to send. `sendKey` is `(kind, recipient, occurrence)` — the sender records it with
 * a conditional put, so however often a job is enqueued, the email goes out once.
 */
export interface SendJob {
  sendKey: string;
  kind: string;
  /** Who it is for, by id: logs carry this, never the address. */
  recipientId: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** One-click unsubscribe (RFC 8058), when the recipient is a participant. */
  unsubscribeUrl?: string;
}

export interface SendQueue {
  enqueue(jobs: SendJob[]): Promise<void>;
}

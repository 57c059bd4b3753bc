import type { Deps } from './deps.ts';

interface EmailFeedback {
  kind: 'bounce' | 'complaint';
  /** Only permanent bounces suppress: a full mailbox today may work tomorrow. */
  permanent: boolean;
  recipients: string[];
}

/** Bounces and complaints from SES put the address on our suppression list. Idempotent. */
export async function recordEmailFeedback(
  deps: Pick<Deps, 'clock' | 'suppressions'>,
  feedback: EmailFeedback,
): Promise<number> {
  if (feedback.kind === 'bounce' && !feedback.permanent) return 0;
  const now = deps.clock.now();
  await Promise.all(feedback.recipients.map((email) => deps.suppressions.add(email, feedback.kind, now)));
  return feedback.recipients.length;
}

import { MailThrottledError } from '#shared/ports/mailer.ts';
import type { SendJob } from '#shared/ports/send-queue.ts';
import type { Deps } from './deps.ts';

/** Longer than one SES call can take; a sender that dies keeps its claim no longer than this. */
const LEASE_MS = 2 * 60_000;

type SendOutcome = 'sent' | 'already-sent' | 'suppressed';

/**
 * Primary course:
 * 1. Claim the send key with a conditional write; if someone already sent it, stop.
 * 2. Skip addresses on the suppression list (bounced, complained, unsubscribed).
 * 3. Send through SES and record the message id.
 * If SES fails, the claim is released and the error rises, so the queue retries this job only.
 */
export async function sendEmail(
  deps: Pick<Deps, 'clock' | 'sendLedger' | 'suppressions' | 'mailer'>,
  job: SendJob,
): Promise<SendOutcome> {
  const now = deps.clock.now();
  if (!(await deps.sendLedger.claim(job.sendKey, job.recipientId, now, LEASE_MS))) return 'already-sent';
  if (await deps.suppressions.isSuppressed(job.to)) {
    await deps.sendLedger.markSuppressed(job.sendKey, now);
    return 'suppressed';
  }
  let messageId: string;
  try {
    ({ messageId } = await deps.mailer.send({
      to: job.to,
      subject: job.subject,
      html: job.html,
      text: job.text,
      ...(job.unsubscribeUrl ? { unsubscribeUrl: job.unsubscribeUrl } : {}),
      tags: { kind: job.kind, recipient: job.recipientId },
    }));
  } catch (error) {
    await deps.sendLedger.release(job.sendKey);
    throw error instanceof MailThrottledError
      ? error
      : new Error(`SES refused ${job.kind} email`, { cause: error });
  }
  await deps.sendLedger.markSent(job.sendKey, messageId, deps.clock.now());
  return 'sent';
}

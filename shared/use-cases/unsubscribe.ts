import { verifyLink } from '#shared/domain/link-token.ts';
import type { Deps } from './deps.ts';

/**
 * Stops program email to the link's owner. Idempotent; a link for someone since erased
 * succeeds quietly, since there is nobody left to email.
 */
export async function unsubscribe(
  deps: Pick<Deps, 'signingKey' | 'clock' | 'participants' | 'suppressions' | 'checkIns'>,
  token: string,
): Promise<void> {
  const now = deps.clock.now();
  const claims = verifyLink(await deps.signingKey.get(), token, 'unsubscribe', now);
  const participant = await deps.participants.get(claims.item, claims.subject);
  if (!participant) return;
  await deps.suppressions.add(participant.email, 'unsubscribe', now);
  // The coordinator hears of it in the next check-in digest (one notice per person, however often they click).
  await deps.checkIns.addNotice({
    cohortId: participant.cohortId,
    kind: 'unsubscribed',
    id: participant.participantId,
    at: now.toISOString(),
    participantId: participant.participantId,
  });
}

/** Checks the link before showing the confirm page, so a broken link says so at once. */
export async function checkUnsubscribeLink(
  deps: Pick<Deps, 'signingKey' | 'clock'>,
  token: string,
): Promise<void> {
  verifyLink(await deps.signingKey.get(), token, 'unsubscribe', deps.clock.now());
}

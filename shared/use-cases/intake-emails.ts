import type { Cohort } from '#shared/domain/cohort.ts';
import type { IntakeCounts } from '#shared/domain/intake-counts.ts';
import type { Participant } from '#shared/domain/participant.ts';
import type { Program } from '#shared/domain/program.ts';
import { formatInZone } from '#shared/domain/zoned-time.ts';
import { renderIntakeReminderEmail } from '#shared/emails/intake-reminder.ts';
import { renderIntakeSummaryEmail } from '#shared/emails/intake-summary.ts';
import { renderInvitationEmail } from '#shared/emails/invitation.ts';
import { renderOpenApplicationLinkEmail } from '#shared/emails/open-application-link.ts';
import type { SendJob } from '#shared/ports/send-queue.ts';
import type { Deps } from './deps.ts';
import { applyUrl, unsubscribeUrl } from './participant-links.ts';

type ParticipantEmailKind = 'invitation' | 'application-link' | 'intake-reminder';

type Context =
  | { program: Program; cohort: Cohort; participant: Participant }
  | { program: Program; cohort: Cohort; counts: IntakeCounts; to: string; index: number };

const templates = {
  invitation: renderInvitationEmail,
  'application-link': renderOpenApplicationLinkEmail,
  'intake-reminder': renderIntakeReminderEmail,
};

/**
 * Turns an intake email into a send job. The send key is `(kind, recipient, occurrence)`:
 * by default one invitation, one reminder and one summary per person and cohort, whoever asks
 * and however often. `occurrence` lets a deliberate re-send (a new link today) be a new email.
 */
export async function composeIntakeEmail(
  deps: Pick<Deps, 'signingKey' | 'publicBaseUrl'>,
  kind: ParticipantEmailKind | 'intake-summary',
  context: Context,
  occurrence: string = context.cohort.cohortId,
): Promise<SendJob> {
  const closesAtText = formatInZone(context.cohort.intakeClosesAt, context.cohort.timeZone);
  if (kind === 'intake-summary' || !('participant' in context)) {
    if (!('counts' in context)) throw new Error(`${kind} needs intake counts`);
    // Coordinators are not participants: they are identified by program and position only.
    const recipientId = `coordinator-${context.program.programId}-${context.index}`;
    return {
      sendKey: `intake-summary#${recipientId}#${occurrence}`,
      kind: 'intake-summary',
      recipientId,
      to: context.to,
      ...renderIntakeSummaryEmail({
        program: context.program,
        cohort: context.cohort,
        counts: context.counts,
      }),
    };
  }
  const { participant } = context;
  const unsubscribe = await unsubscribeUrl(deps, context.cohort, participant.participantId);
  const email = templates[kind]({
    program: context.program,
    cohort: context.cohort,
    participant,
    applyUrl: await applyUrl(deps, context.cohort, participant.participantId),
    closesAtText,
    unsubscribeUrl: unsubscribe,
  });
  return {
    sendKey: `${kind}#${participant.participantId}#${occurrence}`,
    kind,
    recipientId: participant.participantId,
    to: participant.email,
    unsubscribeUrl: unsubscribe,
    ...email,
  };
}

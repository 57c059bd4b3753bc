import type { Cohort } from '#shared/domain/cohort.ts';
import type { Participant } from '#shared/domain/participant.ts';
import type { Program } from '#shared/domain/program.ts';
import { greeting, type RenderedEmail, renderEmail } from './email-layout.ts';

interface IntakeReminderEmailInput {
  program: Pick<Program, 'name'>;
  cohort: Pick<Cohort, 'name'>;
  participant: Pick<Participant, 'name'>;
  /** The participant's signed application link. */
  applyUrl: string;
  /** When intake closes, already in the cohort's zone (`formatInZone`). */
  closesAtText: string;
  unsubscribeUrl?: string;
}

/** The one reminder an invitee who has not applied gets before intake closes. */
export function renderIntakeReminderEmail(input: IntakeReminderEmailInput): RenderedEmail {
  const { program, cohort, participant, applyUrl, closesAtText, unsubscribeUrl } = input;
  return renderEmail({
    subject: `Applications for ${cohort.name} close soon`,
    programName: program.name,
    unsubscribeUrl,
    blocks: [
      greeting(participant.name),
      {
        type: 'paragraph',
        text: `You were invited to apply to ${cohort.name} of ${program.name}, and applications close on ${closesAtText}.`,
      },
      { type: 'button', url: applyUrl, label: 'Apply now' },
      {
        type: 'paragraph',
        text: 'If you would rather not take part this time, you need not do anything: this is the only reminder we send.',
      },
    ],
  });
}

import { greeting, type IntakeEmailInput, type RenderedEmail, renderEmail } from './email-layout.ts';

/** The one reminder an invitee who has not applied gets before intake closes. */
export function renderIntakeReminderEmail(input: IntakeEmailInput): RenderedEmail {
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

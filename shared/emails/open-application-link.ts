import { greeting, type IntakeEmailInput, type RenderedEmail, renderEmail } from './email-layout.ts';

/**
 * Sent to whoever gave this address on the open application page. Anyone could have typed it,
 * so the email says what to do if it was not them: nothing happens unless the link is used.
 */
export function renderOpenApplicationLinkEmail(input: IntakeEmailInput): RenderedEmail {
  const { program, cohort, participant, applyUrl, closesAtText, unsubscribeUrl } = input;
  return renderEmail({
    subject: `Your application link for ${program.name}`,
    programName: program.name,
    unsubscribeUrl,
    blocks: [
      greeting(participant.name),
      {
        type: 'paragraph',
        text: `You asked to apply to ${cohort.name} of ${program.name}. Here is your personal link to the application form.`,
      },
      { type: 'button', url: applyUrl, label: 'Open my application' },
      {
        type: 'paragraph',
        text: `Applications close on ${closesAtText}. Until then you can use the same link to change your answers. The link is personal: please do not forward it.`,
      },
      {
        type: 'paragraph',
        text: 'If you did not ask for this, you can ignore this email: nothing happens unless the link is used.',
      },
    ],
  });
}

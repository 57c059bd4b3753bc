import { supportRoleDescriptions } from '#shared/domain/support-roles.ts';
import { greeting, type IntakeEmailInput, type RenderedEmail, renderEmail } from './email-layout.ts';

/** The first email an invitee gets: what the program offers, and their personal link to apply. */
export function renderInvitationEmail(input: IntakeEmailInput): RenderedEmail {
  const { program, cohort, participant, applyUrl, closesAtText, unsubscribeUrl } = input;
  return renderEmail({
    subject: `You are invited to apply to ${program.name}`,
    programName: program.name,
    unsubscribeUrl,
    blocks: [
      greeting(participant.name),
      { type: 'paragraph', text: `You are invited to apply to ${cohort.name} of ${program.name}.` },
      { type: 'text', text: program.description },
      { type: 'paragraph', text: 'In this program people can ask for, or offer, these kinds of support:' },
      {
        type: 'list',
        items: program.supportRoles.map((role) => ({
          strong: supportRoleDescriptions[role].title,
          text: supportRoleDescriptions[role].does,
        })),
      },
      {
        type: 'paragraph',
        text: 'Allyship is a two-way street: you can ask for support, offer it, or both. If you offer support, you choose how many people you can support in each role, and we never give you more.',
      },
      { type: 'button', url: applyUrl, label: 'Apply now' },
      {
        type: 'paragraph',
        text: `Applications close on ${closesAtText}. Until then you can use the same link to change your answers. The link is personal: please do not forward it.`,
      },
      { type: 'paragraph', text: 'Questions, or need a new link? Reply to this email.' },
    ],
  });
}

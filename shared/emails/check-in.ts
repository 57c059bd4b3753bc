import type { Side } from '#shared/domain/check-ins/answers.ts';
import { type SupportRole, supportRoleDescriptions } from '#shared/domain/support-roles.ts';
import { type EmailBlock, greeting, type RenderedEmail, renderEmail } from './email-layout.ts';

interface CheckInEmailInput {
  programName: string;
  to: { name: string; side: Side };
  otherName: string;
  role: SupportRole;
  fitCheck: boolean;
  /** The person's signed check-in link; each one-click answer adds its choice to it. */
  checkInUrl: string;
  /** When answers close, in the cohort's zone. */
  closesAtText: string;
  reminder: boolean;
  unsubscribeUrl?: string;
}

const scale = (url: string, field: string) =>
  [1, 2, 3, 4, 5].map((n) => ({ text: String(n), url: `${url}?${field}=${n}` }));

/** First names keep subjects short and personal; a name with one word is used whole. */
export function firstName(name: string, fallback = 'your match'): string {
  return name.trim().split(/\s+/)[0] || fallback;
}

/**
 * The check-in, answered by clicking: each link opens a page with that answer already chosen,
 * and nothing is saved until the person presses Save there (mail scanners open every link).
 */
export function renderCheckInEmail(input: CheckInEmailInput): RenderedEmail {
  const { to, checkInUrl: url } = input;
  const other = firstName(input.otherName);
  const title = supportRoleDescriptions[input.role].title.toLowerCase();
  const about =
    to.side === 'seeker'
      ? `${input.otherName}, your ${title}`
      : `${input.otherName}, whom you support as ${title}`;
  const blocks: EmailBlock[] = [
    greeting(to.name),
    {
      type: 'paragraph',
      text: input.reminder
        ? `A gentle reminder: we have not heard from you yet about ${about}. One click is enough.`
        : `Time for a quick check-in about ${about}. One click is enough; you can change your answer until ${input.closesAtText}.`,
    },
  ];
  if (input.fitCheck) {
    blocks.push({
      type: 'links',
      label: `Is ${other} a good fit for you?`,
      links: [
        { text: 'Good fit', url: `${url}?fit=good` },
        { text: 'Still deciding', url: `${url}?fit=deciding` },
        { text: 'Not a fit', url: `${url}?fit=not-a-fit` },
      ],
      ...(to.side === 'seeker'
        ? { hint: 'If it is not a fit, the page lets you ask for someone else.' }
        : {}),
    });
  }
  blocks.push(
    {
      type: 'links',
      label: 'Did you meet since the last check-in?',
      links: [
        { text: 'Yes, we met', url: `${url}?met=yes` },
        { text: 'No, not yet', url: `${url}?met=no` },
      ],
    },
    {
      type: 'links',
      label: 'How is it going?',
      links: scale(url, 'rating'),
      hint: '1 means badly, 5 means very well.',
    },
  );
  if (to.side === 'supporter') {
    blocks.push({
      type: 'links',
      label: 'How is your energy for this?',
      links: scale(url, 'energy'),
      hint: '1 means drained, 5 means full of energy. Supporting others is work: we never give you more than you can carry.',
    });
    if (input.role === 'sponsor') {
      blocks.push({
        type: 'links',
        label: `What did you do for ${other} since last time?`,
        links: [
          { text: 'Spoke up for them', url: `${url}?action=spoke-up` },
          { text: 'Nominated them', url: `${url}?action=nominated` },
          { text: 'Introduced them', url: `${url}?action=introduced` },
          { text: 'Recommended a stretch assignment', url: `${url}?action=stretch` },
        ],
      });
    }
    blocks.push({
      type: 'paragraph',
      text: `On the page you can also send ${other} a short note of appreciation: small words of recognition go a long way.`,
    });
  }
  blocks.push({ type: 'button', url: `${url}?help=yes`, label: 'I need help from the program' });
  return renderEmail({
    subject: input.reminder
      ? `Reminder: check-in about ${other}`
      : input.fitCheck
        ? `Check-in: is ${other} a good fit?`
        : `Check-in: how is it going with ${other}?`,
    programName: input.programName,
    ...(input.unsubscribeUrl ? { unsubscribeUrl: input.unsubscribeUrl } : {}),
    blocks,
  });
}

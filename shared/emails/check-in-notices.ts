import type { RiskReason } from '#shared/domain/check-ins/alerts.ts';
import type { NoticeKind } from '#shared/domain/check-ins/check-in.ts';
import { type SupportRole, supportRoleDescriptions } from '#shared/domain/support-roles.ts';
import { firstName } from './check-in.ts';
import { type EmailBlock, greeting, type RenderedEmail, renderEmail } from './email-layout.ts';

/** The supporter's note of appreciation, passed on to the seeker word for word (and escaped). */
export function renderAppreciationEmail(input: {
  programName: string;
  seekerName: string;
  supporterName: string;
  note: string;
  unsubscribeUrl?: string;
}): RenderedEmail {
  return renderEmail({
    subject: `A note from ${firstName(input.supporterName, 'your supporter')}`,
    programName: input.programName,
    ...(input.unsubscribeUrl ? { unsubscribeUrl: input.unsubscribeUrl } : {}),
    blocks: [
      greeting(input.seekerName),
      { type: 'paragraph', text: `${input.supporterName} wanted you to know:` },
      { type: 'text', text: input.note },
    ],
  });
}

/** Both people of a pair that stopped meeting: closed kindly, with a way back through the coordinator. */
export function renderPairClosedEmail(input: {
  programName: string;
  name: string;
  otherName: string;
  role: SupportRole;
  inactiveDays: number;
  coordinatorEmail?: string;
  unsubscribeUrl?: string;
}): RenderedEmail {
  const title = supportRoleDescriptions[input.role].title.toLowerCase();
  return renderEmail({
    subject: `Your ${title} pairing has been closed`,
    programName: input.programName,
    ...(input.unsubscribeUrl ? { unsubscribeUrl: input.unsubscribeUrl } : {}),
    blocks: [
      greeting(input.name),
      {
        type: 'paragraph',
        text: `We have not heard that you and ${input.otherName} met in the last ${input.inactiveDays} days, so we have closed your ${title} pairing. Nobody is at fault: life gets busy.`,
      },
      {
        type: 'paragraph',
        text: input.coordinatorEmail
          ? `If you would like to carry on, or to be matched again, write to ${input.coordinatorEmail}.`
          : 'If you would like to carry on, or to be matched again, write to your program coordinator.',
      },
    ],
  });
}

/**
 * "I need help from the program": one email to each coordinator, at once, with who asked and how
 * to reach them (the coordinator is to get in touch), and their note if they wrote one.
 */
export function renderSupportRequestEmail(input: {
  programName: string;
  cohortName: string;
  round: number;
  requesterName: string;
  requesterEmail: string;
  side: 'seeker' | 'supporter';
  role: SupportRole;
  note?: string;
}): RenderedEmail {
  const blocks: EmailBlock[] = [
    {
      type: 'paragraph',
      text: `${input.requesterName} (${input.requesterEmail}), a ${input.side} in a ${input.role} pairing, asked for help from the program in check-in round ${input.round} of ${input.cohortName}.`,
    },
  ];
  if (input.note) blocks.push({ type: 'paragraph', text: 'They wrote:' }, { type: 'text', text: input.note });
  blocks.push({ type: 'paragraph', text: 'Please get in touch with them soon.' });
  return renderEmail({
    subject: `${input.cohortName}: someone asked for help`,
    programName: input.programName,
    blocks,
  });
}

const REASON_WORDS: Record<RiskReason, string> = {
  'missed-two-rounds': 'no answer for two rounds',
  'not-met-twice': 'said twice they have not met',
  'low-rating': 'rated it 2 or less',
};

export interface DigestLine {
  kind: NoticeKind;
  /** Names, already looked up; ids when the person has been erased. */
  who: string;
  round?: number;
  reasons?: RiskReason[];
}

const SECTIONS: { kind: DigestLine['kind']; caption: string }[] = [
  { kind: 'help-request', caption: 'Asked for help' },
  { kind: 'pair-at-risk', caption: 'Pairs at risk' },
  {
    kind: 'supporter-flagged',
    caption: 'Supporters flagged for low energy (no new matches until you clear it)',
  },
  { kind: 'pair-closed', caption: 'Pairs closed after going quiet' },
  { kind: 'rematched', caption: 'Seekers re-matched after “not a fit”' },
  { kind: 'unsubscribed', caption: 'Unsubscribed from program emails' },
];

/** The coordinator's one email a day: everything that happened since the last, grouped. */
export function renderCheckInDigestEmail(input: {
  programName: string;
  cohortName: string;
  date: string;
  lines: readonly DigestLine[];
}): RenderedEmail {
  const blocks: EmailBlock[] = [
    { type: 'paragraph', text: `What needs your attention in ${input.cohortName} since the last digest.` },
  ];
  for (const section of SECTIONS) {
    const lines = input.lines.filter((l) => l.kind === section.kind);
    if (lines.length === 0) continue;
    blocks.push({ type: 'paragraph', text: `${section.caption} (${lines.length}):` });
    blocks.push({
      type: 'list',
      items: lines.map((l) => ({
        text: [
          l.who,
          l.round !== undefined ? `round ${l.round}` : '',
          l.reasons?.length ? l.reasons.map((r) => REASON_WORDS[r]).join('; ') : '',
        ]
          .filter(Boolean)
          .join(', '),
      })),
    });
  }
  blocks.push({
    type: 'paragraph',
    text: 'See every round with `mentorflow checkins status` or GET /cohorts/{cohortId}/check-ins.',
  });
  return renderEmail({
    subject: `${input.cohortName}: check-in digest ${input.date}`,
    programName: input.programName,
    blocks,
  });
}

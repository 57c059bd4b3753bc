import type { ScoreFactor } from '#shared/domain/matching/types.ts';
import { firstSteps, type SupportRole, supportRoleDescriptions } from '#shared/domain/support-roles.ts';
import { type EmailBlock, greeting, type RenderedEmail, renderEmail } from './email-layout.ts';

interface IntroductionEmailInput {
  programName: string;
  cohortName: string;
  role: SupportRole;
  /** Who receives this email, and in which part of the pair. */
  to: { name: string; side: 'seeker' | 'supporter' };
  other: { name: string; email: string };
  /** The match's score factors; the strongest few are said in plain words. */
  factors: ScoreFactor[];
  /** For supporters: the places they offered in this role, which we never exceed. */
  capacity?: number;
  unsubscribeUrl?: string;
}

/** "a mentor", "an advocate". */
export function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

/** How many reasons an introduction gives: enough to start a conversation, few enough to read. */
const REASONS = 3;

/**
 * The introduction each person of an approved match gets: who, in which role, why (the top
 * factors in plain words) and a first step for that role.
 */
export function renderIntroductionEmail(input: IntroductionEmailInput): RenderedEmail {
  const { role, to, other } = input;
  const title = supportRoleDescriptions[role].title.toLowerCase();
  const aTitle = withArticle(title);
  const reasons = [...input.factors]
    .filter((f) => f.points > 0)
    .sort((a, b) => b.points - a.points)
    .slice(0, REASONS);
  const blocks: EmailBlock[] = [
    greeting(to.name),
    {
      type: 'paragraph',
      text:
        to.side === 'seeker'
          ? `Meet ${other.name}, your ${title} in ${input.cohortName}. As ${aTitle}, ${other.name} ${supportRoleDescriptions[role].does}.`
          : `Meet ${other.name}, whom you will support as ${aTitle} in ${input.cohortName}.`,
    },
    ...(reasons.length > 0
      ? [
          { type: 'paragraph', text: 'Why we matched you:' } as const,
          { type: 'list', items: reasons.map((r) => ({ text: r.says })) } as const,
        ]
      : []),
    { type: 'paragraph', text: `A good first step: ${firstSteps[role]}` },
    { type: 'paragraph', text: `You can reach ${other.name} at ${other.email}.` },
  ];
  if (to.side === 'supporter' && input.capacity !== undefined) {
    blocks.push({
      type: 'paragraph',
      text: `You offered to support up to ${input.capacity} ${input.capacity === 1 ? 'person' : 'people'} as ${aTitle}; we will never ask more of you than that.`,
    });
  }
  return renderEmail({
    subject:
      to.side === 'seeker'
        ? `Meet your ${title}: ${other.name}`
        : `Meet ${other.name}, whom you will support`,
    programName: input.programName,
    unsubscribeUrl: input.unsubscribeUrl,
    blocks,
  });
}

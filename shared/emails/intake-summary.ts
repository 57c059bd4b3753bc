import type { Cohort } from '#shared/domain/cohort.ts';
import type { IntakeCounts } from '#shared/domain/intake-counts.ts';
import type { Program } from '#shared/domain/program.ts';
import { supportRoleDescriptions } from '#shared/domain/support-roles.ts';
import { type EmailBlock, type RenderedEmail, renderEmail } from './email-layout.ts';

interface IntakeSummaryEmailInput {
  program: Pick<Program, 'name' | 'supportRoles'>;
  cohort: Pick<Cohort, 'name'>;
  counts: IntakeCounts;
  unsubscribeUrl?: string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * What the coordinator learns when intake closes: numbers only. Names, addresses and answers stay
 * in the review screens behind sign-in, never in a mailbox that may be shared or forwarded.
 */
export function renderIntakeSummaryEmail({
  program,
  cohort,
  counts,
  unsubscribeUrl,
}: IntakeSummaryEmailInput): RenderedEmail {
  const { invited, applied, approved, declined } = counts.byStatus;
  const applications = applied + approved + declined;
  const short = program.supportRoles.filter((role) => counts.seeking[role] > counts.offering[role].places);
  const capacityNote: EmailBlock =
    short.length > 0
      ? {
          type: 'paragraph',
          text: `More people seek than there are places for: ${short.map((role) => supportRoleDescriptions[role].title).join(', ')}. Supporters' capacities are limits we keep, so some seekers may stay unmatched in these roles unless more supporters join.`,
        }
      : { type: 'paragraph', text: 'There are enough places offered for everyone seeking each role.' };
  return renderEmail({
    subject: `Intake closed for ${cohort.name}: ${plural(applications, 'application', 'applications')}`,
    programName: program.name,
    unsubscribeUrl,
    blocks: [
      { type: 'paragraph', text: `Applications for ${cohort.name} have closed. Matching comes next.` },
      {
        type: 'list',
        items: [
          { text: `${plural(applications, 'application', 'applications')} in all` },
          { text: `${approved} approved, ${declined} declined, ${applied} still to review` },
          { text: `${plural(invited, 'person', 'people')} invited who did not apply` },
          { text: `${plural(counts.bothWays, 'person', 'people')} both seeking and offering support` },
        ],
      },
      {
        type: 'table',
        caption: 'Support sought and offered, by role (declined applications not counted)',
        head: ['Role', 'People seeking', 'People offering', 'Places offered'],
        rows: program.supportRoles.map((role) => [
          supportRoleDescriptions[role].title,
          counts.seeking[role],
          counts.offering[role].people,
          counts.offering[role].places,
        ]),
      },
      capacityNote,
      { type: 'paragraph', text: 'Names and answers are in the review screens, behind sign-in.' },
    ],
  });
}

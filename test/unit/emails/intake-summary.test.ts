import { describe, expect, it } from 'vitest';
import { countIntake } from '#shared/domain/intake-counts.ts';
import { renderIntakeSummaryEmail } from '#shared/emails/intake-summary.ts';
import { aCohort, anApplication, aParticipant, aProgram, HOSTILE } from '../web/fixtures.ts';

describe('renderIntakeSummaryEmail', () => {
  // Prepare: people whose names and addresses must never reach the coordinator's mailbox.
  const people = [
    aParticipant({
      participantId: 'ppl_1',
      name: `${HOSTILE} Zora`,
      email: 'zora.secret@example.org',
      status: 'applied',
      application: anApplication({
        name: 'Zora Applicant',
        seeks: ['mentor', 'sponsor'],
        offers: [{ role: 'coach', capacity: 2 }],
      }),
    }),
    aParticipant({
      participantId: 'ppl_2',
      name: 'Yusuf Quiet',
      email: 'yusuf.secret@example.org',
      status: 'approved',
      application: anApplication({ name: 'Yusuf Quiet', seeks: ['sponsor'], offers: [] }),
    }),
    aParticipant({
      participantId: 'ppl_3',
      name: 'Xiu Notyet',
      email: 'xiu.secret@example.org',
      status: 'invited',
    }),
  ];
  const email = renderIntakeSummaryEmail({
    program: aProgram(),
    cohort: aCohort(),
    counts: countIntake(people),
    unsubscribeUrl: 'https://mentorflow.example.org/unsubscribe/t',
  });
  const everything = `${email.subject}\n${email.html}\n${email.text}`;

  it('contains no names and no addresses', () => {
    // Assess
    for (const secret of ['Zora', 'Yusuf', 'Xiu', 'secret@', 'example.org/apply', 'Applicant', 'script']) {
      expect(everything).not.toContain(secret);
    }
  });

  it('counts applications, invitees who did not apply, and each role sought and offered', () => {
    // Assess
    expect(email.subject).toBe('Intake closed for Spring 2026: 2 applications');
    expect(email.text).toContain('- 2 applications in all');
    expect(email.text).toContain('- 1 approved, 0 declined, 1 still to review');
    expect(email.text).toContain('- 1 person invited who did not apply');
    expect(email.text).toContain('- 1 person both seeking and offering support');
    expect(email.text).toContain('Role: Mentor, People seeking: 1, People offering: 0, Places offered: 0');
    expect(email.text).toContain('Role: Sponsor, People seeking: 2, People offering: 0, Places offered: 0');
    expect(email.text).toContain('Role: Coach, People seeking: 0, People offering: 1, Places offered: 2');
    expect(email.html).toContain(
      '<th scope="col" style="border:1px solid #b1b4b6;padding:4px 8px;text-align:left">People seeking</th>',
    );
  });

  it('points out roles where more people seek than there are places', () => {
    // Assess
    expect(email.text).toContain('More people seek than there are places for: Mentor, Sponsor.');
  });
});

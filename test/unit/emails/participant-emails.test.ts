import { describe, expect, it } from 'vitest';
import { renderIntakeReminderEmail } from '#shared/emails/intake-reminder.ts';
import { renderInvitationEmail } from '#shared/emails/invitation.ts';
import { renderOpenApplicationLinkEmail } from '#shared/emails/open-application-link.ts';
import { aCohort, aParticipant, aProgram, HOSTILE } from '../web/fixtures.ts';

const applyUrl = 'https://mentorflow.example.org/apply/v1.apply.ppl_1.coh_1.1777777777.sig_-x';
const unsubscribeUrl = 'https://mentorflow.example.org/unsubscribe/v1.unsub.ppl_1.coh_1.1777777777.sig';

const input = (overrides: { name?: string; programName?: string; unsubscribe?: boolean } = {}) => ({
  program: aProgram({ name: overrides.programName ?? 'Rise Together' }),
  cohort: aCohort(),
  participant: aParticipant({ name: overrides.name ?? 'Ada Obi' }),
  applyUrl,
  closesAtText: 'Saturday 28 February 2026 at 23:59 GMT',
  ...(overrides.unsubscribe === false ? {} : { unsubscribeUrl }),
});

const templates = [
  ['invitation', renderInvitationEmail],
  ['intake reminder', renderIntakeReminderEmail],
  ['open application link', renderOpenApplicationLinkEmail],
] as const;

describe.each(templates)('the %s email', (_kind, render) => {
  it('carries the personal link in both parts and greets the person', () => {
    // Act
    const email = render(input());

    // Assess
    expect(email.text).toContain(applyUrl);
    expect(email.html).toContain(`href="${applyUrl}"`);
    expect(email.text).toContain('Hello Ada Obi,');
    expect(email.html).toContain('<html lang="en">');
  });

  it('escapes a hostile name and program name, and keeps them on one line', () => {
    // Act
    const email = render(
      input({ name: `${HOSTILE}\nClick here: https://evil.example`, programName: `${HOSTILE}\r\nBcc: x` }),
    );

    // Assess
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.text).toContain(`Hello ${HOSTILE} Click here: https://evil.example,`);
    expect(email.text).not.toMatch(/^Bcc:/m);
  });

  it('ends with the program name and, when there is an unsubscribe link, how to use it', () => {
    // Act
    const subscribed = render(input());
    const without = render(input({ unsubscribe: false }));

    // Assess
    expect(subscribed.text).toMatch(
      /--\nRise Together\nYou are receiving this email because of Rise Together\./,
    );
    expect(subscribed.text).toContain(
      `If you no longer want these emails, unsubscribe here: ${unsubscribeUrl}`,
    );
    expect(subscribed.html).toContain(`<a href="${unsubscribeUrl}"`);
    expect(without.text).not.toContain('unsubscribe');
    expect(without.html).not.toContain('unsubscribe');
  });

  it('refuses a link that is not http(s)', () => {
    // Act and assess
    expect(() => render({ ...input(), applyUrl: 'javascript:alert(1)' })).toThrow(/http\(s\)/);
  });

  it('says when applications close', () => {
    // Act
    const email = render(input());

    // Assess
    expect(email.text).toContain('Saturday 28 February 2026 at 23:59 GMT');
  });
});

describe('the invitation email', () => {
  it('says which kinds of support the program offers and that capacity is the supporter’s to set', () => {
    // Act
    const email = renderInvitationEmail(input());

    // Assess
    expect(email.subject).toBe('You are invited to apply to Rise Together');
    expect(email.text).toContain(
      '- Sponsor — is senior and influential, and speaks up for the person in rooms they are not in',
    );
    expect(email.text).not.toContain('Challenger');
    expect(email.text).toContain('we never give you more');
    expect(email.text).toContain('Allyship runs both ways.');
  });

  it('greets someone whose import brought no name', () => {
    // Act
    const email = renderInvitationEmail(input({ name: ' ' }));

    // Assess
    expect(email.text.startsWith('Hello,\n')).toBe(true);
  });
});

describe('the open application link email', () => {
  it('tells someone who did not ask for it that nothing happens', () => {
    // Act
    const email = renderOpenApplicationLinkEmail(input());

    // Assess
    expect(email.text).toContain('If you did not ask for this, you can ignore this email');
  });
});

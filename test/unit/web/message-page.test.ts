import { describe, expect, it } from 'vitest';
import { type PageMessage, renderMessagePage } from '#shared/web/pages/message-page.ts';
import { HOSTILE } from './fixtures.ts';

describe('renderMessagePage', () => {
  it.each(['expired', 'tampered', 'malformed', 'wrong-purpose'] as const)(
    'tells someone with a %s link how to get a new one',
    (reason) => {
      // Act
      const page = renderMessagePage({ kind: 'link-problem', reason });

      // Assess
      expect(page).toContain('<h2>How to get a new link</h2>');
      expect(page).toContain('Reply to the invitation email that brought you here and ask for a new link');
      expect(page).toContain('ask your program coordinator');
    },
  );

  it('says when an expired link has expired, and offers the coordinator’s address when known', () => {
    // Act
    const page = renderMessagePage({
      kind: 'link-problem',
      reason: 'expired',
      coordinatorEmail: 'coord@example.org',
    });

    // Assess
    expect(page).toContain('<h1>This link has expired</h1>');
    expect(page).toContain('<a href="mailto:coord@example.org">coord@example.org</a>');
  });

  it('says when intake opens, and that it has closed', () => {
    // Act
    const early = renderMessagePage({
      kind: 'intake-not-open',
      programName: 'Rise',
      cohortName: 'Spring',
      opensAtText: 'Sunday 1 February 2026',
    });
    const late = renderMessagePage({ kind: 'intake-closed', programName: 'Rise', cohortName: 'Spring' });

    // Assess
    expect(early).toContain('Applications for Spring open on Sunday 1 February 2026.');
    expect(late).toContain('<h1>Applications have closed</h1>');
  });

  it.each<PageMessage>([
    {
      kind: 'application-saved',
      programName: HOSTILE,
      cohortName: HOSTILE,
      name: HOSTILE,
      closesAtText: 'Friday',
      changed: false,
    },
    { kind: 'check-your-email', programName: HOSTILE, cohortName: HOSTILE, email: HOSTILE },
    { kind: 'intake-closed', programName: HOSTILE, cohortName: HOSTILE, coordinatorEmail: HOSTILE },
  ])('escapes what people typed on the $kind page', (message) => {
    // Act
    const page = renderMessagePage(message);

    // Assess
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;');
  });

  it('thanks the person and says what happens next', () => {
    // Act
    const first = renderMessagePage({
      kind: 'application-saved',
      programName: 'Rise',
      cohortName: 'Spring',
      name: 'Ada',
      closesAtText: 'Saturday 28 February',
      changed: false,
    });
    const again = renderMessagePage({
      kind: 'application-saved',
      programName: 'Rise',
      cohortName: 'Spring',
      name: 'Ada',
      closesAtText: 'Saturday 28 February',
      changed: true,
    });

    // Assess
    expect(first).toContain('<h1>Thank you for applying</h1>');
    expect(first).toContain('You can change your answers with the same link until Saturday 28 February.');
    expect(first).toContain('<h2>What happens next</h2>');
    expect(again).toContain('<h1>Your changes are saved</h1>');
  });
});

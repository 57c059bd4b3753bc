import { describe, expect, it } from 'vitest';
import { parseOpenApplicationForm } from '#shared/web/open-application-form.ts';
import { renderOpenApplicationPage } from '#shared/web/pages/open-application-page.ts';
import { aCohort, aProgram, HOSTILE } from './fixtures.ts';
import { controls, ids, submittedBody, unlabelledControls } from './html-checks.ts';

const base = {
  program: aProgram(),
  cohort: aCohort(),
  actionUrl: '/join/v1.open-application.-.coh_1.1777777777.sig',
  closesAtText: 'Saturday 28 February 2026 at 23:59 GMT',
};

describe('parseOpenApplicationForm', () => {
  it('reads a name and an address', () => {
    // Act
    const result = parseOpenApplicationForm('name=+Ada+Obi+&email=+ada%40example.org');

    // Assess
    expect(result).toEqual({ ok: true, value: { name: 'Ada Obi', email: 'ada@example.org' } });
  });

  it('names each field with a problem and keeps what was typed', () => {
    // Act
    const result = parseOpenApplicationForm('name=&email=ada-at-example');

    // Assess
    expect(result).toEqual({
      ok: false,
      errors: {
        name: 'Your name is required',
        email: 'Your email address must be an email address such as name@example.org',
      },
      values: { name: [''], email: ['ada-at-example'] },
    });
  });
});

describe('renderOpenApplicationPage', () => {
  it('labels both fields, describes the roles, and posts to its own link', () => {
    // Act
    const page = renderOpenApplicationPage(base);

    // Assess
    expect(controls(page).map((control) => control.attrs.name)).toEqual(['name', 'email']);
    expect(unlabelledControls(page)).toEqual([]);
    expect(page).toContain(`action="${base.actionUrl}"`);
    expect(page).toContain('speaks up for the person in rooms they are not in');
  });

  it('shows errors by field, keeps the values, and escapes them', () => {
    // Prepare
    const result = parseOpenApplicationForm(`name=${encodeURIComponent(HOSTILE)}&email=nope`);
    if (result.ok) throw new Error('expected a refusal');

    // Act
    const page = renderOpenApplicationPage({ ...base, program: aProgram({ name: HOSTILE }), ...result });

    // Assess
    expect(page).not.toContain('<script>');
    expect(page).toContain('role="alert"');
    expect(page).toContain(
      '<a href="#f-email">Your email address must be an email address such as name@example.org</a>',
    );
    expect(ids(page)).toContain('f-email-error');
    const email = controls(page).find((control) => control.attrs.name === 'email')!;
    expect(email.attrs['aria-invalid']).toBe('true');
    expect(email.attrs['aria-describedby']).toContain('f-email-error');
    expect(new URLSearchParams(submittedBody(page)).get('name')).toBe(HOSTILE);
  });
});

import { describe, expect, it } from 'vitest';
import { parseApplicationForm } from '#shared/web/application-form.ts';
import { renderApplicationPage } from '#shared/web/pages/application-page.ts';
import { aCohort, anApplication, aParticipant, aProgram, HOSTILE } from './fixtures.ts';
import { controls, ids, submittedBody, unlabelledControls, withField } from './html-checks.ts';

const base = {
  program: aProgram(),
  cohort: aCohort(),
  participant: aParticipant(),
  actionUrl: '/apply/v1.apply.ppl_1.coh_1.1777777777.sig',
  closesAtText: 'Saturday 28 February 2026 at 23:59 GMT',
};

function failedPost(body: string) {
  const result = parseApplicationForm(body, base.program);
  if (result.ok) throw new Error('expected the post to be refused');
  return renderApplicationPage({ ...base, values: result.values, errors: result.errors });
}

describe('renderApplicationPage', () => {
  it('gives every control a label, and every id is unique', () => {
    // Act
    const page = renderApplicationPage(base);
    const withErrors = failedPost('name=');

    // Assess
    expect(controls(page).length).toBeGreaterThan(30);
    expect(unlabelledControls(page)).toEqual([]);
    expect(unlabelledControls(withErrors)).toEqual([]);
    for (const html of [page, withErrors]) expect(new Set(ids(html)).size).toBe(ids(html).length);
  });

  it('posts back to its own link and needs no script', () => {
    // Act
    const page = renderApplicationPage(base);

    // Assess
    expect(page).toContain(`<form method="post" action="${base.actionUrl}" novalidate>`);
    expect(page).not.toMatch(/<script|\son[a-z]+=|<link\b|\ssrc=/i);
  });

  it('escapes everything typed by coordinators and participants', () => {
    // Prepare
    const program = aProgram({
      name: HOSTILE,
      description: HOSTILE,
      consentText: `${HOSTILE} is how we use answers.`,
      intakeQuestions: [
        {
          id: 'q',
          label: HOSTILE,
          type: 'single_choice',
          required: true,
          options: [HOSTILE, 'Other "quoted"'],
        },
      ],
    });

    // Act
    const page = renderApplicationPage({
      ...base,
      program,
      cohort: aCohort({ name: HOSTILE }),
      participant: aParticipant({ name: HOSTILE }),
    });

    // Assess
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;friends&#39;');
    expect(page).toContain('value="Other &quot;quoted&quot;"');
  });

  it('offers only the program’s roles, each described, with a capacity of 1 to 5 and why it is asked', () => {
    // Act
    const page = renderApplicationPage(base);
    const byName = (name: string) => controls(page).filter((control) => control.attrs.name === name);

    // Assess
    expect(byName('seeks').map((control) => control.attrs.value)).toEqual(['mentor', 'sponsor', 'coach']);
    expect(byName('offers').map((control) => control.attrs.value)).toEqual(['mentor', 'sponsor', 'coach']);
    expect(page).toContain('speaks up for the person in rooms they are not in');
    expect(page).toMatch(
      /how many people you can support in this role\. We never give you more: allies burn out when nobody limits their load/,
    );
    const capacity =
      page.match(/<select[^>]*name="offers\.sponsor\.capacity"[^>]*>([\s\S]*?)<\/select>/)?.[1] ?? '';
    expect([...capacity.matchAll(/value="([^"]*)"/g)].map((m) => m[1])).toEqual([
      '',
      '1',
      '2',
      '3',
      '4',
      '5',
    ]);
    expect(page).not.toContain('value="challenger"');
  });

  it('asks about influence only when the program offers sponsorship', () => {
    // Act
    const withSponsor = renderApplicationPage(base);
    const without = renderApplicationPage({
      ...base,
      program: aProgram({ supportRoles: ['mentor', 'coach'] }),
    });

    // Assess
    expect(withSponsor).toContain('name="hasInfluence"');
    expect(withSponsor).toContain('I sit where decisions about people are made');
    expect(without).not.toContain('name="hasInfluence"');
  });

  it('explains the identity section and the background preference in a fieldset', () => {
    // Act
    const page = renderApplicationPage(base);
    const identity = page.match(/<fieldset class="section">([\s\S]*?)<\/fieldset>\s*<h2>/)?.[1] ?? '';

    // Assess
    expect(identity).toContain('<legend>Your identity, if you want to share it</legend>');
    expect(identity).toContain('Nothing in this section is kept unless you tick the first box');
    for (const name of [
      'identity.consentToStore',
      'identity.useForMatching',
      'identity.gender',
      'identity.ethnicity',
    ]) {
      expect(identity).toContain(`name="${name}"`);
    }
    expect(identity).toContain('we learn more from people unlike ourselves');
  });

  it('round-trips: a saved application, drawn and submitted unchanged, parses to the same application', () => {
    // Prepare
    const { submittedAt: _s, updatedAt: _u, ...saved } = anApplication({ hasInfluence: true });
    const page = renderApplicationPage({
      ...base,
      participant: aParticipant({ application: { ...saved, submittedAt: 'x', updatedAt: 'x' } }),
    });

    // Act
    const result = parseApplicationForm(submittedBody(page), base.program);

    // Assess
    expect(result).toEqual({ ok: true, value: saved });
    expect(page).toContain('Save my changes');
  });

  it('starts from the import’s prefill and the cohort’s time zone', () => {
    // Act
    const page = renderApplicationPage({
      ...base,
      participant: aParticipant({ prefill: { seniority: 'leader', jobFunction: 'Finance' } }),
    });
    const sent = new URLSearchParams(submittedBody(page));

    // Assess
    expect(sent.get('name')).toBe('Ada Obi');
    expect(sent.get('seniority')).toBe('leader');
    expect(sent.get('jobFunction')).toBe('Finance');
    expect(sent.get('timeZone')).toBe('Europe/London');
    expect(page).toContain('<datalist id="time-zones">');
  });

  it('shows errors in a summary that links to each field, and ties each message to its field', () => {
    // Prepare
    const valid = submittedBody(
      renderApplicationPage({ ...base, participant: aParticipant({ application: anApplication() }) }),
    );
    const body = withField(
      withField(withField(valid, 'name', ''), 'offers.coach.capacity', '7'),
      'answers.hopes',
      '',
    );

    // Act
    const page = failedPost(body);

    // Assess
    expect(page).toContain('<title>Error: Apply to Spring 2026 – Rise Together</title>');
    const summary = page.match(/<div class="error-summary" role="alert"[\s\S]*?<\/div>/)?.[0] ?? '';
    const links = [...summary.matchAll(/<a href="#([^"]+)">([^<]+)<\/a>/g)].map((m) => ({
      target: m[1]!,
      text: m[2]!,
    }));
    expect(links.map((link) => link.text)).toEqual([
      'Your name is required',
      'How many people you can support as a coach must be at most 5',
      '“What do you hope to get from the program?” is required',
    ]);
    for (const { target } of links) expect(ids(page)).toContain(target);

    const name = controls(page).find((control) => control.attrs.name === 'name')!;
    expect(name.attrs['aria-invalid']).toBe('true');
    expect(name.attrs['aria-describedby']?.split(' ')).toContain('f-name-error');
    expect(page).toContain(
      '<span class="error-message" id="f-name-error">Error: Your name is required</span>',
    );
    const capacity = controls(page).find((control) => control.attrs.name === 'offers.coach.capacity')!;
    expect(capacity.attrs['aria-invalid']).toBe('true');
    expect(page).toMatch(
      /<fieldset class="field has-error" aria-describedby="f-answers-hopes-error"|id="f-answers-hopes" name="answers.hopes" rows="6" aria-describedby="f-answers-hopes-error" aria-invalid="true"/,
    );
  });

  it('keeps everything that was typed when showing errors', () => {
    // Prepare
    const typed = `name=${encodeURIComponent(HOSTILE)}&seeks=coach&goals=${encodeURIComponent('a, b')}&answers.topics=Promotion&identity.gender=woman&timeZone=Nowhere`;

    // Act
    const page = failedPost(typed);
    const sent = new URLSearchParams(submittedBody(page));

    // Assess
    expect(page).not.toContain('<script>');
    expect(sent.get('name')).toBe(HOSTILE);
    expect(sent.getAll('seeks')).toEqual(['coach']);
    expect(sent.get('goals')).toBe('a, b');
    expect(sent.getAll('answers.topics')).toEqual(['Promotion']);
    expect(sent.get('identity.gender')).toBe('woman');
    expect(sent.get('timeZone')).toBe('Nowhere');
  });

  it('marks required answers in words', () => {
    // Act
    const page = renderApplicationPage(base);

    // Assess
    expect(page).toMatch(
      /<label for="f-name">Your name<span class="required"> \(required\)<\/span><\/label>/,
    );
    expect(page).toMatch(
      /<legend>How do you like to meet\?<span class="required"> \(required\)<\/span><\/legend>/,
    );
    expect(page).toMatch(/<legend>Your agreement<span class="required"> \(required\)<\/span><\/legend>/);
  });
});

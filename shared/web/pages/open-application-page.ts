import type { Cohort } from '#shared/domain/cohort.ts';
import type { Program } from '#shared/domain/program.ts';
import { supportRoleDescriptions } from '#shared/domain/support-roles.ts';
import type { FieldErrors, FormValues } from '../application-form.ts';
import { FormFields } from '../form-fields.ts';
import { html, paragraphs } from '../html.ts';
import { renderPage } from '../layout.ts';

interface OpenApplicationPageInput {
  program: Pick<Program, 'name' | 'description' | 'supportRoles'>;
  cohort: Pick<Cohort, 'name'>;
  /** What was posted, when the form is shown again with errors. */
  values?: FormValues;
  /** By field: `name`, `email`. */
  errors?: FieldErrors;
  actionUrl: string;
  /** When intake closes, already in the cohort's zone (`formatInZone`). */
  closesAtText: string;
}

/**
 * The page behind a cohort's open application link: anyone may ask to apply. It asks only for a
 * name and an address and sends a personal link there, so the application itself is always
 * opened by someone who can read that mailbox.
 */
export function renderOpenApplicationPage(input: OpenApplicationPageInput): string {
  const { program, cohort, errors = {}, actionUrl, closesAtText } = input;
  const fields = new FormFields(input.values ?? {}, errors);
  const form = html`<form method="post" action="${actionUrl}" novalidate>
${fields.text({ key: 'name', label: 'Your name', required: true, autocomplete: 'name' })}
${fields.text({
  key: 'email',
  type: 'email',
  label: 'Your email address',
  hint: 'We send your personal application link here. We use it only for this program.',
  required: true,
  autocomplete: 'email',
})}
<button type="submit">Email me my application link</button>
</form>`;

  const main = html`${fields.errorSummary()}
<h1>Apply to ${program.name}</h1>
<p>Cohort: ${cohort.name}. Applications close on ${closesAtText}.</p>
${paragraphs(program.description)}
<p>In this program people can ask for, or offer, these kinds of support:</p>
<ul>
${program.supportRoles.map((role) => html`<li><strong>${supportRoleDescriptions[role].title}</strong> — ${supportRoleDescriptions[role].does}</li>`)}
</ul>
<h2>Start your application</h2>
<p>Tell us who you are and we will email you a personal link to the application form.</p>
${form}`;

  return renderPage({
    title: `${Object.keys(errors).length > 0 ? 'Error: ' : ''}Apply to ${cohort.name}`,
    programName: program.name,
    main,
  });
}

import type { Cohort } from '#shared/domain/cohort.ts';
import {
  IDENTITY_FIELDS,
  MAX_CAPACITY_PER_ROLE,
  type Participant,
  SENIORITY_LEVELS,
} from '#shared/domain/participant.ts';
import type { IntakeQuestion, Program } from '#shared/domain/program.ts';
import { supportRoleDescriptions } from '#shared/domain/support-roles.ts';
import {
  applicationToFormValues,
  type FieldErrors,
  type FormValues,
  fieldNames,
  identityLabels,
  seniorityLabels,
  YES,
} from '../application-form.ts';
import { FormFields } from '../form-fields.ts';
import { html, type Markup, paragraphs } from '../html.ts';
import { renderPage } from '../layout.ts';

interface ApplicationPageInput {
  program: Pick<Program, 'name' | 'description' | 'supportRoles' | 'intakeQuestions' | 'consentText'>;
  cohort: Pick<Cohort, 'name' | 'timeZone'>;
  participant: Pick<Participant, 'name' | 'prefill' | 'application'>;
  /** What was posted, when the form is shown again with errors. Without it the form starts from the saved application or the import's prefill. */
  values?: FormValues;
  errors?: FieldErrors;
  /** The signed link the page was opened with; the form posts back to it. */
  actionUrl: string;
  /** When intake closes, already in the cohort's zone (`formatInZone`). */
  closesAtText: string;
}

const TIME_ZONES_LIST_ID = 'time-zones';
let timeZoneOptions: Markup | undefined;

/** Suggestions for the time zone field: Intl knows the names, so the list costs nothing to keep current. */
function timeZoneDatalist(): Markup {
  timeZoneOptions ??= html`<datalist id="${TIME_ZONES_LIST_ID}">${Intl.supportedValuesOf('timeZone').map((zone) => html`<option value="${zone}">`)}</datalist>`;
  return timeZoneOptions;
}

const roleLabel = (role: Program['supportRoles'][number]) =>
  html`<strong>${supportRoleDescriptions[role].title}</strong> — ${supportRoleDescriptions[role].does}`;

function customQuestion(fields: FormFields, question: IntakeQuestion): Markup {
  const key = fieldNames.answer(question.id);
  const common = { key, label: question.label, required: question.required };
  switch (question.type) {
    case 'short_text':
      return fields.text(common);
    case 'long_text':
      return fields.text({ ...common, multiline: true });
    case 'single_choice':
    case 'multiple_choice':
      return fields.choices({
        ...common,
        type: question.type === 'single_choice' ? 'radio' : 'checkbox',
        hint: question.type === 'multiple_choice' ? 'Choose all that apply.' : undefined,
        options: (question.options ?? []).map((option) => ({ value: option, label: option })),
      });
    case 'yes_no':
      return fields.choices({
        ...common,
        type: 'radio',
        options: [
          { value: 'yes', label: 'Yes' },
          { value: 'no', label: 'No' },
        ],
      });
  }
}

/**
 * The application form a participant opens from their signed link. Shown on GET, and again with
 * the posted values and per-field errors when a POST does not parse.
 */
export function renderApplicationPage(input: ApplicationPageInput): string {
  const { program, cohort, participant, errors = {}, actionUrl, closesAtText } = input;
  const values =
    input.values ??
    applicationToFormValues({
      name: participant.name,
      timeZone: cohort.timeZone,
      ...participant.prefill,
      ...participant.application,
    });
  const fields = new FormFields(values, errors);
  const offersSponsorship = program.supportRoles.includes('sponsor');

  const form = html`<form method="post" action="${actionUrl}" novalidate>
<p>Answers marked “(required)” are needed; everything else is optional.</p>

<h2>About you</h2>
${fields.text({ key: fieldNames.name, label: 'Your name', hint: 'As you would like your matches to call you.', required: true, autocomplete: 'name' })}

<h2>Support</h2>
<p>Allyship is a two-way street: you can ask for support, offer it, or both. Choose at least one.</p>
${fields.choices({
  key: fieldNames.seeks,
  type: 'checkbox',
  label: 'Support you would like',
  hint: 'Choose all that you would like.',
  options: program.supportRoles.map((role) => ({ value: role, label: roleLabel(role) })),
})}
${fields.choices({
  key: fieldNames.offers,
  type: 'checkbox',
  label: 'Support you can offer others',
  hint: 'For each role you offer, choose how many people you can support in this role. We never give you more: allies burn out when nobody limits their load.',
  options: program.supportRoles.map((role) => ({
    value: role,
    label: roleLabel(role),
    nested: () =>
      fields.select({
        key: fieldNames.capacity(role),
        className: 'nested field',
        label: `How many people can you support as a ${supportRoleDescriptions[role].title.toLowerCase()}?`,
        placeholder: 'Choose if you offer this role',
        options: Array.from({ length: MAX_CAPACITY_PER_ROLE }, (_, i) => ({
          value: String(i + 1),
          label: String(i + 1),
        })),
      }),
  })),
})}
${
  offersSponsorship &&
  fields.choices({
    key: fieldNames.hasInfluence,
    type: 'checkbox',
    label: 'If you offer to sponsor',
    hint: 'Sponsors speak up for people in rooms they are not in, so they need a seat in those rooms.',
    options: [
      {
        value: YES,
        label: 'I sit where decisions about people are made (hiring, promotion, pay, who gets which project)',
      },
    ],
  })
}

<h2>Your work</h2>
${fields.choices({
  key: fieldNames.seniority,
  type: 'radio',
  label: 'Your career stage',
  required: true,
  options: SENIORITY_LEVELS.map((level) => ({ value: level, label: seniorityLabels[level] })),
})}
${fields.text({ key: fieldNames.jobFunction, label: 'Your job function', hint: 'For example engineering, finance or operations.' })}
${fields.text({ key: fieldNames.industry, label: 'Your industry', hint: 'For example healthcare or public sector.' })}
${fields.text({ key: fieldNames.goals, label: 'Your goals', hint: 'What you want from this program, separated by commas. For example: lead a team, change careers.' })}
${fields.text({ key: fieldNames.skills, label: 'Your skills', hint: 'What you are good at, separated by commas. For example: negotiation, public speaking.' })}
${fields.text({
  key: fieldNames.managerEmail,
  type: 'email',
  autocomplete: 'off',
  label: 'Your manager’s email',
  hint: 'Used only so we never match you with someone in your own reporting line. We do not contact your manager.',
})}
${fields.text({
  key: fieldNames.timeZone,
  label: 'Your time zone',
  hint: 'So check-ins and meetings fit your day. For example Europe/London or America/New_York.',
  required: true,
  autocomplete: 'off',
  list: TIME_ZONES_LIST_ID,
})}
${timeZoneDatalist()}

${
  program.intakeQuestions.length > 0 &&
  html`<h2>Questions from ${program.name}</h2>
${program.intakeQuestions.map((question) => customQuestion(fields, question))}`
}

<h2>About your identity (optional)</h2>
<fieldset class="section">
<legend>Your identity, if you want to share it</legend>
<p>Some people want a supporter who shares their background; others want someone whose life has been different from theirs. You do not have to answer any of this.</p>
<p>Nothing in this section is kept unless you tick the first box. What you share is used for matching only if you tick the second box, and appears in reports only as counts of groups of at least 5 people, never with your name.</p>
${fields.choices({
  key: fieldNames.identityConsent,
  type: 'checkbox',
  className: 'field',
  label: 'Keeping these details',
  options: [{ value: YES, label: 'Keep the identity details I give here' }],
})}
${fields.choices({
  key: fieldNames.identityForMatching,
  type: 'checkbox',
  className: 'field',
  label: 'Using them for matching',
  options: [{ value: YES, label: 'Use them when finding my matches' }],
})}
${IDENTITY_FIELDS.map((field) =>
  fields.text({ key: fieldNames.identity(field), label: identityLabels[field], hint: 'In your own words.' }),
)}
${fields.choices({
  key: fieldNames.matchPreference,
  type: 'radio',
  label: 'Would you prefer a supporter who…',
  hint: 'A preference needs the second box ticked.',
  options: [
    { value: 'shared', label: 'shares my background' },
    { value: 'different', label: 'differs from my background: we learn more from people unlike ourselves' },
    { value: 'none', label: 'no preference' },
  ],
})}
</fieldset>

<h2>How your answers are used</h2>
${paragraphs(program.consentText)}
${fields.choices({
  key: fieldNames.programConsent,
  type: 'checkbox',
  label: 'Your agreement',
  required: true,
  options: [{ value: YES, label: 'I have read how my answers are used and I agree' }],
})}

<button type="submit">${participant.application ? 'Save my changes' : 'Send my application'}</button>
</form>`;

  const hasErrors = Object.keys(errors).length > 0;
  const main = html`${fields.errorSummary()}
<h1>Apply to ${program.name}</h1>
<p>Cohort: ${cohort.name}. Applications close on ${closesAtText}.</p>
${
  participant.application &&
  html`<p class="notice">You have already applied. Change anything below and save it again until applications close.</p>`
}
${paragraphs(program.description)}
${form}`;

  return renderPage({
    title: `${hasErrors ? 'Error: ' : ''}Apply to ${cohort.name}`,
    programName: program.name,
    main,
  });
}

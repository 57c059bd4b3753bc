import type { Asked } from '#shared/domain/check-ins/answers.ts';
import { type SupportRole, supportRoleDescriptions } from '#shared/domain/support-roles.ts';
import type { FieldErrors, FormValues } from '../application-form.ts';
import { FormFields } from '../form-fields.ts';
import { html, type Markup } from '../html.ts';
import { renderPage } from '../layout.ts';

interface CheckInPageInput {
  programName: string;
  cohortName: string;
  round: number;
  asked: Asked;
  otherName: string;
  values: FormValues;
  errors?: FieldErrors;
  /** The signed link the page was opened with; the form posts back to it. */
  actionUrl: string;
  closesAtText: string;
  /** An answer chosen in the email is shown selected but not yet saved. */
  fromEmail: boolean;
  answeredAtText?: string;
}

const scale = (low: string, high: string) =>
  [1, 2, 3, 4, 5].map((n) => ({
    value: String(n),
    label: `${n}${n === 1 ? ` – ${low}` : n === 5 ? ` – ${high}` : ''}`,
  }));

const ACTION_LABELS: Record<string, string> = {
  'spoke-up': 'Spoke up for them in a room they were not in',
  nominated: 'Nominated them for something',
  introduced: 'Introduced them to someone who can help',
  stretch: 'Recommended them for a stretch assignment',
};

function roleWords(role: SupportRole): string {
  return supportRoleDescriptions[role].title.toLowerCase();
}

/**
 * The check-in as the person opens it from an email link: every question they are asked, with
 * what they answered (or just clicked) already chosen. Nothing is saved until they press Save.
 * No JavaScript; each group is a fieldset with its legend.
 */
export function renderCheckInPage(input: CheckInPageInput): string {
  const errors = input.errors ?? {};
  const fields = new FormFields(input.values, errors);
  const { asked, otherName } = input;
  const parts: Markup[] = [];
  if (asked.fitCheck) {
    parts.push(
      fields.choices({
        key: 'fit',
        type: 'radio',
        label: `Is ${otherName} a good fit for you?`,
        options: [
          { value: 'good', label: 'Good fit' },
          { value: 'deciding', label: 'Still deciding' },
          { value: 'not-a-fit', label: 'Not a fit' },
        ],
      }),
    );
  }
  parts.push(
    fields.choices({
      key: 'met',
      type: 'radio',
      label: 'Did you meet since the last check-in?',
      options: [
        { value: 'yes', label: 'Yes, we met' },
        { value: 'no', label: 'No, not yet' },
      ],
    }),
    fields.choices({
      key: 'rating',
      type: 'radio',
      label: 'How is it going?',
      options: scale('badly', 'very well'),
    }),
  );
  if (asked.side === 'supporter') {
    parts.push(
      fields.choices({
        key: 'energy',
        type: 'radio',
        label: 'How is your energy for this?',
        hint: 'Supporting others is real work. If you are running low, say so: we will not give you anyone new until you are ready.',
        options: scale('drained', 'full of energy'),
      }),
    );
    if (asked.role === 'sponsor') {
      parts.push(
        fields.choices({
          key: 'actions',
          type: 'checkbox',
          label: `What did you do for ${otherName} since last time?`,
          hint: 'Choose all that apply. This is your sponsorship log; only totals are reported.',
          options: Object.entries(ACTION_LABELS).map(([value, label]) => ({ value, label })),
        }),
      );
    }
  }
  parts.push(
    fields.choices({
      key: 'help',
      type: 'checkbox',
      label: 'Do you need help from the program?',
      hint: 'The coordinator hears about it straight away and will get in touch.',
      options: [{ value: 'yes', label: 'I need help from the program' }],
    }),
    fields.text({
      key: 'helpNote',
      label: 'Anything the coordinator should know? (optional)',
      multiline: true,
    }),
  );
  if (asked.side === 'supporter') {
    parts.push(
      fields.text({
        key: 'appreciation',
        label: `A note of appreciation for ${otherName} (optional)`,
        hint: `Name something ${otherName} did well. We email it to them once, with your name.`,
        multiline: true,
      }),
    );
  }
  if (asked.side === 'seeker' && asked.fitCheck) {
    parts.push(
      fields.choices({
        key: 'rematch',
        type: 'checkbox',
        label: 'If it is not a fit',
        hint: `Tick this with “Not a fit” and we will look for another ${roleWords(asked.role)} for you straight away. ${otherName} is not told why.`,
        options: [{ value: 'yes', label: `Find me another ${roleWords(asked.role)}` }],
      }),
    );
  }
  const hasErrors = Object.keys(errors).length > 0;
  const title = `Check-in ${input.round}: you and ${otherName}`;
  const main = html`${fields.errorSummary()}
<h1>${title}</h1>
<p>${input.cohortName}. You can change your answer until ${input.closesAtText}. Your answers are seen by the program coordinator, not by ${otherName}.</p>
${input.fromEmail && html`<p class="notice">The answer you chose in the email is selected below. It is saved when you press Save.</p>`}
${input.answeredAtText && html`<p class="notice">You answered on ${input.answeredAtText}. Saving again replaces that answer.</p>`}
<form method="post" action="${input.actionUrl}" novalidate>
${parts}
<p><button type="submit">Save my check-in</button></p>
</form>`;
  return renderPage({ title: `${hasErrors ? 'Error: ' : ''}${title}`, programName: input.programName, main });
}

type CheckInMessage =
  | { kind: 'saved'; closesAtText: string; actionUrl: string; helpRequested: boolean; rematched: boolean }
  | { kind: 'closed' };

/** After saving, and what a link shows once its round closed or its pairing ended. */
export function renderCheckInMessagePage(programName: string, message: CheckInMessage): string {
  if (message.kind === 'closed') {
    return renderPage({
      title: 'This check-in has closed',
      programName,
      main: html`<h1>This check-in has closed</h1>
<p>Answers can no longer be sent or changed for this round. The next check-in will come by email. If you need help now, write to your program coordinator.</p>`,
    });
  }
  return renderPage({
    title: 'Thank you: your answer is saved',
    programName,
    main: html`<h1>Thank you: your answer is saved</h1>
<p>Your answer is saved. You can change it until ${message.closesAtText}.</p>
${message.helpRequested && html`<p class="notice">The program coordinator has been told you asked for help and will be in touch.</p>`}
${message.rematched && html`<p class="notice">We are looking for someone else for you. If we find a match, you will get an introduction email.</p>`}
<p><a href="${message.actionUrl}">See or change your answer</a></p>`,
  });
}

import { SCALES, type SurveyQuestion } from '#shared/domain/surveys/definition.ts';
import type { FieldErrors, FormValues } from '../application-form.ts';
import { FormFields } from '../form-fields.ts';
import { html, type Markup } from '../html.ts';
import { renderPage } from '../layout.ts';
import { answerField } from '../survey-form.ts';

interface SurveyPageInput {
  programName: string;
  cohortName: string;
  title: string;
  intro: string;
  questions: readonly SurveyQuestion[];
  values: FormValues;
  errors?: FieldErrors;
  /** The signed link the page was opened with; the form posts back to it. */
  actionUrl: string;
  /** When the survey closes, in the cohort's zone. */
  closesAtText: string;
  submittedAtText?: string;
  /** The answer chosen in the email, shown selected but not yet saved. */
  fromEmail: boolean;
}

function question(fields: FormFields, q: SurveyQuestion): Markup {
  const common = { key: answerField(q.id), label: q.text, required: q.required };
  switch (q.type) {
    case 'likert':
    case 'nps': {
      const scale = SCALES[q.type];
      return fields.choices({
        ...common,
        type: 'radio',
        hint: `${scale.min} means “${scale.low}”, ${scale.max} means “${scale.high}”.`,
        options: Array.from({ length: scale.max - scale.min + 1 }, (_, i) => {
          const value = scale.min + i;
          const words =
            value === scale.min ? ` – ${scale.low}` : value === scale.max ? ` – ${scale.high}` : '';
          return { value: String(value), label: `${value}${words}` };
        }),
      });
    }
    case 'single-choice':
    case 'multiple-choice':
      return fields.choices({
        ...common,
        type: q.type === 'single-choice' ? 'radio' : 'checkbox',
        hint: q.type === 'multiple-choice' ? 'Choose all that apply.' : undefined,
        options: (q.options ?? []).map((option) => ({ value: option, label: option })),
      });
    case 'free-text':
      return fields.text({ ...common, multiline: true });
  }
}

/**
 * The survey as a participant opens it from their signed link: one form, no JavaScript, each
 * question a fieldset with its legend (scales and choices) or a labelled text box. "Submit"
 * comes first, so pressing Enter submits; "Save and finish later" keeps a partial draft.
 */
export function renderSurveyPage(input: SurveyPageInput): string {
  const errors = input.errors ?? {};
  const fields = new FormFields(input.values, errors);
  const form = html`<form method="post" action="${input.actionUrl}" novalidate>
${input.questions.map((q) => question(fields, q))}
<p><button type="submit" name="intent" value="submit">Submit my answers</button></p>
<p><button type="submit" name="intent" value="save">Save and finish later</button></p>
</form>`;
  const hasErrors = Object.keys(errors).length > 0;
  const main = html`${fields.errorSummary()}
<h1>${input.title}</h1>
<p>${input.cohortName}. You can answer, and change your answers, until ${input.closesAtText}.</p>
${input.intro && html`<p>${input.intro}</p>`}
${input.fromEmail && html`<p class="notice">The answer you chose in the email is selected below. It is saved when you press a button.</p>`}
${input.submittedAtText && html`<p class="notice">You submitted your answers on ${input.submittedAtText}. Any change you make is saved over them.</p>`}
<p>Answers marked “(required)” are needed to submit. Reports show only totals for groups of at least 5 people and never your name.</p>
${form}`;
  return renderPage({
    title: `${hasErrors ? 'Error: ' : ''}${input.title}`,
    programName: input.programName,
    main,
  });
}

type SurveyMessage =
  | { kind: 'saved'; submitted: boolean; closesAtText: string; actionUrl: string }
  | { kind: 'closed' };

/** The page after saving, and the page a link shows once its survey has closed. */
export function renderSurveyMessagePage(programName: string, message: SurveyMessage): string {
  if (message.kind === 'closed') {
    return renderPage({
      title: 'This survey has closed',
      programName,
      main: html`<h1>This survey has closed</h1>
<p>Answers can no longer be sent or changed. Thank you to everyone who took part: the results are shared only as totals for groups of at least 5 people.</p>`,
    });
  }
  const title = message.submitted ? 'Thank you: your answers are sent' : 'Your answers are saved';
  return renderPage({
    title,
    programName,
    main: html`<h1>${title}</h1>
<p>${message.submitted ? 'Thank you for taking part.' : 'You can finish the survey later with the same link.'} You can change your answers until ${message.closesAtText}.</p>
<p><a href="${message.actionUrl}">See or change your answers</a></p>`,
  });
}

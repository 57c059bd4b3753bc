import type { FieldErrors, FormValues } from './application-form.ts';
import { html, type Markup } from './html.ts';

/**
 * Accessible form fields, the same way on every participant page: each control has a
 * `<label for>`, groups are fieldsets with a legend, "(required)" is written in the label, and a
 * field with an error gets `aria-invalid` and a message joined by `aria-describedby`. The error
 * summary lists problems in the order the fields appear and links to each.
 */

/** Field keys hold dots (`offers.sponsor.capacity`); ids keep to characters every tool accepts. */
function fieldId(key: string): string {
  return `f-${key.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

const describedBy = (...ids: (string | false)[]): string | undefined =>
  ids.filter(Boolean).join(' ') || undefined;

const requiredMark = (required: boolean | undefined) =>
  required && html`<span class="required"> (required)</span>`;

interface FieldText {
  key: string;
  label: string | Markup;
  hint?: string | Markup;
  required?: boolean;
}

interface TextField extends FieldText {
  type?: 'text' | 'email';
  multiline?: boolean;
  autocomplete?: string;
  /** Id of a `<datalist>` of suggestions. */
  list?: string;
}

interface ChoiceOption {
  value: string;
  label: string | Markup;
  /**
   * Drawn under the option, such as the capacity question under an offered role. A function, so
   * it is drawn after its group and the error summary lists the group's problems first.
   */
  nested?: () => Markup;
}

interface ChoiceGroup extends FieldText {
  type: 'checkbox' | 'radio';
  options: readonly ChoiceOption[];
  /** Visually a plain group inside a larger section, rather than a section of its own. */
  className?: string;
}

interface SelectField extends FieldText {
  options: readonly { value: string; label: string }[];
  /** Shown first with an empty value, so nothing is chosen for the person. */
  placeholder: string;
  className?: string;
}

export class FormFields {
  /** Field key → the id an error summary link should move to, in the order fields were drawn. */
  private readonly anchors = new Map<string, string>();

  constructor(
    private readonly values: FormValues,
    private readonly errors: FieldErrors,
  ) {}

  private error(key: string, id: string) {
    const message = this.errors[key];
    return {
      message: message && html`<span class="error-message" id="${id}-error">Error: ${message}</span>`,
      id: message ? `${id}-error` : false,
      invalid: message ? 'true' : undefined,
    } as const;
  }

  private value(key: string): string {
    return this.values[key]?.[0] ?? '';
  }

  text(field: TextField): Markup {
    const id = fieldId(field.key);
    this.anchors.set(field.key, id);
    const error = this.error(field.key, id);
    const hintId = field.hint ? `${id}-hint` : false;
    const aria = html`${attr('aria-describedby', describedBy(hintId, error.id))}${attr('aria-invalid', error.invalid)}`;
    const control = field.multiline
      ? html`<textarea id="${id}" name="${field.key}" rows="6"${aria}>${this.value(field.key)}</textarea>`
      : html`<input type="${field.type ?? 'text'}" id="${id}" name="${field.key}" value="${this.value(field.key)}"${attr('autocomplete', field.autocomplete)}${attr('list', field.list)}${field.type === 'email' && html` spellcheck="false"`}${aria}>`;
    return html`<div class="field${error.message && ' has-error'}">
<label for="${id}">${field.label}${requiredMark(field.required)}</label>
${field.hint && html`<span class="hint" id="${id}-hint">${field.hint}</span>`}
${error.message}
${control}
</div>`;
  }

  select(field: SelectField): Markup {
    const id = fieldId(field.key);
    this.anchors.set(field.key, id);
    const error = this.error(field.key, id);
    const hintId = field.hint ? `${id}-hint` : false;
    const chosen = this.value(field.key);
    return html`<div class="${field.className ?? 'field'}${error.message && ' has-error'}">
<label for="${id}">${field.label}${requiredMark(field.required)}</label>
${field.hint && html`<span class="hint" id="${id}-hint">${field.hint}</span>`}
${error.message}
<select id="${id}" name="${field.key}"${attr('aria-describedby', describedBy(hintId, error.id))}${attr('aria-invalid', error.invalid)}>
<option value="">${field.placeholder}</option>
${field.options.map((option) => html`<option value="${option.value}"${option.value === chosen && html` selected`}>${option.label}</option>`)}
</select>
</div>`;
  }

  /**
   * A fieldset of checkboxes or radios. The fieldset carries the hint and the error; screen
   * readers announce them with the legend when focus enters the group.
   */
  choices(group: ChoiceGroup): Markup {
    const id = fieldId(group.key);
    const optionId = (index: number) => `${id}-${index}`;
    if (group.options.length > 0) this.anchors.set(group.key, optionId(0));
    const error = this.error(group.key, id);
    const hintId = group.hint ? `${id}-hint` : false;
    const chosen = this.values[group.key] ?? [];
    return html`<fieldset class="${group.className ?? 'field'}${error.message && ' has-error'}"${attr('aria-describedby', describedBy(hintId, error.id))}>
<legend>${group.label}${requiredMark(group.required)}</legend>
${group.hint && html`<span class="hint" id="${id}-hint">${group.hint}</span>`}
${error.message}
${group.options.map(
  (option, index) => html`<div class="option">
<input type="${group.type}" id="${optionId(index)}" name="${group.key}" value="${option.value}"${chosen.includes(option.value) && html` checked`}${attr('aria-invalid', error.invalid)}>
<label for="${optionId(index)}">${option.label}</label>
</div>
${option.nested?.()}`,
)}
</fieldset>`;
  }

  /** Links to every field with a problem, in the order the fields appear on the page. */
  errorSummary(): Markup {
    const keys = Object.keys(this.errors);
    if (keys.length === 0) return html``;
    const drawn = [...this.anchors.keys()];
    const order = (key: string) => (drawn.includes(key) ? drawn.indexOf(key) : drawn.length);
    const sorted = [...keys].sort((a, b) => order(a) - order(b));
    return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${keys.length === 1 ? 'There is a problem with 1 answer' : `There is a problem with ${keys.length} answers`}</h2>
<ul>
${sorted.map((key) => html`<li><a href="#${this.anchors.get(key) ?? 'main'}">${this.errors[key]}</a></li>`)}
</ul>
</div>`;
  }
}

function attr(name: string, value: string | undefined): Markup | false {
  return value !== undefined && html` ${name}="${value}"`;
}

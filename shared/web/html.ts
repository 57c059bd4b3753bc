/**
 * A tagged template for markup where escaping is the default: every interpolated value is
 * escaped unless it is already markup (made by `html` itself or wrapped with `raw()`). A value
 * a person typed can therefore only become markup by someone writing `raw(...)` on purpose.
 */
class Markup {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type { Markup };

/** What may be interpolated: `false`, `null` and `undefined` render nothing, so `${cond && html`…`}` works. */
type HtmlValue = Markup | string | number | false | null | undefined | readonly HtmlValue[];

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Safe both as text and inside a quoted attribute value, which is the only kind of attribute we write. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

function render(value: HtmlValue): string {
  if (value instanceof Markup) return value.value;
  if (value === false || value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** Marks trusted markup (our own constants, never input) so that `html` does not escape it. */
export function raw(markup: string): Markup {
  return new Markup(markup);
}

export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Markup {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new Markup(out);
}

/** Paragraphs from multi-line text someone typed (a program description, consent text), escaped. */
export function paragraphs(text: string): Markup {
  const blocks = text
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean);
  return html`${blocks.map((block) => html`<p>${block.split('\n').map((line, i) => html`${i > 0 && raw('<br>')}${line}`)}</p>`)}`;
}

/**
 * Small readers of our own markup, so tests can check labels and submit forms the way a browser
 * would, without an HTML parser dependency. They understand only the markup our templates write
 * (double-quoted attributes, no nested forms).
 */

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};
const decode = (text: string) => text.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]!);

function attributes(tag: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const match of tag.matchAll(/([a-zA-Z-]+)(?:="([^"]*)")?/g)) found[match[1]!] = decode(match[2] ?? '');
  return found;
}

/** Every form control on the page, with its attributes; for a select, its chosen value; for a textarea, its text. */
export function controls(html: string): { tag: string; attrs: Record<string, string>; value: string }[] {
  const found: { at: number; tag: string; attrs: Record<string, string>; value: string }[] = [];
  for (const match of html.matchAll(/<input\b([^>]*)>/g)) {
    const attrs = attributes(match[1]!);
    found.push({ at: match.index, tag: 'input', attrs, value: attrs.value ?? '' });
  }
  for (const match of html.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const options = [...match[2]!.matchAll(/<option\b([^>]*)>/g)].map((option) => attributes(option[1]!));
    const chosen = options.find((option) => 'selected' in option) ?? options[0];
    found.push({ at: match.index, tag: 'select', attrs: attributes(match[1]!), value: chosen?.value ?? '' });
  }
  for (const match of html.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
    found.push({ at: match.index, tag: 'textarea', attrs: attributes(match[1]!), value: decode(match[2]!) });
  }
  return found.sort((a, b) => a.at - b.at).map(({ tag, attrs, value }) => ({ tag, attrs, value }));
}

/** Controls without a `<label for>` naming their id. */
export function unlabelledControls(html: string): string[] {
  const labelled = new Set([...html.matchAll(/<label for="([^"]+)"/g)].map((match) => match[1]));
  return controls(html)
    .filter((control) => !control.attrs.id || !labelled.has(control.attrs.id))
    .map((control) => `${control.tag} name=${control.attrs.name}`);
}

export function ids(html: string): string[] {
  return [...html.matchAll(/\sid="([^"]+)"/g)].map((match) => decode(match[1]!));
}

/** The body a browser would post for the form as drawn: text as typed, ticked boxes, chosen options. */
export function submittedBody(html: string): string {
  const body = new URLSearchParams();
  for (const { tag, attrs, value } of controls(html)) {
    if (!attrs.name) continue;
    const isBox = tag === 'input' && (attrs.type === 'checkbox' || attrs.type === 'radio');
    if (isBox && !('checked' in attrs)) continue;
    body.append(attrs.name, value);
  }
  return body.toString();
}

/** Replaces what a browser would send for one field, as if the person changed it. */
export function withField(body: string, name: string, ...values: string[]): string {
  const params = new URLSearchParams(body);
  params.delete(name);
  for (const value of values) params.append(name, value);
  return params.toString();
}

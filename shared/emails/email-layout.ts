import type { Cohort } from '#shared/domain/cohort.ts';
import type { Participant } from '#shared/domain/participant.ts';
import type { Program } from '#shared/domain/program.ts';
import { html, type Markup, paragraphs } from '#shared/web/html.ts';

/**
 * Every email is HTML and plain text with the same words. The HTML uses inline styles and no
 * images, because many mail apps drop stylesheets and block pictures. Values a person typed are
 * escaped in the HTML by `html`, and kept to one line in the text and the subject so a name
 * cannot start lines of its own.
 */
/** What every intake email to a participant knows: who, for which cohort, and their own link. */
export interface IntakeEmailInput {
  program: Pick<Program, 'name' | 'description' | 'supportRoles'>;
  cohort: Pick<Cohort, 'name'>;
  participant: Pick<Participant, 'name'>;
  /** The participant's own signed application link. */
  applyUrl: string;
  /** When intake closes, already in the cohort's zone (`formatInZone`). */
  closesAtText: string;
  unsubscribeUrl?: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

interface EmailParts {
  subject: string;
  /** Blocks of the body; each is drawn in both parts, in order. */
  blocks: readonly EmailBlock[];
  programName: string;
  /** When given, the footer says how to stop these emails (the List-Unsubscribe headers carry it too). */
  unsubscribeUrl?: string;
}

export type EmailBlock =
  /** One line of prose; typed values inside it cannot break it. */
  | { type: 'paragraph'; text: string }
  /** Text that came with its own line breaks, such as a program description. */
  | { type: 'text'; text: string }
  | { type: 'list'; items: readonly { strong?: string; text: string }[] }
  | { type: 'button'; url: string; label: string }
  /** One-click answers: each link opens a page with that answer chosen, and saves nothing by itself. */
  | { type: 'links'; label: string; links: readonly { text: string; url: string }[]; hint?: string }
  | {
      type: 'table';
      caption: string;
      head: readonly string[];
      rows: readonly (readonly (string | number)[])[];
    };

/** Collapses line breaks and runs of spaces: a typed value stays inside its sentence. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** "Hello Ada," — or just "Hello," when an import brought no name. */
export function greeting(name: string): EmailBlock {
  return { type: 'paragraph', text: name.trim() ? `Hello ${name},` : 'Hello,' };
}

/** Links in emails are ones we built; anything but http(s) here is a bug, never something to send. */
function checkedUrl(url: string): string {
  const protocol = URL.canParse(url) ? new URL(url).protocol : '';
  if (protocol !== 'https:' && protocol !== 'http:') throw new Error('an email link must be an http(s) URL');
  return url;
}

const STYLE = {
  body: 'margin:0;padding:0;background:#f3f2f1',
  card: 'max-width:36rem;margin:0 auto;padding:24px 16px;background:#ffffff;color:#1b1b1b;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;font-size:16px;line-height:1.5',
  program: 'margin:0 0 16px;font-weight:700;color:#00358e',
  button:
    'display:inline-block;padding:12px 20px;background:#00703c;color:#ffffff;font-weight:700;text-decoration:none;border-bottom:3px solid #002d18',
  small: 'font-size:14px;color:#4b4b4b',
  choice:
    'display:inline-block;min-width:24px;margin:0 6px 8px 0;padding:10px 12px;border:2px solid #00358e;color:#00358e;font-weight:700;text-align:center;text-decoration:none',
  link: 'color:#00358e;word-break:break-all',
  cell: 'border:1px solid #b1b4b6;padding:4px 8px;text-align:left',
};

function blockHtml(block: EmailBlock): Markup {
  switch (block.type) {
    case 'paragraph':
      return html`<p>${block.text}</p>`;
    case 'text':
      return paragraphs(block.text);
    case 'list':
      return html`<ul>${block.items.map((item) => html`<li>${item.strong && html`<strong>${item.strong}</strong> — `}${item.text}</li>`)}</ul>`;
    case 'button': {
      const url = checkedUrl(block.url);
      return html`<p><a href="${url}" style="${STYLE.button}">${block.label}</a></p>
<p style="${STYLE.small}">If the button does not work, copy this link into your browser:<br><a href="${url}" style="${STYLE.link}">${url}</a></p>`;
    }
    case 'links':
      return html`<p><strong>${block.label}</strong></p>
<p>${block.links.map((link) => html`<a href="${checkedUrl(link.url)}" style="${STYLE.choice}">${link.text}</a> `)}</p>
${block.hint && html`<p style="${STYLE.small}">${block.hint}</p>`}`;
    case 'table':
      return html`<table style="border-collapse:collapse;margin:0 0 16px">
<caption style="text-align:left;font-weight:700;padding:4px 0">${block.caption}</caption>
<thead><tr>${block.head.map((cell) => html`<th scope="col" style="${STYLE.cell}">${cell}</th>`)}</tr></thead>
<tbody>${block.rows.map(
        (row) =>
          html`<tr>${row.map((cell, i) => (i === 0 ? html`<th scope="row" style="${STYLE.cell}">${cell}</th>` : html`<td style="${STYLE.cell}">${cell}</td>`))}</tr>`,
      )}</tbody>
</table>`;
  }
}

function blockText(block: EmailBlock): string {
  switch (block.type) {
    case 'paragraph':
      return oneLine(block.text);
    case 'text':
      return block.text.trim();
    case 'list':
      return block.items
        .map((item) => oneLine(`- ${item.strong ? `${item.strong} — ` : ''}${item.text}`))
        .join('\n');
    case 'button':
      return `${block.label}:\n${checkedUrl(block.url)}`;
    case 'links':
      return [
        oneLine(block.label),
        ...block.links.map((link) => `${oneLine(link.text)}: ${checkedUrl(link.url)}`),
        ...(block.hint ? [oneLine(block.hint)] : []),
      ].join('\n');
    case 'table':
      return [
        block.caption,
        ...block.rows.map((row) => oneLine(row.map((cell, i) => `${block.head[i]}: ${cell}`).join(', '))),
      ].join('\n');
  }
}

export function renderEmail({ subject, blocks, programName, unsubscribeUrl }: EmailParts): RenderedEmail {
  const cleanSubject = oneLine(subject);
  const why = `You are receiving this email because of ${oneLine(programName)}.`;
  const footerHtml = html`<p style="${STYLE.small}">${why}${
    unsubscribeUrl &&
    html` If you no longer want these emails, you can <a href="${checkedUrl(unsubscribeUrl)}" style="${STYLE.link}">unsubscribe</a>.`
  }</p>`;
  const footerText = unsubscribeUrl
    ? `${why}\nIf you no longer want these emails, unsubscribe here: ${checkedUrl(unsubscribeUrl)}`
    : why;

  const body = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${cleanSubject}</title>
</head>
<body style="${STYLE.body}">
<div style="${STYLE.card}">
<p style="${STYLE.program}">${programName}</p>
${blocks.map(blockHtml)}
<hr style="border:0;border-top:1px solid #b1b4b6;margin:24px 0 8px">
${footerHtml}
</div>
</body>
</html>
`;
  const text = [...blocks.map(blockText), `--\n${oneLine(programName)}\n${footerText}`].join('\n\n');
  return { subject: cleanSubject, html: body.toString(), text: `${text}\n` };
}

import { createHash } from 'node:crypto';
import { html, type Markup, raw } from './html.ts';

/**
 * The page shell every participant page shares. No JavaScript and no external assets: the pages
 * must work on an old phone on a slow connection, and a strict Content-Security-Policy can then
 * forbid every script. The one inline stylesheet is allowed by its hash, not by 'unsafe-inline'.
 *
 * Colours: text #1b1b1b, links #00358e, errors #b00020 and hints #4b4b4b all reach at least
 * 4.5:1 on white. Focus is a black outline inside a yellow ring, visible on any background.
 */
const STYLES = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:1.125rem;line-height:1.5;color:#1b1b1b;background:#fff;overflow-wrap:break-word}
header,main,footer{max-width:40rem;margin:0 auto;padding:1rem}
header{border-bottom:4px solid #00358e}
header p{margin:0;font-weight:700}
footer{border-top:1px solid #b1b4b6;margin-top:2rem;font-size:1rem}
h1{font-size:1.75rem;line-height:1.2;margin:.5rem 0 1rem}
h2{font-size:1.375rem;line-height:1.3;margin:2rem 0 .75rem}
a{color:#00358e;text-decoration-thickness:max(1px,.0625em);text-underline-offset:.15em}
:focus{outline:3px solid #000;outline-offset:0;box-shadow:0 0 0 7px #fd0}
.skip-link{position:absolute;left:.5rem;top:-20rem;padding:.5rem 1rem;background:#fff;color:#00358e;z-index:1}
.skip-link:focus{top:.5rem}
.field{margin:0 0 1.5rem}
fieldset{border:0;padding:0;margin:0 0 1.5rem;min-width:0}
legend{font-size:1.25rem;font-weight:700;padding:0;margin-bottom:.25rem}
label{display:block;font-weight:700;margin-bottom:.25rem}
.hint{display:block;color:#4b4b4b;font-weight:400;margin:0 0 .5rem}
input[type=text],input[type=email],select,textarea{display:block;width:100%;max-width:100%;font:inherit;padding:.5rem;border:2px solid #1b1b1b;border-radius:0;background:#fff;color:inherit}
select{width:auto}
textarea{min-height:8rem;resize:vertical}
.option{display:flex;gap:.75rem;align-items:flex-start;margin:.5rem 0}
.option input{flex:none;width:1.5rem;height:1.5rem;margin:.125rem 0 0;accent-color:#00358e}
.option label{font-weight:400;margin:0}
.nested{margin:.25rem 0 1rem 2.25rem}
.section{border:2px solid #b1b4b6;padding:1rem}
.section legend{padding:0 .25rem}
.required{font-weight:400}
.error-message{display:block;color:#b00020;font-weight:700;margin:0 0 .5rem}
.has-error{border-left:5px solid #b00020;padding-left:.75rem}
[aria-invalid=true]{border-color:#b00020}
.error-summary{border:5px solid #b00020;padding:1rem;margin:0 0 2rem}
.error-summary h2{margin-top:0}
.error-summary a{color:#b00020;font-weight:700}
.notice{border-left:5px solid #00358e;padding:.5rem 1rem;background:#f3f2f1}
button{font:inherit;font-weight:700;padding:.75rem 1.25rem;background:#00703c;color:#fff;border:0;border-bottom:4px solid #002d18;cursor:pointer}
@media (max-width:30rem){body{font-size:1rem}h1{font-size:1.5rem}button{width:100%}}
@media print{.skip-link,button{display:none}body{font-size:12pt;color:#000}header{border-bottom:1px solid #000}a{color:#000}a[href^="http"]::after{content:" (" attr(href) ")"}fieldset,.field{break-inside:avoid}}
`.trim();

const styleHash = createHash('sha256').update(STYLES).digest('base64');

/**
 * The header the HTTP routes send with these pages: nothing may load or run, forms post only
 * to us, and no other site may frame the page (clickjacking a consent box).
 */
export const PAGE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${styleHash}'`,
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

interface PageShell {
  /** The page's own title; the program name is added after it. Start it with "Error: " when the page shows errors. */
  title: string;
  programName?: string;
  main: Markup;
}

export function renderPage({ title, programName, main }: PageShell): string {
  const fullTitle = programName ? `${title} – ${programName}` : title;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${fullTitle}</title>
<style>${raw(STYLES)}</style>
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header><p>${programName ?? 'mentorflow'}</p></header>
<main id="main" tabindex="-1">
${main}
</main>
<footer><p>Run with mentorflow, open-source software for mentorship and allyship programs.</p></footer>
</body>
</html>
`.toString();
}

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { html } from '#shared/web/html.ts';
import { PAGE_CONTENT_SECURITY_POLICY, renderPage } from '#shared/web/layout.ts';
import { HOSTILE } from './fixtures.ts';

describe('renderPage', () => {
  const page = renderPage({ title: 'Apply', programName: HOSTILE, main: html`<h1>Hello</h1>` });

  it('is a complete, phone-ready document with a skip link to the main content', () => {
    // Assess
    expect(page.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page).toContain('<a class="skip-link" href="#main">Skip to main content</a>');
    expect(page).toContain('<main id="main" tabindex="-1">');
    expect(page).toMatch(/:focus\{outline:3px solid #000/);
    expect(page).toContain('@media print');
  });

  it('escapes the program name in the title and header', () => {
    // Assess
    expect(page).not.toContain('<script>');
    expect(page).toContain('<title>Apply – &lt;script&gt;');
  });

  it('loads and runs nothing, and its one stylesheet is allowed by hash in the CSP', () => {
    // Prepare
    const style = page.match(/<style>([\s\S]*?)<\/style>/)?.[1] ?? '';
    const hash = createHash('sha256').update(style).digest('base64');

    // Assess
    expect(page).not.toMatch(/<script|<link\b|\ssrc=|\sstyle=|url\(/i);
    expect(PAGE_CONTENT_SECURITY_POLICY).toContain(`style-src 'sha256-${hash}'`);
    expect(PAGE_CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(PAGE_CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
  });
});

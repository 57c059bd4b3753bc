import { describe, expect, it } from 'vitest';
import { html, paragraphs, raw } from '#shared/web/html.ts';

describe('html', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    // Act
    const out = html`<p title="${'" onmouseover="x'}">${"<b>&'</b>"}</p>`.toString();

    // Assess
    expect(out).toBe('<p title="&quot; onmouseover=&quot;x">&lt;b&gt;&amp;&#39;&lt;/b&gt;</p>');
  });

  it('leaves markup alone only when it is html itself or marked raw', () => {
    // Act
    const inner = html`<em>${'<i>'}</em>`;
    const out = html`<p>${inner}${raw('<br>')}</p>`.toString();

    // Assess
    expect(out).toBe('<p><em>&lt;i&gt;</em><br></p>');
  });

  it('joins arrays and draws nothing for false, null and undefined', () => {
    // Act
    const out = html`<ul>${['a<', 'b'].map((item) => html`<li>${item}</li>`)}</ul>${false}${null}${undefined}${0}`;

    // Assess
    expect(out.toString()).toBe('<ul><li>a&lt;</li><li>b</li></ul>0');
  });
});

describe('paragraphs', () => {
  it('turns blank-line-separated text into escaped paragraphs with line breaks', () => {
    // Act
    const out = paragraphs('First <one>\nstill first\n\n\nSecond').toString();

    // Assess
    expect(out).toBe('<p>First &lt;one&gt;<br>still first</p><p>Second</p>');
  });
});

import { createHash } from 'node:crypto';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '#shared/domain/applicant-import/csv.ts';
import { SHARE_FREE_TEXT_OPTIONS } from '#shared/domain/surveys/definition.ts';
import { buildCohortReport, type CohortReport, type FigureKind } from '#shared/domain/surveys/report.ts';
import { REPORT_CSV_HEADER, renderReportCsv } from '#shared/reports/report-csv.ts';
import { REPORT_CONTENT_SECURITY_POLICY, renderReportHtml } from '#shared/reports/report-html.ts';
import { reportJson } from '#shared/reports/report-json.ts';
import { input, response, round, seekerWith, supporterGiving } from './cohort-fixture.ts';

/** 16 people: 7 women, 6 men, 3 who did not say; some supporters; text that must be escaped or neutralised. */
function cohortReport(): CohortReport {
  const gender = (i: number) => (i < 7 ? 'woman' : i < 13 ? 'man' : undefined);
  const people = Array.from({ length: 16 }, (_, i) => ({
    key: `hmac-${i}`,
    identity: gender(i) ? { gender: gender(i)! } : {},
    respondent: i < 11 ? seekerWith(i < 6 ? 'mentor' : 'sponsor') : supporterGiving('mentor'),
  }));
  const baseline = people.map((p, i) =>
    response(
      p.key,
      {
        confidence: (i % 3) + 1,
        belonging: (i % 4) + 1,
        hopes: i === 0 ? '<script>alert(1)</script>' : `hope ${i}`,
      },
      { ...p, shareFreeText: i % 2 === 0 },
    ),
  );
  const end = people.map((p, i) =>
    response(
      p.key,
      {
        recommend: i % 11,
        confidence: (i % 3) + 3,
        belonging: (i % 2) + 3,
        ...(i < 11
          ? { advancement: i % 3 === 0 ? ['None of these yet'] : ['I was promoted'] }
          : { supporter_learning: 4, supporter_load: (i % 5) + 1 }),
        what_changed: i === 1 ? '=HYPERLINK("http://evil.example")' : `change ${i}`,
        share_free_text: SHARE_FREE_TEXT_OPTIONS[0],
      },
      { ...p, shareFreeText: i % 3 !== 2 },
    ),
  );
  return buildCohortReport(
    input([
      round('intake-baseline', baseline, { invited: 20 }),
      round('end-of-program', end, { invited: 20 }),
    ]),
  );
}

type Row = Record<(typeof REPORT_CSV_HEADER)[number], string>;

function csvRows(csv: string): Row[] {
  const [header, ...records] = parseCsv(csv).map((r) => r.cells);
  expect(header).toEqual([...REPORT_CSV_HEADER]);
  return records.map((cells) => Object.fromEntries(header!.map((h, i) => [h, cells[i] ?? ''])) as Row);
}

const percent = (rate: number) => `${Math.round(rate * 1000) / 10}%`;
const asShown = (kind: FigureKind, value: number) =>
  kind === 'advancement-rate'
    ? percent(value)
    : kind === 'mean-change' && value > 0
      ? `+${value}`
      : String(value);

describe('report rendering', () => {
  const report = cohortReport();
  if (report.suppressed) throw new Error('fixture must not be suppressed');
  const html = renderReportHtml(report);
  const { document } = parseHTML(html);
  const rows = csvRows(renderReportCsv(report));
  const json = JSON.parse(reportJson(report)) as CohortReport;

  it('JSON is the report itself', () => {
    expect(json).toEqual(report);
  });

  it('CSV carries every number of the JSON', () => {
    const value = (filter: Partial<Row>) => {
      const found = rows.filter((r) => Object.entries(filter).every(([k, v]) => r[k as keyof Row] === v));
      expect(found, JSON.stringify(filter)).toHaveLength(1);
      return found[0]!.value;
    };
    expect(value({ section: 'summary', statistic: 'respondents' })).toBe(String(report.respondents));
    let checked = 0;
    let hiddenBreakdowns = 0;
    for (const r of report.rounds) {
      const survey = `${r.surveyId} v${r.version}`;
      expect(value({ section: 'response', survey, statistic: 'responded' })).toBe(String(r.responded));
      expect(value({ section: 'response', survey, statistic: 'response-rate' })).toBe(String(r.responseRate));
      for (const q of r.questions) {
        const at = { survey, question_id: q.questionId };
        if (q.suppressed) {
          expect(value({ ...at, section: 'question', statistic: 'answered' })).toBe('');
          continue;
        }
        expect(value({ ...at, section: 'question', statistic: 'answered' })).toBe(String(q.answered));
        for (const d of q.distribution) {
          expect(value({ ...at, section: 'distribution', option: d.value })).toBe(String(d.count));
          checked++;
        }
        if (q.mean !== null)
          expect(value({ ...at, section: 'question', statistic: 'mean' })).toBe(String(q.mean));
        if (q.nps) expect(value({ ...at, section: 'nps', statistic: 'nps-score' })).toBe(String(q.nps.score));
        if (q.advancementRate !== null) {
          expect(value({ ...at, statistic: 'advancement-rate', section: 'question' })).toBe(
            String(q.advancementRate),
          );
        }
        for (const b of q.breakdowns) {
          if (b.suppressed) {
            // One row that says the breakdown is withheld, with no value.
            expect(value({ ...at, section: 'breakdown', breakdown: b.by })).toBe('');
            hiddenBreakdowns++;
            continue;
          }
          for (const g of b.groups) {
            if (g.suppressed) continue;
            expect(value({ ...at, section: 'breakdown', breakdown: b.by, group: g.group })).toBe(
              String(g.value),
            );
            checked++;
          }
        }
        expect(
          rows.filter(
            (row) => row.section === 'quote' && row.question_id === q.questionId && row.survey === survey,
          ),
        ).toHaveLength(q.quotes.length);
      }
    }
    for (const c of report.change) {
      expect(value({ section: 'change', question_id: c.questionId, statistic: 'mean-change' })).toBe(
        String(c.meanChange),
      );
      expect(value({ section: 'change', question_id: c.questionId, statistic: 'pairs' })).toBe(
        String(c.pairs),
      );
    }
    expect(checked).toBeGreaterThan(20);
    expect(hiddenBreakdowns).toBeGreaterThan(0);
  });

  it('HTML shows the same numbers as the JSON', () => {
    const cell = (scope: string, selector: string) =>
      document.querySelector(`${scope} ${selector}`)?.textContent;
    let checked = 0;
    report.rounds.forEach((r, i) => {
      expect(cell(`tr[data-round="${i + 1}"]`, '[data-statistic="responded"]')).toBe(String(r.responded));
      expect(cell(`tr[data-round="${i + 1}"]`, '[data-statistic="response-rate"]')).toBe(
        percent(r.responseRate!),
      );
      for (const q of r.questions) {
        const scope = `#round-${i + 1}-q-${q.questionId}`;
        expect(document.querySelector(scope)).not.toBeNull();
        if (q.suppressed) {
          expect(document.querySelector(`${scope} td`)).toBeNull();
          continue;
        }
        expect(cell(scope, '[data-statistic="answered"]')).toBe(String(q.answered));
        q.distribution.forEach((d, k) => {
          expect(document.querySelectorAll(`${scope} td[data-option]`)[k]?.textContent).toBe(String(d.count));
          checked++;
        });
        if (q.mean !== null) expect(cell(scope, '[data-statistic="mean"]')).toBe(String(q.mean));
        if (q.nps) expect(cell(scope, '[data-statistic="nps-score"]')).toBe(String(q.nps.score));
        if (q.advancementRate !== null) {
          expect(cell(scope, '[data-statistic="advancement-rate"]')).toBe(percent(q.advancementRate));
        }
        for (const b of q.breakdowns) {
          if (b.suppressed) {
            // A sentence instead of the table, and no figure of it.
            expect(
              document.querySelector(`${scope} p[data-breakdown="${b.by}"][data-hidden]`),
            ).not.toBeNull();
            expect(document.querySelector(`${scope} table[data-breakdown="${b.by}"]`)).toBeNull();
            continue;
          }
          for (const g of b.groups) {
            if (g.suppressed) continue;
            const row = `${scope} table[data-breakdown="${b.by}"] tr[data-group="${g.group}"]`;
            expect(cell(row, '[data-statistic="n"]')).toBe(String(g.n));
            expect(cell(row, `[data-statistic="${q.figure}"]`)).toBe(asShown(q.figure!, g.value));
            checked++;
          }
        }
        expect(document.querySelectorAll(`${scope} blockquote`)).toHaveLength(q.quotes.length);
      }
    });
    for (const c of report.change) {
      const scope = `#change-${c.questionId}`;
      expect(cell(scope, '[data-statistic="mean-before"]')).toBe(String(c.meanBefore));
      expect(cell(scope, '[data-statistic="mean-after"]')).toBe(String(c.meanAfter));
      expect(cell(scope, '[data-statistic="mean-change"]')).toBe(asShown('mean-change', c.meanChange!));
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('is a complete, accessible document: language, title, one h1, charts with a text alternative', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(document.documentElement.getAttribute('lang')).toBe('en');
    expect(document.querySelector('title')?.textContent).toBe('Outcome report: Spring 2026 – Rise Together');
    expect(document.querySelectorAll('h1')).toHaveLength(1);
    const charts = [...document.querySelectorAll('svg')];
    expect(charts.length).toBeGreaterThan(5);
    for (const svg of charts) {
      expect(svg.getAttribute('role')).toBe('img');
      expect(svg.getAttribute('aria-label')).toBeTruthy();
      const figure = svg.parentElement!;
      expect(figure.tagName.toLowerCase()).toBe('figure');
      expect(figure.querySelector('figcaption')?.textContent).toMatch(/table below has the (same )?numbers/);
      // The chart is drawn by the charting library: bars are rects with the library's marks.
      expect(svg.querySelector('[aria-label="bar"], [aria-label="arrow"]')).not.toBeNull();
    }
    for (const table of document.querySelectorAll('table'))
      expect(table.querySelector('caption')).not.toBeNull();
  });

  it('reads well printed and can be served under a strict Content-Security-Policy', () => {
    const styles = [...document.querySelectorAll('style')];
    expect(styles).toHaveLength(1);
    expect(styles[0]!.textContent).toMatch(/@media print\{/);
    const hash = createHash('sha256')
      .update(styles[0]!.textContent ?? '')
      .digest('base64');
    expect(REPORT_CONTENT_SECURITY_POLICY).toContain(`'sha256-${hash}'`);
    expect(document.querySelector('script')).toBeNull();
    expect(document.querySelector('[style]')).toBeNull();
  });

  it('escapes what people typed in HTML and neutralises formulas in CSV', () => {
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const quotes = rows.filter((r) => r.section === 'quote').map((r) => r.note);
    expect(quotes).toContain(`'=HYPERLINK("http://evil.example")`);
    expect(quotes).not.toContain('=HYPERLINK("http://evil.example")');
  });

  it('never contains person keys in any format', () => {
    for (const text of [html, renderReportCsv(report), reportJson(report)])
      expect(text).not.toContain('hmac-');
  });

  it('renders a report with too few respondents as the reason alone', () => {
    // Prepare
    const small = buildCohortReport(
      input([round('intake-baseline', [response('hmac-x', { confidence: 1 })])]),
    );

    // Act
    const page = renderReportHtml(small);
    const csv = csvRows(renderReportCsv(small));

    // Assess
    expect(page).toMatch(/Fewer than 5 people answered/);
    expect(page).not.toContain('<svg');
    expect(page).not.toContain('<table');
    expect(csv).toEqual([
      expect.objectContaining({ section: 'summary', value: '', note: expect.stringMatching(/Fewer than 5/) }),
    ]);
    expect(JSON.parse(reportJson(small))).toEqual(small);
  });
});

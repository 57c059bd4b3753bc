import { createHash } from 'node:crypto';
import type {
  Breakdown,
  ChangeSummary,
  CohortReport,
  FigureKind,
  GroupFigure,
  QuestionSummary,
  RoundSummary,
} from '#shared/domain/surveys/report.ts';
import { html, type Markup, raw } from '#shared/web/html.ts';
import { barChart, changeChart } from './charts.ts';

/**
 * The HTML report: one self-contained document (inline SVG charts, one stylesheet, no script),
 * so it can be e-mailed, archived and printed. Every chart has a table with the same numbers
 * next to it; the tables are what screen readers and printouts rely on.
 */
const STYLES = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:1.0625rem;line-height:1.5;color:#1b1b1b;background:#fff}
main{max-width:48rem;margin:0 auto;padding:1rem}
h1{font-size:1.75rem;line-height:1.2;margin:.5rem 0}
h2{font-size:1.375rem;margin:2.5rem 0 .75rem;border-bottom:3px solid #00358e;padding-bottom:.25rem}
h3{font-size:1.125rem;margin:2rem 0 .5rem}
h4{font-size:1rem;margin:1rem 0 .25rem}
.meta{color:#4b4b4b;margin:0 0 .75rem}
.notice{border-left:5px solid #00358e;padding:.5rem 1rem;background:#f3f2f1}
figure{margin:1rem 0}
figcaption{font-size:.9375rem;color:#4b4b4b;margin-top:.25rem}
svg{max-width:100%;height:auto;color:#1b1b1b}
svg text,svg tspan{white-space:pre}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:700;padding-bottom:.25rem}
th,td{border-bottom:1px solid #b1b4b6;padding:.25rem .75rem .25rem 0;text-align:left;vertical-align:top}
td.number,th.number{text-align:right}
.hidden-cell{color:#4b4b4b;font-style:italic}
blockquote{margin:.5rem 0;padding:.25rem 1rem;border-left:4px solid #b1b4b6}
@media print{body{font-size:10.5pt;color:#000}main{max-width:none;padding:0}h2{break-before:page;border-color:#000}h2,h3,h4{break-after:avoid}figure,table,blockquote,.question{break-inside:avoid}.notice{background:none;border-color:#000}}
`.trim();

/** For a server that sends the report with a strict Content-Security-Policy: only this stylesheet may apply. */
export const REPORT_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLES).digest('base64')}'`,
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const FIGURE_LABEL: Record<FigureKind, string> = {
  mean: 'Mean',
  'nps-score': 'NPS',
  'advancement-rate': 'Reported advancement',
  'mean-change': 'Mean change',
};

const BREAKDOWN_LABEL: Record<Breakdown['by'], string> = {
  gender: 'gender',
  ethnicity: 'ethnicity',
  disability: 'disability',
  lgbtq: 'LGBTQ+',
  firstGeneration: 'first-generation background',
  'role-received': 'support role received',
};

function percent(rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`;
}

/** Figures as the JSON has them, so the three formats can be compared; rates as percentages. */
function formatFigure(kind: FigureKind, value: number): string {
  if (kind === 'advancement-rate') return percent(value);
  if (kind === 'mean-change' && value > 0) return `+${value}`;
  return String(value);
}

export function renderReportHtml(report: CohortReport): string {
  const title = `Outcome report: ${report.cohort.name}`;
  const body = report.suppressed
    ? html`<p class="notice" role="status">${report.reason}</p>`
    : html`<p>${report.respondents} people answered at least one survey.</p>
${responseRates(report.rounds)}
${change(report.change)}
${report.rounds.map((round, i) => roundSection(round, i + 1))}`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title} – ${report.cohort.programName}</title>
<style>${raw(STYLES)}</style>
</head>
<body>
<main>
<h1>${title}</h1>
<p class="meta">${report.cohort.programName} · generated ${report.generatedAt.slice(0, 10)}</p>
<section aria-labelledby="privacy">
<h2 id="privacy">How this report protects the people who answered</h2>
<p>Every figure stands for at least ${report.minimumGroupSize} people. A group with fewer is not shown or named, and when hiding one group alone would let someone work it out from the total, the next smallest group is hidden too. The same groups are hidden in every figure of a survey, so comparing figures gives nothing away; where a question’s answers would still single out a group, its breakdown is left out. Quotes appear only where the writer allowed it, without names, in alphabetical order. Nothing here links an answer to a person.</p>
</section>
${body}
</main>
</body>
</html>
`.toString();
}

function responseRates(rounds: RoundSummary[]): Markup {
  const shown = rounds.filter((r) => r.responseRate !== null);
  const chart =
    shown.length > 0
      ? figure(
          barChart(
            shown.map((r) => ({
              label: roundLabel(r, rounds.indexOf(r) + 1),
              value: r.responseRate!,
              text: percent(r.responseRate!),
            })),
            {
              axisLabel: 'Response rate',
              kind: 'rate',
              summary: 'Bar chart of the response rate of each survey.',
            },
          ),
          'Response rate of each survey; the table below has the same numbers.',
        )
      : '';
  return html`<section aria-labelledby="responses">
<h2 id="responses">Responses</h2>
${chart}
<table>
<caption>Responses to each survey</caption>
<thead><tr><th scope="col">Survey</th><th scope="col">Sent</th><th scope="col" class="number">Invited</th><th scope="col" class="number">Answered</th><th scope="col" class="number">Response rate</th></tr></thead>
<tbody>
${rounds.map(
  (r, i) =>
    html`<tr data-round="${i + 1}"><th scope="row">${r.title}</th><td>${r.sentAt.slice(0, 10)}</td><td class="number" data-statistic="invited">${r.invited}</td>${
      r.suppressed
        ? html`<td class="hidden-cell" colspan="2">fewer than 5, not shown</td>`
        : html`<td class="number" data-statistic="responded">${r.responded}</td><td class="number" data-statistic="response-rate">${r.responseRate === null ? '–' : percent(r.responseRate)}</td>`
    }</tr>`,
)}
</tbody>
</table>
</section>`;
}

function change(changes: ChangeSummary[]): Markup {
  if (changes.length === 0) return html``;
  const shown = changes.filter((c) => !c.suppressed);
  const chart =
    shown.length > 0
      ? figure(
          changeChart(
            shown.map((c) => ({ label: c.measures, before: c.meanBefore!, after: c.meanAfter! })),
            'Arrows from the mean answer at intake to the mean answer at the end, for confidence and belonging.',
          ),
          'Grey dot: mean at intake; arrow head: mean at the end, for the same people. The table below has the numbers.',
        )
      : '';
  return html`<section aria-labelledby="change">
<h2 id="change">Confidence and belonging: before and after</h2>
<p>Each person’s answer at intake is paired with their answer at the end; only people who answered both are counted.</p>
${chart}
${changes.map(
  (c) => html`<section class="question" id="change-${c.questionId}">
<h3>${c.measures}: “${c.text}”</h3>
${
  c.suppressed
    ? html`<p class="notice">Fewer than 5 people answered both times, so the change is not shown.</p>`
    : html`<table>
<caption>Change in ${c.measures}</caption>
<tbody>
<tr><th scope="row">People who answered both times</th><td class="number" data-statistic="pairs">${c.pairs}</td></tr>
<tr><th scope="row">Mean at intake</th><td class="number" data-statistic="mean-before">${c.meanBefore}</td></tr>
<tr><th scope="row">Mean at the end</th><td class="number" data-statistic="mean-after">${c.meanAfter}</td></tr>
<tr><th scope="row">Mean change</th><td class="number" data-statistic="mean-change">${formatFigure('mean-change', c.meanChange!)}</td></tr>
</tbody>
</table>
${c.breakdowns.map((b) => breakdownTable(b, 'mean-change'))}`
}
</section>`,
)}
</section>`;
}

function roundSection(round: RoundSummary, index: number): Markup {
  return html`<section aria-labelledby="round-${index}">
<h2 id="round-${index}">${round.title}</h2>
<p class="meta">Survey ${round.surveyId}, version ${round.version}, sent ${round.sentAt.slice(0, 10)}</p>
${
  round.suppressed
    ? html`<p class="notice">Fewer than 5 people answered this survey, so its results are not shown.</p>`
    : round.questions.map((q) => questionSection(q, `round-${index}-q-${q.questionId}`))
}
</section>`;
}

function questionSection(q: QuestionSummary, id: string): Markup {
  const head = html`<h3>${q.text}</h3>
<p class="meta">Asked of: ${q.audience}${q.answered !== null && html` · ${q.answered} answered`}</p>`;
  if (q.suppressed) {
    return html`<section class="question" id="${id}">${head}<p class="notice">Fewer than 5 people answered, so the answers are not shown.</p></section>`;
  }
  return html`<section class="question" id="${id}">
${head}
${q.distribution.length > 0 && distribution(q)}
${summaryTable(q)}
${q.figure && q.breakdowns.map((b) => breakdownTable(b, q.figure!))}
${
  q.type === 'free-text' &&
  (q.quotes.length > 0
    ? html`<h4>Shared with permission</h4>${q.quotes.map((text) => html`<blockquote><p>${text}</p></blockquote>`)}`
    : html`<p>Nobody who answered allowed their words to be quoted.</p>`)
}
</section>`;
}

function distribution(q: QuestionSummary): Markup {
  const scale =
    q.type === 'likert' ? ' (1 strongly disagree – 5 strongly agree)' : q.type === 'nps' ? ' (0–10)' : '';
  return html`${figure(
    barChart(
      q.distribution.map((d) => ({ label: d.value, value: d.count, text: String(d.count) })),
      {
        axisLabel: 'People',
        kind: 'people',
        summary: `Bar chart of how many people gave each answer to: ${q.text}`,
      },
    ),
    `How many people gave each answer${scale}. The table below has the same numbers.`,
  )}
<table>
<caption>Answers${scale}${q.type === 'multiple-choice' ? html`; people could choose several` : ''}</caption>
<thead><tr><th scope="col">Answer</th><th scope="col" class="number">People</th></tr></thead>
<tbody>
${q.distribution.map((d) => html`<tr><th scope="row">${d.value}</th><td class="number" data-option="${d.value}">${d.count}</td></tr>`)}
</tbody>
</table>`;
}

function summaryTable(q: QuestionSummary): Markup {
  const rows: Markup[] = [
    html`<tr><th scope="row">Answered</th><td class="number" data-statistic="answered">${q.answered}</td></tr>`,
  ];
  if (q.mean !== null)
    rows.push(
      html`<tr><th scope="row">Mean</th><td class="number" data-statistic="mean">${q.mean}</td></tr>`,
    );
  if (q.nps) {
    rows.push(html`<tr><th scope="row">NPS (% promoters − % detractors)</th><td class="number" data-statistic="nps-score">${q.nps.score}</td></tr>
<tr><th scope="row">Promoters (9–10)</th><td class="number" data-statistic="promoters">${q.nps.promoters}</td></tr>
<tr><th scope="row">Passives (7–8)</th><td class="number" data-statistic="passives">${q.nps.passives}</td></tr>
<tr><th scope="row">Detractors (0–6)</th><td class="number" data-statistic="detractors">${q.nps.detractors}</td></tr>`);
  }
  if (q.advancementRate !== null) {
    rows.push(
      html`<tr><th scope="row">Reported any advancement</th><td class="number" data-statistic="advancement-rate">${percent(q.advancementRate)}</td></tr>`,
    );
  }
  return html`<table><caption>Summary</caption><tbody>${rows}</tbody></table>`;
}

function breakdownTable(breakdown: Breakdown, kind: FigureKind): Markup {
  if (breakdown.suppressed) {
    return html`<p class="meta" data-breakdown="${breakdown.by}" data-hidden="${breakdown.why}">${FIGURE_LABEL[kind]} by ${BREAKDOWN_LABEL[breakdown.by]}: not shown for this question, because fewer than 5 people in one of this survey’s groups (or in its hidden groups together) answered it.</p>`;
  }
  const shown = breakdown.groups.filter(
    (g): g is Extract<GroupFigure, { suppressed: false }> => !g.suppressed,
  );
  return html`<table data-breakdown="${breakdown.by}">
<caption>${FIGURE_LABEL[kind]} by ${BREAKDOWN_LABEL[breakdown.by]}</caption>
<thead><tr><th scope="col">Group</th><th scope="col" class="number">People</th><th scope="col" class="number">${FIGURE_LABEL[kind]}</th></tr></thead>
<tbody>
${breakdown.groups.map((g) =>
  g.suppressed
    ? html`<tr><th scope="row">${g.group ?? 'Smaller groups'}</th><td class="hidden-cell" colspan="2">${
        g.why === 'fewer-than-minimum'
          ? 'fewer than 5 people each, not shown'
          : 'hidden so that a smaller group cannot be worked out'
      }</td></tr>`
    : html`<tr data-group="${g.group}"><th scope="row">${g.group}</th><td class="number" data-statistic="n">${g.n}</td><td class="number" data-statistic="${kind}">${formatFigure(kind, g.value)}</td></tr>`,
)}
</tbody>
</table>${shown.length === 0 && html`<p class="meta">No group in this breakdown is large enough to show.</p>`}`;
}

function figure(svg: string, caption: string): Markup {
  return html`<figure>${raw(svg)}<figcaption>${caption}</figcaption></figure>`;
}

/** Numbered, because a survey can be sent twice on one day and chart rows need distinct labels. */
function roundLabel(round: RoundSummary, index: number): string {
  return `${index}. ${round.title} (${round.sentAt.slice(0, 10)})`;
}

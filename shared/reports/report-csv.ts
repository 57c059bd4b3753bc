import { type CsvValue, toCsv } from '#shared/domain/spreadsheet-safety.ts';
import type {
  Breakdown,
  CohortReport,
  FigureKind,
  QuestionSummary,
  RoundSummary,
} from '#shared/domain/surveys/report.ts';

/**
 * The report as one tidy table: one figure per row, so a spreadsheet can filter and pivot it.
 * `statistic` names the figure and `value` holds it as a number (rates stay 0–1 fractions, as
 * in the JSON). Hidden figures keep their row with an empty value and a note, so a reader sees
 * that something was withheld rather than missing. Every text cell goes through `toCsv`, which
 * neutralises formula-like text such as a quote starting with "=".
 */
export const REPORT_CSV_HEADER = [
  'section',
  'survey',
  'sent_at',
  'question_id',
  'question',
  'breakdown',
  'group',
  'option',
  'statistic',
  'value',
  'n',
  'note',
] as const;

type Column = (typeof REPORT_CSV_HEADER)[number];
type Row = Partial<Record<Column, CsvValue>>;

const HIDDEN_SMALL = 'not shown: fewer than 5 people';
const HIDDEN_PROTECTING = 'not shown: would let a smaller group be worked out';
const HIDDEN_BREAKDOWN =
  'not shown for this question: fewer than 5 people in a group of this survey (or in its hidden groups together) answered it';

export function renderReportCsv(report: CohortReport): string {
  const rows: Row[] = [];
  if (report.suppressed) {
    rows.push({ section: 'summary', statistic: 'respondents', note: report.reason });
  } else {
    rows.push({ section: 'summary', statistic: 'respondents', value: report.respondents });
    for (const round of report.rounds) rows.push(...roundRows(round));
    for (const c of report.change) {
      const at: Row = { section: 'change', question_id: c.questionId, question: c.text };
      if (c.suppressed) {
        rows.push({ ...at, statistic: 'pairs', note: HIDDEN_SMALL });
        continue;
      }
      rows.push(
        { ...at, statistic: 'pairs', value: c.pairs },
        { ...at, statistic: 'mean-before', value: c.meanBefore, n: c.pairs },
        { ...at, statistic: 'mean-after', value: c.meanAfter, n: c.pairs },
        { ...at, statistic: 'mean-change', value: c.meanChange, n: c.pairs },
      );
      for (const b of c.breakdowns) rows.push(...breakdownRows(at, b, 'mean-change'));
    }
  }
  return toCsv(
    [...REPORT_CSV_HEADER],
    rows.map((row) => REPORT_CSV_HEADER.map((column) => row[column])),
  );
}

function roundRows(round: RoundSummary): Row[] {
  const at: Row = { survey: `${round.surveyId} v${round.version}`, sent_at: round.sentAt };
  const rows: Row[] = [{ ...at, section: 'response', statistic: 'invited', value: round.invited }];
  if (round.suppressed) {
    rows.push({ ...at, section: 'response', statistic: 'responded', note: HIDDEN_SMALL });
    return rows;
  }
  rows.push({ ...at, section: 'response', statistic: 'responded', value: round.responded });
  if (round.responseRate !== null) {
    rows.push({
      ...at,
      section: 'response',
      statistic: 'response-rate',
      value: round.responseRate,
      n: round.invited,
    });
  }
  for (const q of round.questions)
    rows.push(...questionRows({ ...at, question_id: q.questionId, question: q.text }, q));
  return rows;
}

function questionRows(at: Row, q: QuestionSummary): Row[] {
  const row = (section: string, statistic: string, value: CsvValue, extra: Row = {}): Row => ({
    ...at,
    section,
    statistic,
    value,
    n: q.answered,
    ...extra,
  });
  if (q.suppressed) return [{ ...at, section: 'question', statistic: 'answered', note: HIDDEN_SMALL }];
  const rows: Row[] = [row('question', 'answered', q.answered)];
  for (const d of q.distribution) rows.push(row('distribution', 'count', d.count, { option: d.value }));
  if (q.mean !== null) rows.push(row('question', 'mean', q.mean));
  if (q.nps) {
    rows.push(
      row('nps', 'nps-score', q.nps.score),
      row('nps', 'promoters', q.nps.promoters),
      row('nps', 'passives', q.nps.passives),
      row('nps', 'detractors', q.nps.detractors),
    );
  }
  if (q.advancementRate !== null) rows.push(row('question', 'advancement-rate', q.advancementRate));
  if (q.figure) for (const b of q.breakdowns) rows.push(...breakdownRows(at, b, q.figure));
  for (const quote of q.quotes) rows.push({ ...at, section: 'quote', statistic: 'quote', note: quote });
  return rows;
}

function breakdownRows(at: Row, breakdown: Breakdown, kind: FigureKind): Row[] {
  if (breakdown.suppressed) {
    return [
      { ...at, section: 'breakdown', breakdown: breakdown.by, statistic: kind, note: HIDDEN_BREAKDOWN },
    ];
  }
  return breakdown.groups.map((g) => ({
    ...at,
    section: 'breakdown',
    breakdown: breakdown.by,
    statistic: kind,
    ...(g.suppressed
      ? {
          group: g.group ?? 'smaller groups',
          note: g.why === 'fewer-than-minimum' ? HIDDEN_SMALL : HIDDEN_PROTECTING,
        }
      : { group: g.group, value: g.value, n: g.n }),
  }));
}

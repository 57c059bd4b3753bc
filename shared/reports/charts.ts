import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

/**
 * Charts are drawn by Observable Plot on the server, into a linkedom document, so the report is
 * one self-contained HTML file with inline SVG: it opens offline, prints, and runs no script.
 * Every chart sits next to a table with the same numbers, which is what a screen reader reads;
 * the SVG itself carries a short summary as its accessible name.
 */

const BAR = '#00358e';
const BEFORE = '#6f777b';

type PlotDocument = NonNullable<Plot.PlotOptions['document']>;

function render(options: Plot.PlotOptions, summary: string): string {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const svg = Plot.plot({ ...options, document: document as unknown as PlotDocument });
  // Plot adds a <style> block; the report's own stylesheet covers it, so one hash-allowed stylesheet is enough.
  for (const style of svg.querySelectorAll('style')) style.remove();
  // Plot's default 10px text is hard to read once the chart is scaled to the page or printed.
  svg.setAttribute('font-size', '12');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', summary);
  return svg.outerHTML;
}

interface Bar {
  label: string;
  value: number;
  /** What is printed at the end of the bar, e.g. "12" or "83.3%". */
  text: string;
}

/** Horizontal bars in the given order, each labelled with its value so no reading off an axis is needed. */
export function barChart(
  bars: readonly Bar[],
  options: { axisLabel: string; kind: 'people' | 'rate'; summary: string },
): string {
  const longest = Math.max(...bars.map((b) => b.label.length), 4);
  const max = Math.max(...bars.map((b) => b.value), 1);
  return render(
    {
      width: 760,
      marginBottom: 44,
      height: 60 + bars.length * 28,
      marginLeft: Math.min(380, 20 + longest * 7.2),
      marginRight: 56,
      // People are counted in whole numbers, so the axis never shows a fraction of a person.
      x:
        options.kind === 'rate'
          ? { label: options.axisLabel, labelAnchor: 'center', domain: [0, 1], tickFormat: '.0%' }
          : {
              label: options.axisLabel,
              labelAnchor: 'center',
              domain: [0, max],
              ticks: Math.min(max, 10),
              tickFormat: 'd',
            },
      y: { label: null, domain: bars.map((b) => b.label) },
      marks: [
        Plot.barX(bars, { x: 'value', y: 'label', fill: BAR }),
        Plot.text(bars, { x: 'value', y: 'label', text: 'text', textAnchor: 'start', dx: 6, fontSize: 12 }),
        Plot.ruleX([0]),
      ],
    },
    options.summary,
  );
}

interface Change {
  label: string;
  before: number;
  after: number;
}

/** Mean before (grey dot) and after (arrow head) on the 1–5 scale, one row per measure. */
export function changeChart(changes: readonly Change[], summary: string): string {
  const longest = Math.max(...changes.map((c) => c.label.length), 4);
  return render(
    {
      width: 760,
      marginBottom: 44,
      height: 70 + changes.length * 40,
      marginLeft: Math.min(380, 20 + longest * 7.2),
      marginRight: 24,
      x: {
        label: 'Mean answer (1 strongly disagree – 5 strongly agree)',
        labelAnchor: 'center',
        domain: [1, 5],
      },
      y: { label: null, domain: changes.map((c) => c.label) },
      marks: [
        Plot.arrow(changes, {
          x1: 'before',
          x2: 'after',
          y: 'label',
          stroke: BAR,
          strokeWidth: 2,
          headLength: 10,
        }),
        Plot.dot(changes, { x: 'before', y: 'label', fill: BEFORE, r: 5 }),
      ],
    },
    summary,
  );
}

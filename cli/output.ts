import type { Command } from 'commander';
import type { FieldProblem } from '#shared/domain/errors.ts';
import type { Io, OutputStream } from './io.ts';

/** Every read command offers `--json`, so scripts never have to parse a table. */
export function withJsonOption(command: Command): Command {
  return command.option('--json', 'print the result as JSON instead of text');
}

export function printJson(io: Io, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLines(stream: OutputStream, ...lines: string[]): void {
  stream.write(`${lines.join('\n')}\n`);
}

interface Column<T> {
  header: string;
  value: (row: T) => string | number | undefined;
  /** Numbers read best right-aligned. */
  align?: 'left' | 'right';
}

/** Aligned columns for a terminal; no trailing spaces, so a long last column wraps cleanly. */
export function renderTable<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = [
    columns.map((c) => c.header),
    ...rows.map((row) => columns.map((c) => cleanCell(c.value(row)))),
  ];
  const widths = columns.map((_, i) => Math.max(...cells.map((line) => displayWidth(line[i] ?? ''))));
  const lines = cells.map((line) =>
    line
      .map((cell, i) => {
        const gap = ' '.repeat((widths[i] ?? 0) - displayWidth(cell));
        return columns[i]?.align === 'right' ? gap + cell : cell + gap;
      })
      .join('  ')
      .trimEnd(),
  );
  return `${lines.join('\n')}\n`;
}

/**
 * Values in tables come from people and spreadsheets: a newline would break the row, and an
 * escape character could drive the terminal. Both are shown as visible escapes instead.
 */
function cleanCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  return String(value).replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
    /[\u0000-\u001f\u007f-\u009f]/g,
    (char) => (char === '\n' ? '\\n' : `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`),
  );
}

const graphemes = new Intl.Segmenter();

/** Counts what the eye sees, so a name with combining accents or an emoji stays aligned. */
function displayWidth(text: string): number {
  let width = 0;
  for (const _ of graphemes.segment(text)) width += 1;
  return width;
}

/** `2026-12-01 00:00` in the cohort's zone: coordinators think in local dates, the API in UTC. */
export function formatInstant(iso: string, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/**
 * A failure with the fields it names, one per line. `flagOf` turns the API's field names into
 * the flags the person typed (`intakeOpensOn` → `--intake-opens`); nested fields such as
 * `intakeQuestions.0.options` are matched by their first part.
 */
export function renderFailure(
  message: string,
  problems: readonly FieldProblem[] = [],
  flagOf: Readonly<Record<string, string>> = {},
): string {
  const lines = [`Error: ${message}`];
  for (const problem of problems) {
    // A file-wide problem repeats the message it came with; saying it twice helps nobody.
    if (message.includes(problem.message)) continue;
    const flag = flagOf[problem.field] ?? flagOf[problem.field.split('.')[0] ?? ''];
    lines.push(`  ${problem.field}${flag ? ` (${flag})` : ''}: ${problem.message}`);
  }
  return `${lines.join('\n')}\n`;
}

export interface Progress {
  update(done: number, total: number): void;
  /** Ends the bar's line so what follows starts on a fresh one. */
  finish(): void;
}

const BAR_WIDTH = 30;
/** Without a terminal (CI logs, pipes) a redrawn bar is noise: a plain line this often at most. */
const PLAIN_LINE_EVERY_MS = 2000;

/** Progress goes to stderr so `--json` output on stdout stays clean. */
export function progressBar(stream: OutputStream, label: string, now: () => number = Date.now): Progress {
  let drawn = false;
  let lastLineAt = Number.NEGATIVE_INFINITY;
  let last = '';
  return {
    update(done, total) {
      const counts = `${done}/${total}`;
      if (counts === last) return;
      last = counts;
      const share = total > 0 ? Math.min(1, done / total) : 0;
      const percent = `${Math.floor(share * 100)}%`;
      if (stream.isTTY) {
        const filled = Math.round(share * BAR_WIDTH);
        const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
        // Carriage return and erase-line redraw the bar in place.
        stream.write(`\r\u001b[2K${label} ${bar} ${counts} (${percent})`);
        drawn = true;
      } else if (now() - lastLineAt >= PLAIN_LINE_EVERY_MS || done === total) {
        stream.write(`${label}: ${counts} (${percent})\n`);
        lastLineAt = now();
      }
    },
    finish() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}

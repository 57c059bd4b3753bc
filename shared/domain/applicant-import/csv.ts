import { ValidationError } from '../errors.ts';

/** One record of a CSV file and the line of the file it starts on (1-based), for messages. */
export interface CsvRecord {
  line: number;
  cells: string[];
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/**
 * RFC 4180 reader for files people save from spreadsheets. It also takes LF and lone CR line
 * endings (older Mac exports), skips a UTF-8 byte-order mark and empty lines, and never changes
 * a cell's text: no trimming, no Unicode normalisation, no formula stripping.
 *
 * A quote in the middle of an unquoted cell is kept as text (`Ana "Nana" Lima`), as spreadsheets
 * do. Text after a closing quote, or a quote that never closes, is an error naming the line:
 * reading on would silently merge or shift cells, and an import must not guess.
 */
export function parseCsv(text: string): CsvRecord[] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let line = 1;
  let recordLine = 1;
  let cells: string[] = [];
  let position = 0;
  // An empty line is not a record with one empty cell: spreadsheets leave them between blocks.
  let recordHasContent = false;

  const endRecord = () => {
    if (recordHasContent) records.push({ line: recordLine, cells });
    cells = [];
    recordHasContent = false;
  };
  // Consumes the line break at `position` (CRLF, LF or CR); returns false when there is none.
  const takeLineBreak = (): boolean => {
    const code = input.charCodeAt(position);
    if (code === CR) {
      position += input.charCodeAt(position + 1) === LF ? 2 : 1;
    } else if (code === LF) {
      position += 1;
    } else {
      return false;
    }
    line += 1;
    return true;
  };

  while (position < input.length) {
    if (!recordHasContent) recordLine = line;
    if (input.charCodeAt(position) === QUOTE) {
      const openedOn = line;
      position += 1;
      const parts: string[] = [];
      let from = position;
      for (;;) {
        const next = input.indexOf('"', position);
        if (next === -1) {
          throw new ValidationError(`line ${openedOn}: a quoted value never ends`, [
            {
              field: 'file',
              message:
                `line ${openedOn}: a value opens with a double quote (") that is never closed — ` +
                'add the closing quote, and write any quote inside the value twice ("")',
            },
          ]);
        }
        line += countLineBreaks(input, position, next);
        if (input.charCodeAt(next + 1) === QUOTE) {
          parts.push(input.slice(from, next + 1));
          position = next + 2;
          from = position;
          continue;
        }
        parts.push(input.slice(from, next));
        position = next + 1;
        break;
      }
      cells.push(parts.join(''));
      recordHasContent = true;
      const after = input.charCodeAt(position);
      if (position < input.length && after !== COMMA && after !== CR && after !== LF) {
        throw new ValidationError(`line ${line}: text after a closing quote`, [
          {
            field: 'file',
            message:
              `line ${line}: there is text right after the closing double quote of a value — ` +
              'inside a quoted value, write each double quote twice (""), e.g. "Ana ""Nana"" Lima"',
          },
        ]);
      }
    } else {
      let end = position;
      while (end < input.length) {
        const code = input.charCodeAt(end);
        if (code === COMMA || code === CR || code === LF) break;
        end += 1;
      }
      const cell = input.slice(position, end);
      if (cell.length > 0 || input.charCodeAt(end) === COMMA || cells.length > 0) {
        cells.push(cell);
        recordHasContent = true;
      }
      position = end;
    }
    if (input.charCodeAt(position) === COMMA) {
      position += 1;
      recordHasContent = true;
      // A comma at the very end of the text or of a line still closes an (empty) last cell.
      if (
        position >= input.length ||
        input.charCodeAt(position) === CR ||
        input.charCodeAt(position) === LF
      ) {
        cells.push('');
      }
    }
    if (takeLineBreak()) endRecord();
  }
  endRecord();
  return records;
}

function countLineBreaks(text: string, from: number, to: number): number {
  let breaks = 0;
  for (let i = from; i < to; i += 1) {
    const code = text.charCodeAt(i);
    if (code === LF || (code === CR && text.charCodeAt(i + 1) !== LF)) breaks += 1;
  }
  return breaks;
}

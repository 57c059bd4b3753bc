/**
 * Whatever people type (names, goals, answers) is stored as typed and made harmless where it
 * leaves the system. A cell that starts with one of these characters is read by Excel,
 * LibreOffice and Google Sheets as a formula, which can run commands or leak data
 * ("CSV injection"); OWASP's advice is to prefix such a cell with a single quote, so the
 * spreadsheet shows it as text.
 */
const FORMULA_STARTS = new Set(['=', '+', '-', '@', '\t', '\r']);

export function neutraliseCell(value: string): string {
  return FORMULA_STARTS.has(value.charAt(0)) ? `'${value}` : value;
}

export type CsvValue = string | number | boolean | null | undefined;

/**
 * An RFC 4180 file (CRLF after every record) for every export. Text cells are neutralised;
 * numbers and booleans are written as they are, because they come from our code rather than
 * from a person, and a negative count must stay a number in the spreadsheet. Empty for null
 * and undefined.
 *
 * The file opens with a UTF-8 byte-order mark: without it Excel reads the file in the
 * machine's legacy code page and turns "Nguyễn Thị Minh" or "山田太郎" into mojibake.
 */
export function toCsv(header: string[], rows: CsvValue[][]): string {
  const lines = [header, ...rows].map((cells) => {
    const line = cells.map(formatCell).join(',');
    // A record of one empty cell would be an empty line, which readers skip as blank.
    return line === '' && cells.length > 0 ? '""' : line;
  });
  return `\uFEFF${lines.map((line) => `${line}\r\n`).join('')}`;
}

function formatCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? neutraliseCell(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

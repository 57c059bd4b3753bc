import { emailSchema, normaliseEmail } from '../email-address.ts';
import { type FieldProblem, ValidationError } from '../errors.ts';
import { type Participant, SENIORITY_LEVELS } from '../participant.ts';
import { canonicalTimeZone } from '../zoned-time.ts';
import {
  APPLICANT_COLUMNS,
  APPLICANT_INTENTS,
  type ApplicantColumn,
  type ApplicantIntent,
  isApplicantColumn,
  normaliseHeader,
  REQUIRED_COLUMNS,
} from './columns.ts';
import { type CsvRecord, parseCsv } from './csv.ts';
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from './limits.ts';

/** One applicant the file describes correctly, ready to be invited. */
interface ParsedApplicant {
  /** Line of the file the row starts on; the header is line 1 in a file without blank lines. */
  line: number;
  /** As written, trimmed: the address we write to. */
  email: string;
  emailNormalised: string;
  name: string;
  intent?: ApplicantIntent;
  prefill: Participant['prefill'];
}

/** What is wrong with one cell, and what to do about it, in words a coordinator can act on. */
export interface RowProblem {
  line: number;
  /** A documented column name, or the 1-based position of a cell beyond the header. */
  column: string;
  /** The cell as written, shortened so a pasted essay does not flood the report. */
  value: string;
  message: string;
  fix: string;
}

interface ApplicantImportResult {
  accepted: ParsedApplicant[];
  problems: RowProblem[];
  warnings: string[];
  /** Data rows in the file, blank rows not counted. */
  totalRows: number;
}

/** A problem with the file as a whole: nothing in it can be imported until it is fixed. */
export type FileProblem = FieldProblem & { field: 'file' | 'header' };

/** Same limits as the application form, so an imported prefill is never rejected there. */
const MAX_NAME_LENGTH = 120;
const MAX_TEXT_LENGTH = 100;
const MAX_SHOWN_VALUE_LENGTH = 80;
/** What a decoder writes for bytes it could not read: the file was not saved as UTF-8. */
const REPLACEMENT_CHARACTER = '\uFFFD';

/**
 * Reads an applicant file (CSV with a header row, see `docs/applicant-import.md`) and checks
 * every row. Problems with the file as a whole (size, header, broken quoting) throw a
 * `ValidationError` whose problems are `FileProblem`s; problems with single rows are returned
 * alongside the rows that are fine, so the coordinator sees every problem in one go. Whether
 * to import anything when some rows have problems is the caller's decision.
 *
 * Values are kept as typed: a name such as `=HYPERLINK(...)` is stored verbatim, and made
 * harmless where it leaves the system, by `toCsv` in `spreadsheet-safety.ts`.
 */
export function parseApplicantCsv(text: string): ApplicantImportResult {
  assertSize(text);
  const [header, ...records] = parseCsv(text);
  if (!header) {
    throw fileError('file', `the file is empty — its first row must be the header, e.g. ${exampleHeader()}`);
  }
  const columns = readHeader(header);
  const rows = records.filter((record) => record.cells.some((cell) => cell.trim() !== ''));
  if (rows.length > MAX_IMPORT_ROWS) {
    throw fileError(
      'file',
      `the file has ${formatCount(rows.length)} applicant rows; one import takes at most ${formatCount(MAX_IMPORT_ROWS)} — ` +
        `split it into files of at most ${formatCount(MAX_IMPORT_ROWS)} rows, each starting with the same header row, ` +
        'and import them one after another',
    );
  }
  if (rows.length === 0) {
    throw fileError(
      'file',
      'the file has a header row but no applicants — add one row per applicant below the header',
    );
  }

  const result: ApplicantImportResult = {
    accepted: [],
    problems: [],
    warnings: headerWarnings(header, rows),
    totalRows: rows.length,
  };
  const firstLineOf = new Map<string, number>();
  for (const row of rows) {
    const checked = checkRow(row, header.cells.length, columns, firstLineOf);
    if (checked.problems.length > 0) result.problems.push(...checked.problems);
    else if (checked.applicant) result.accepted.push(checked.applicant);
  }
  return result;
}

/** `row 4, column email: "ana@" is not an email address — write it like name@example.org` */
export function formatRowProblem(problem: RowProblem): string {
  return `row ${problem.line}, column ${problem.column}: ${problem.message} — ${problem.fix}`;
}

function assertSize(text: string): void {
  const bytes = utf8Length(text);
  if (bytes > MAX_IMPORT_BYTES) {
    throw fileError(
      'file',
      `the file is ${formatMegabytes(bytes)}; one import takes at most ${formatMegabytes(MAX_IMPORT_BYTES)} — ` +
        'split it into smaller files, each starting with the same header row, and import them one after another',
    );
  }
}

type ColumnIndex = Map<ApplicantColumn, number>;

function readHeader(header: CsvRecord): ColumnIndex {
  const columns: ColumnIndex = new Map();
  const problems: FileProblem[] = [];
  header.cells.forEach((cell, index) => {
    const name = normaliseHeader(cell);
    if (!isApplicantColumn(name)) return;
    const earlier = columns.get(name);
    if (earlier === undefined) {
      columns.set(name, index);
    } else {
      problems.push({
        field: 'header',
        message:
          `the header names the column "${name}" twice (columns ${earlier + 1} and ${index + 1}) — ` +
          'keep one of them, so it is clear which value counts',
      });
    }
  });
  for (const required of REQUIRED_COLUMNS) {
    if (columns.has(required)) continue;
    problems.push({
      field: 'header',
      message:
        `the header has no "${required}" column — the first row must name the columns; ` +
        `expected: ${exampleHeader()} (email and name are required)${separatorHint(header)}`,
    });
  }
  if (problems.length > 0) {
    throw new ValidationError(
      `The applicant file cannot be imported: ${problems.map((p) => p.message).join('; ')}`,
      problems,
    );
  }
  return columns;
}

/** European spreadsheets save "CSV" with semicolons; the header then reads as one cell. */
function separatorHint(header: CsvRecord): string {
  const only = header.cells.length === 1 ? (header.cells[0] ?? '') : '';
  const separator = only.includes(';') ? 'semicolons' : only.includes('\t') ? 'tabs' : undefined;
  if (separator === undefined) return '';
  return ` — the header looks separated by ${separator}; save the file as "CSV UTF-8 (comma delimited)"`;
}

function headerWarnings(header: CsvRecord, rows: CsvRecord[]): string[] {
  const warnings: string[] = [];
  header.cells.forEach((cell, index) => {
    const name = normaliseHeader(cell);
    if (isApplicantColumn(name)) return;
    if (name === '') {
      // Spreadsheets often save trailing empty columns; only say so when something would be lost.
      if (rows.some((row) => (row.cells[index] ?? '').trim() !== '')) {
        warnings.push(`column ${index + 1} has no header, so its values are ignored`);
      }
      return;
    }
    warnings.push(
      `column "${cell.trim()}" is not one we know, so its values are ignored — known columns: ${exampleHeader()}`,
    );
  });
  return warnings;
}

interface CheckedRow {
  applicant?: ParsedApplicant;
  problems: RowProblem[];
}

function checkRow(
  row: CsvRecord,
  headerWidth: number,
  columns: ColumnIndex,
  firstLineOf: Map<string, number>,
): CheckedRow {
  const problems: RowProblem[] = [];
  const { line } = row;
  const cellOf = (column: ApplicantColumn): string => {
    const index = columns.get(column);
    return index === undefined ? '' : (row.cells[index] ?? '');
  };
  const problem = (column: string, value: string, message: string, fix: string) => {
    problems.push({ line, column, value: shorten(value), message, fix });
  };

  const extra = row.cells.findIndex((cell, index) => index >= headerWidth && cell.trim() !== '');
  if (extra !== -1) {
    const value = row.cells[extra] ?? '';
    problem(
      String(extra + 1),
      value,
      `this row has a value in column ${extra + 1}, beyond the columns the header names`,
      'put a value that contains a comma in double quotes, e.g. "Lima, Ana", or remove the extra cell',
    );
  }

  const email = checkEmail(cellOf('email'), 'email', problem, { required: true });
  let emailNormalised: string | undefined;
  if (email !== undefined) {
    emailNormalised = normaliseEmail(email);
    const earlier = firstLineOf.get(emailNormalised);
    if (earlier === undefined) {
      firstLineOf.set(emailNormalised, line);
    } else {
      problem(
        'email',
        cellOf('email'),
        `${quoted(cellOf('email'))} is the same address as row ${earlier} (capitals and spaces do not count)`,
        'remove one of the two rows',
      );
    }
  }

  const name = cellOf('name').trim();
  if (name === '') {
    problem('name', '', 'no name is given', 'write the name the person wants to be called by');
  } else if (name.length > MAX_NAME_LENGTH) {
    problem(
      'name',
      name,
      `the name is ${name.length} characters long; at most ${MAX_NAME_LENGTH} fit`,
      'shorten it to the name the person goes by',
    );
  } else {
    checkReadable('name', name, problem);
  }

  const intent = checkChoice(cellOf('intent'), APPLICANT_INTENTS, 'intent', problem, {
    fix: 'write seeker (looks for support), supporter (offers support) or both, or leave it empty',
  });
  const seniority = checkChoice(cellOf('seniority'), SENIORITY_LEVELS, 'seniority', problem, {
    fix: `write one of ${SENIORITY_LEVELS.join(', ')}, or leave it empty`,
  });
  const jobFunction = checkText(cellOf('job_function'), 'job_function', problem);
  const industry = checkText(cellOf('industry'), 'industry', problem);

  const rawManager = cellOf('manager_email');
  const managerEmail = checkEmail(rawManager, 'manager_email', problem, { required: false });
  if (managerEmail !== undefined && emailNormalised === normaliseEmail(managerEmail)) {
    problem(
      'manager_email',
      rawManager,
      "the manager's address is the person's own address",
      "write their manager's address, or leave it empty",
    );
  }

  const timeZone = checkTimeZone(cellOf('time_zone'), problem);

  if (problems.length > 0 || email === undefined || emailNormalised === undefined) return { problems };
  const prefill: Participant['prefill'] = {};
  if (seniority !== undefined) prefill.seniority = seniority;
  if (jobFunction !== undefined) prefill.jobFunction = jobFunction;
  if (industry !== undefined) prefill.industry = industry;
  if (managerEmail !== undefined) prefill.managerEmail = managerEmail;
  if (timeZone !== undefined) prefill.timeZone = timeZone;
  const applicant: ParsedApplicant = { line, email, emailNormalised, name, prefill };
  if (intent !== undefined) applicant.intent = intent;
  return { applicant, problems };
}

type Report = (column: string, value: string, message: string, fix: string) => void;

/** The address trimmed, or undefined when the cell is empty or not an address (reported). */
function checkEmail(
  raw: string,
  column: ApplicantColumn,
  problem: Report,
  { required }: { required: boolean },
): string | undefined {
  if (raw.trim() === '') {
    if (required)
      problem(
        column,
        '',
        'no email address is given',
        "write the person's email address, like name@example.org",
      );
    return undefined;
  }
  const parsed = emailSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  problem(column, raw, `${quoted(raw)} is not an email address`, 'write it like name@example.org');
  return undefined;
}

function checkChoice<T extends string>(
  raw: string,
  allowed: readonly T[],
  column: ApplicantColumn,
  problem: Report,
  { fix }: { fix: string },
): T | undefined {
  if (raw.trim() === '') return undefined;
  const value = normaliseHeader(raw);
  const found = allowed.find((choice) => choice === value);
  if (found === undefined) problem(column, raw, `${quoted(raw)} is not one of ${allowed.join(', ')}`, fix);
  return found;
}

function checkText(raw: string, column: ApplicantColumn, problem: Report): string | undefined {
  const value = raw.trim();
  if (value === '') return undefined;
  if (value.length > MAX_TEXT_LENGTH) {
    problem(
      column,
      value,
      `is ${value.length} characters long; at most ${MAX_TEXT_LENGTH} fit`,
      'shorten it',
    );
    return undefined;
  }
  return checkReadable(column, value, problem) ? value : undefined;
}

function checkReadable(column: string, value: string, problem: Report): boolean {
  if (!value.includes(REPLACEMENT_CHARACTER)) return true;
  problem(
    column,
    value,
    `${quoted(value)} contains "${REPLACEMENT_CHARACTER}", a character that could not be read`,
    'save the file as "CSV UTF-8" and import it again, so names in every script arrive intact',
  );
  return false;
}

function checkTimeZone(raw: string, problem: Report): string | undefined {
  const value = raw.trim();
  if (value === '') return undefined;
  const name = canonicalTimeZone(value);
  if (name === undefined) {
    problem(
      'time_zone',
      raw,
      `${quoted(raw)} is not a time zone name`,
      'write a time zone name such as Europe/London, America/New_York or Asia/Tokyo, or leave it empty',
    );
    return undefined;
  }
  return name;
}

function fileError(field: FileProblem['field'], message: string): ValidationError {
  const problem: FileProblem = { field, message };
  return new ValidationError(`The applicant file cannot be imported: ${message}`, [problem]);
}

function exampleHeader(): string {
  return APPLICANT_COLUMNS.join(',');
}

function quoted(value: string): string {
  return JSON.stringify(shorten(value));
}

function shorten(value: string): string {
  // By code point, so a name in a non-Latin script is never cut inside a character.
  const points = Array.from(value);
  return points.length <= MAX_SHOWN_VALUE_LENGTH
    ? value
    : `${points.slice(0, MAX_SHOWN_VALUE_LENGTH).join('')}…`;
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i += 1;
      } else {
        bytes += 3;
      }
    } else bytes += 3;
  }
  return bytes;
}

function formatCount(count: number): string {
  return count.toLocaleString('en-GB');
}

function formatMegabytes(bytes: number): string {
  // Rounded up, so a file just over the limit never reads as exactly the limit.
  const tenths = Math.ceil((bytes / (1024 * 1024)) * 10) / 10;
  return `${tenths} MB`;
}

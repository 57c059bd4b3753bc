import type { SimulatedPerson } from './people.ts';

const HEADER = ['email', 'name', 'intent', 'seniority', 'job_function', 'industry', 'time_zone'];

/** RFC 4180: quote a cell that holds a quote, comma or line break, or would lose edge spaces. */
function cell(value: string | undefined): string {
  const text = value ?? '';
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The applicant file a coordinator would export from their spreadsheet, with CRLF line ends as
 * spreadsheets write them. `emailOf` lets a second file write the same people's addresses
 * differently.
 */
export function applicantCsv(
  people: readonly SimulatedPerson[],
  emailOf: (person: SimulatedPerson) => string = (person) => person.email,
): string {
  const rows = people.map((person) =>
    [
      emailOf(person),
      person.name,
      person.intent,
      person.csv.seniority,
      person.csv.jobFunction,
      person.csv.industry,
      person.csv.timeZone,
    ]
      .map(cell)
      .join(','),
  );
  return `${[HEADER.join(','), ...rows].join('\r\n')}\r\n`;
}

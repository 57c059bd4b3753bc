/**
 * The columns an applicant file may have, as documented in `docs/applicant-import.md`. The
 * header row names them; the order is free. Keep this list and that page in step.
 */
export const APPLICANT_COLUMNS = [
  'email',
  'name',
  'intent',
  'seniority',
  'job_function',
  'industry',
  'manager_email',
  'time_zone',
] as const;
export type ApplicantColumn = (typeof APPLICANT_COLUMNS)[number];

export const REQUIRED_COLUMNS: readonly ApplicantColumn[] = ['email', 'name'];

/** Whether the person comes to seek support, to give it, or both ("allyship runs both ways"). */
export const APPLICANT_INTENTS = ['seeker', 'supporter', 'both'] as const;
export type ApplicantIntent = (typeof APPLICANT_INTENTS)[number];

/**
 * Spreadsheets are typed by people: `Email`, ` Job Function `, `manager-email` all name a
 * documented column. Also used for values of closed lists (`Early career` → `early_career`).
 */
export function normaliseHeader(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

export function isApplicantColumn(name: string): name is ApplicantColumn {
  return (APPLICANT_COLUMNS as readonly string[]).includes(name);
}

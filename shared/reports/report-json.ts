import type { CohortReport } from '#shared/domain/surveys/report.ts';

/** The report as the API and `mentorflow report --format json` return it: the same object the other formats render. */
export function reportJson(report: CohortReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

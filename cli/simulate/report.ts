import type { CheckInFindings } from './check-in-stage.ts';
import type { Check } from './checks.ts';
import type { MatchingFindings } from './matching-stage.ts';
import type { SurveyFindings } from './survey-stage.ts';
import type { IntakeFindings } from './verify-intake.ts';

/** What `mentorflow simulate --json` prints: one object, stable keys, counts only (no names). */
export interface SimulationReport extends IntakeFindings {
  seed: string;
  participants: number;
  /** `--weeks`, or null when the run went through every stage there is. */
  weeks: number | null;
  /** Only in the addresses, so runs on one table stay apart; not part of what the seed decides. */
  runId: string;
  cohortId: string;
  /** Matching and introductions; null when `--weeks` stopped the clock before intake closed. */
  matching: MatchingFindings | null;
  /** Check-in rounds through the running period, answers and alerts; null when matching did not happen. */
  checkIns: CheckInFindings | null;
  /** Surveys, reminders, the cohort's close and its report; null when matching did not happen. */
  surveys: SurveyFindings | null;
  /** The simulated clock at the start and the end of the run. */
  clock: { from: string; to: string };
  /** How many checks ran; `failures` lists those that did not pass. */
  checks: number;
  ok: boolean;
  failures: Check[];
  wallTimeMs: number;
}

/** The report for a person at a terminal. */
export function renderReport(report: SimulationReport): string {
  const { stages, emailsByKind, duplicates } = report;
  const emails = Object.entries(emailsByKind)
    .map(([kind, count]) => `${kind} ${count}`)
    .join(' · ');
  const lines = [
    `Simulated cohort  ${report.cohortId}`,
    `Seed              ${report.seed} (${report.participants} people; run ${report.runId}, repeat with --seed ${report.seed})`,
    `Clock             ${report.clock.from} → ${report.clock.to}${report.weeks === null ? '' : ` (--weeks ${report.weeks})`}`,
    '',
    `Invited           ${stages.invited}`,
    `Applied           ${stages.applied} (${stages.appliedAfterReminder} after the reminder)`,
    `Did not apply     ${stages.notApplied}`,
    `Cohort state      ${stages.cohortState}`,
    ...(report.matching
      ? [
          `Matching          ${report.matching.matched} of ${report.matching.seekersNeeds} needs matched, ${report.matching.unmatched} unmatched`,
          `Introductions     ${report.matching.introductions} (${report.matching.rematched} re-matched after "not a fit")`,
        ]
      : []),
    ...(report.checkIns
      ? [
          `Check-ins         ${report.checkIns.rounds} rounds: ${report.checkIns.checkIns} emails, ${report.checkIns.reminders} reminders, ${report.checkIns.answered} answers, ${report.checkIns.duplicates} duplicates`,
          `Alerts            ${report.checkIns.atRiskPairs} pairs at risk, ${report.checkIns.flaggedSupporters} supporters flagged, ${report.checkIns.helpRequests} help requests, ${report.checkIns.closedPairs} pairs closed, ${report.checkIns.unsubscribed} unsubscribed`,
        ]
      : []),
    ...(report.surveys
      ? [
          `Surveys           ${report.surveys.requests} sent: ${report.surveys.invitations} emails, ${report.surveys.reminders} reminders, ${report.surveys.submitted} submitted, ${report.surveys.partial} saved in part`,
          `Report            ${report.surveys.reportRespondents === null ? 'withheld (fewer than 5 answered)' : `${report.surveys.reportRespondents} people counted`}${report.surveys.cohortClosed ? '; cohort closed' : ''}`,
        ]
      : []),
    `Emails            ${emails}`,
    `Duplicates        ${duplicates.applications} applications, ${duplicates.invitations} invitations`,
    `Wall time         ${(report.wallTimeMs / 1000).toFixed(1)} s`,
    '',
    report.ok
      ? `All ${report.checks} checks passed.`
      : `${report.failures.length} of ${report.checks} checks failed:`,
    ...report.failures.map((failure) => `  ✗ ${failure.name}: ${failure.detail}`),
    '',
    'The simulation covers intake (invitations, applications, the reminder, closing and the',
    'coordinator’s summary), matching (the proposal, approval, introductions and one re-match),',
    'check-ins through the running period (answers, reminders, help requests, tired supporters,',
    'pairs at risk, unsubscribes) and surveys (baseline, an admin’s survey, midpoint, end,',
    'reminders, the close and the report). --weeks bounds how far the clock runs.',
    '',
  ];
  return lines.join('\n');
}

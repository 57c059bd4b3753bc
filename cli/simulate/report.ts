import type { Check } from './checks.ts';
import type { MatchingFindings } from './matching-stage.ts';
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
    'coordinator’s summary) and matching (the proposal, approval, introductions and one re-match).',
    'Check-ins and surveys join it as those stages of the product are built; --weeks already bounds',
    'how far the clock runs.',
    '',
  ];
  return lines.join('\n');
}

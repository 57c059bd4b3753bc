import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { SimulationReport } from '#cli/simulate/run-simulation.ts';
import { REPO_ROOT } from '#infra/local/lambda.ts';

/**
 * `mentorflow simulate` as a person runs it: its own process (so it starts and stops its own
 * runtime, and leaves no Java behind), here on the emulators the global setup started. Its
 * runtime then uses the persistent `mentorflow` table there, so the second run meets the first
 * one's data in the table and in the inbox, as a developer's repeated runs would.
 */
interface SimulateRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function simulateCli(args: string[]): Promise<SimulateRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['cli/bin/mentorflow.js', 'simulate', ...args], {
      cwd: REPO_ROOT,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `--json` prints exactly one JSON object on stdout; progress and trouble go to stderr. */
function reportOf(run: SimulateRun): SimulationReport {
  if (run.code !== 0) throw new Error(`simulate exited ${run.code}:\n${run.stderr}\n${run.stdout}`);
  return JSON.parse(run.stdout) as SimulationReport;
}

const SIX_MINUTES = 360_000;

describe('mentorflow simulate', () => {
  it(
    'runs a cohort through intake, matching, check-ins and surveys twice from one seed, with the same outcome and no duplicates',
    async () => {
      // Act
      const first = reportOf(await simulateCli(['--participants', '25', '--seed', 'e2e-42', '--json']));
      const second = reportOf(await simulateCli(['--participants', '25', '--seed', 'e2e-42', '--json']));

      // Assess
      for (const report of [first, second]) {
        expect(report.ok, JSON.stringify(report.failures)).toBe(true);
        expect(report.duplicates).toEqual({ applications: 0, invitations: 0 });
        expect(report.stages.invited).toBe(25);
        expect(report.stages.applied + report.stages.notApplied).toBe(25);
        // Surveys run to the end: the end survey closes and the cohort with it.
        expect(report.stages.cohortState).toBe('closed');
        expect(report.surveys).toMatchObject({ requests: 4, cohortClosed: true });
        expect(report.emailsByKind).toMatchObject({ invitation: 25, 'intake-summary': 1 });
        const matching = report.matching!;
        expect(matching.matched).toBeGreaterThan(0);
        expect(matching.matched + matching.unmatched).toBe(matching.seekersNeeds);
        expect(matching.rematched).toBe(1);
        // Two introductions per approved match, and two more for the re-match.
        expect(matching.introductions).toBe(2 * matching.matched + 2);
        expect(report.emailsByKind.introduction).toBe(matching.introductions);
        // Twelve weeks of check-ins every two weeks: a round opens at weeks 2, 4, 6, 8 and 10.
        const checkIns = report.checkIns!;
        expect(checkIns.rounds).toBe(5);
        expect(checkIns.duplicates).toBe(0);
        expect(checkIns.checkIns).toBeGreaterThan(0);
        expect(checkIns.answered).toBeGreaterThan(0);
        expect(checkIns.answered).toBeLessThanOrEqual(checkIns.checkIns);
      }
      expect(second.stages).toEqual(first.stages);
      expect(second.matching).toEqual(first.matching);
      expect(second.checkIns).toEqual(first.checkIns);
      expect(second.surveys).toEqual(first.surveys);
      expect(second.emailsByKind).toEqual(first.emailsByKind);
      // Two runs, two cohorts, two sets of addresses: the second did not count the first.
      expect(second.cohortId).not.toBe(first.cohortId);
      expect(second.runId).not.toBe(first.runId);
    },
    SIX_MINUTES,
  );

  it(
    'stops the clock where --weeks says: after two weeks the reminder went out but intake is still open',
    async () => {
      // Act
      const report = reportOf(
        await simulateCli(['--participants', '8', '--seed', 'e2e-weeks', '--weeks', '2', '--json']),
      );

      // Assess
      expect(report.ok, JSON.stringify(report.failures)).toBe(true);
      expect(report.weeks).toBe(2);
      expect(report.stages.cohortState).toBe('intake_open');
      expect(report.emailsByKind['intake-summary']).toBe(0);
      expect(report.matching).toBeNull();
      expect(report.emailsByKind.introduction).toBe(0);
      expect(Date.parse(report.clock.to) - Date.parse(report.clock.from)).toBeLessThanOrEqual(
        14 * 24 * 3600_000,
      );
    },
    SIX_MINUTES,
  );

  it('refuses a participant count it cannot run, with exit code 1 and a reason', async () => {
    // Act
    const run = await simulateCli(['--participants', '0', '--seed', '1', '--json']);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('--participants must be from 1 to');
  });
});

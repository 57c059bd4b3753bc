import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConflictError } from '#shared/domain/errors.ts';
import type { ApplicantImportRecord } from '#shared/ports/applicant-import-store.ts';
import { importApplicants } from '#shared/use-cases/import-applicants.ts';
import { runIntakeJob } from '#shared/use-cases/run-intake-job.ts';
import { fixtureText } from '../../fixtures/load.ts';
import { useLocalRuntime } from '../../fixtures/runtime.ts';
import { cohortItemCounts, depsAt, seedCohort, testDomain } from '../../fixtures/world.ts';

// For the bus that CohortLaunched and ApplicantsImported go to.
useLocalRuntime();

const request = (cohortId: string) => ({
  cohortId,
  importId: `imp-${randomUUID()}`,
  csv: fixtureText('applicants/small.csv', { domain: testDomain() }),
  dryRun: false,
  allowPartial: false,
});

describe('importApplicants', () => {
  it('removes what it added and records the import as failed when writing fails half-way', async () => {
    // Prepare: the real adapters, except that recording progress fails once, after people were added.
    const now = new Date();
    const { cohort, milestones } = await seedCohort({ now });
    const deps = depsAt(now);
    let failures = 0;
    const imports = {
      get: deps.imports.get.bind(deps.imports),
      start: deps.imports.start.bind(deps.imports),
      update: async (record: ApplicantImportRecord) => {
        if (record.status === 'running' && failures++ === 0) throw new Error('DynamoDB is having a bad day');
        return deps.imports.update(record);
      },
    };
    const input = request(cohort.cohortId);

    // Act
    const attempt = importApplicants({ ...deps, imports }, input);

    // Assess
    await expect(attempt).rejects.toThrow('DynamoDB is having a bad day');
    expect(await cohortItemCounts(cohort.cohortId)).toEqual({
      cohort: 1,
      milestone: milestones.length,
      'applicant-import': 1,
    });
    expect(await deps.imports.get(cohort.cohortId, input.importId)).toMatchObject({
      status: 'failed',
      added: 0,
    });
  });

  it('refuses applicants once the closing date has passed, even before the intake job closed the cohort', async () => {
    // Prepare: intake is open; the job that will close it runs every few minutes and has not yet.
    const now = new Date();
    const { cohort, milestones } = await seedCohort({ now });
    const opensAt = milestones.find((m) => m.kind === 'intake-opens')!.dueAt;
    await runIntakeJob(depsAt(new Date(Date.parse(opensAt) + 60_000)));
    const justAfterClose = new Date(Date.parse(cohort.intakeClosesAt) + 60_000);

    // Act
    const attempt = importApplicants(depsAt(justAfterClose), request(cohort.cohortId));

    // Assess: accepted, these people would never be invited (the job closes intake first and then
    // drops their invitations), while the coordinator is told they were added.
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    expect((await cohortItemCounts(cohort.cohortId)).participant).toBeUndefined();
  });
});

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DynamoApplicantImportStore } from '#shared/adapters/dynamodb/applicant-import-store.ts';
import type { ApplicantImportRecord } from '#shared/ports/applicant-import-store.ts';
import { cohortItems } from '../../fixtures/world.ts';
import { useTestTable } from '../../support/aws-env.ts';

useTestTable();
const imports = new DynamoApplicantImportStore();

const aRecord = (overrides: Partial<ApplicantImportRecord> = {}): ApplicantImportRecord => ({
  importId: `imp-${randomUUID()}`,
  cohortId: `coh_${randomUUID()}`,
  status: 'running',
  dryRun: false,
  totalRows: 3,
  processed: 0,
  added: 0,
  alreadyPresent: 0,
  problems: 0,
  startedAt: '2030-03-01T10:00:00.000Z',
  ...overrides,
});

describe('DynamoApplicantImportStore', () => {
  it('starts an import id once; a second start is refused and changes nothing', async () => {
    // Prepare
    const record = aRecord();

    // Act
    const first = await imports.start(record);
    const second = await imports.start({ ...record, totalRows: 99 });

    // Assess
    expect([first, second]).toEqual([true, false]);
    expect(await imports.get(record.cohortId, record.importId)).toMatchObject({ ...record });
  });

  it('records progress and keeps the record 30 days from its start', async () => {
    // Prepare
    const record = aRecord();
    await imports.start(record);

    // Act
    await imports.update({
      ...record,
      status: 'done',
      processed: 3,
      added: 3,
      finishedAt: '2030-03-01T10:00:05.000Z',
    });

    // Assess
    expect(await imports.get(record.cohortId, record.importId)).toMatchObject({
      status: 'done',
      processed: 3,
      added: 3,
    });
    const [item] = await cohortItems(record.cohortId);
    expect(item?.expiresAt).toBe(Date.parse('2030-03-31T10:00:00.000Z') / 1000);
  });

  it('answers undefined for an import it never saw', async () => {
    expect(await imports.get(`coh_${randomUUID()}`, 'imp-unknown')).toBeUndefined();
  });
});

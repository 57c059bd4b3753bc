import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ApplicantImportRecord, ApplicantImportStore } from '#shared/ports/applicant-import-store.ts';
import { config } from '../config.ts';
import { documentClient } from './client.ts';
import { isConditionFailure } from './conditional.ts';
import { keys, stripKeys } from './keys.ts';

/** Import records are kept 30 days: long enough to check on an import, short enough to forget it. */
const RETENTION_SECONDS = 30 * 24 * 3600;

export class DynamoApplicantImportStore implements ApplicantImportStore {
  async get(cohortId: string, importId: string): Promise<ApplicantImportRecord | undefined> {
    const { Item } = await documentClient().send(
      new GetCommand({
        TableName: config.tableName(),
        Key: keys.applicantImport(cohortId, importId),
        ConsistentRead: true,
      }),
    );
    return Item ? stripKeys<ApplicantImportRecord>(Item) : undefined;
  }

  async start(record: ApplicantImportRecord): Promise<boolean> {
    try {
      await documentClient().send(
        new PutCommand({
          TableName: config.tableName(),
          Item: this.item(record),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async update(record: ApplicantImportRecord): Promise<void> {
    await documentClient().send(new PutCommand({ TableName: config.tableName(), Item: this.item(record) }));
  }

  private item(record: ApplicantImportRecord) {
    return {
      ...keys.applicantImport(record.cohortId, record.importId),
      type: 'applicant-import',
      ...record,
      expiresAt: Math.floor(Date.parse(record.startedAt) / 1000) + RETENTION_SECONDS,
    };
  }
}

import { paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { Participant } from '#shared/domain/participant.ts';
import type { DueItem, DueWork } from '#shared/ports/due-work.ts';
import { config } from '../config.ts';
import { documentClient } from './client.ts';
import { milestoneFromItem } from './cohort-store.ts';
import { stripKeys } from './keys.ts';

export class DynamoDueWork implements DueWork {
  async *due(job: 'intake', now: Date): AsyncIterable<DueItem> {
    const pages = paginateQuery(
      { client: documentClient() },
      {
        TableName: config.tableName(),
        IndexName: 'due',
        KeyConditionExpression: 'dueJob = :job AND dueAt <= :now',
        ExpressionAttributeValues: { ':job': job, ':now': now.toISOString() },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        const dueAt = String(item.dueAt);
        if (item.type === 'milestone') yield { type: 'milestone', dueAt, milestone: milestoneFromItem(item) };
        else if (item.type === 'participant')
          yield { type: 'invitation', dueAt, participant: stripKeys<Participant>(item) };
        else throw new Error(`Item type ${String(item.type)} is in the due index but no job handles it.`);
      }
    }
  }
}

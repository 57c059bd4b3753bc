import { paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { Participant } from '#shared/domain/participant.ts';
import type { DueItem, DueWork, SurveyDueItem } from '#shared/ports/due-work.ts';
import { config } from '../config.ts';
import { documentClient } from './client.ts';
import { milestoneFromItem } from './cohort-store.ts';
import { stripKeys } from './keys.ts';
import { requestFromItem } from './survey-store.ts';

export class DynamoDueWork implements DueWork {
  async *due(job: 'intake', now: Date): AsyncIterable<DueItem> {
    for await (const item of dueItems(job, now)) {
      const dueAt = String(item.dueAt);
      if (item.type === 'milestone') yield { type: 'milestone', dueAt, milestone: milestoneFromItem(item) };
      else if (item.type === 'participant')
        yield { type: 'invitation', dueAt, participant: stripKeys<Participant>(item) };
      else throw unhandled(item);
    }
  }

  async *dueForSurveys(now: Date): AsyncIterable<SurveyDueItem> {
    for await (const item of dueItems('surveys', now)) {
      const dueAt = String(item.dueAt);
      if (item.type === 'milestone') yield { type: 'milestone', dueAt, milestone: milestoneFromItem(item) };
      else if (item.type === 'survey-request')
        yield { type: 'survey-request', dueAt, request: requestFromItem(item) };
      else throw unhandled(item);
    }
  }
}

/** The raw items of the sparse due index for one job, due by `now`, oldest first. */
export async function* dueItems(job: string, now: Date): AsyncIterable<Record<string, unknown>> {
  const pages = paginateQuery(
    { client: documentClient() },
    {
      TableName: config.tableName(),
      IndexName: 'due',
      KeyConditionExpression: 'dueJob = :job AND dueAt <= :now',
      ExpressionAttributeValues: { ':job': job, ':now': now.toISOString() },
    },
  );
  for await (const page of pages) yield* page.Items ?? [];
}

function unhandled(item: Record<string, unknown>): Error {
  return new Error(`Item type ${String(item.type)} is in the due index but no job handles it.`);
}

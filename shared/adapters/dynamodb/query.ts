import { BatchGetCommand, BatchWriteCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import { documentClient } from './client.ts';
import { chunk } from './conditional.ts';

/** Every item of a partition whose sort key starts with `prefix` (all of it for ''), page by page. */
export async function* itemsWithPrefix(pk: string, prefix: string): AsyncIterable<Record<string, unknown>> {
  const pages = paginateQuery(
    { client: documentClient() },
    {
      TableName: config.tableName(),
      // DynamoDB refuses an empty string in a key condition, so the whole partition is asked for plainly.
      ...(prefix
        ? {
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
          }
        : { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } }),
    },
  );
  for await (const page of pages) yield* page.Items ?? [];
}

/** Puts items in batches of 25, sending again whatever DynamoDB hands back unprocessed. */
export async function putAll(items: Record<string, unknown>[]): Promise<void> {
  const TableName = config.tableName();
  for (const batch of chunk(items, 25)) {
    let request: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> | undefined = {
      [TableName]: batch.map((Item) => ({ PutRequest: { Item } })),
    };
    for (let attempt = 0; request && Object.keys(request).length > 0; attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
      const result = await documentClient().send(new BatchWriteCommand({ RequestItems: request }));
      request = result.UnprocessedItems as typeof request;
    }
  }
}

/**
 * Reads items by key, 100 to a request and strongly consistent, asking again (with a growing
 * pause) for whatever DynamoDB hands back unprocessed under load. Missing items are left out.
 * The keys must be distinct (BatchGet refuses a request that names one twice).
 */
export async function getAll(
  keyList: readonly Record<string, unknown>[],
): Promise<Record<string, unknown>[]> {
  const TableName = config.tableName();
  const items: Record<string, unknown>[] = [];
  for (const batch of chunk([...keyList], 100)) {
    let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> | undefined = {
      [TableName]: { Keys: batch, ConsistentRead: true },
    };
    for (let attempt = 0; request && Object.keys(request).length > 0; attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
      const result = await documentClient().send(new BatchGetCommand({ RequestItems: request }));
      items.push(...(result.Responses?.[TableName] ?? []));
      request = result.UnprocessedKeys as typeof request;
    }
  }
  return items;
}

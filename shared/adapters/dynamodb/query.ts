import { BatchWriteCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import { documentClient } from './client.ts';
import { chunk } from './conditional.ts';

/** Every item of a partition whose sort key starts with `prefix`, page by page. */
export async function* itemsWithPrefix(pk: string, prefix: string): AsyncIterable<Record<string, unknown>> {
  const pages = paginateQuery(
    { client: documentClient() },
    {
      TableName: config.tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
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

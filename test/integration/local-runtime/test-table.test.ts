import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { ensureTable } from '#infra/local/table.ts';
import { useTestTable } from '../../support/aws-env.ts';

const table = useTestTable();

describe('useTestTable', () => {
  it('creates the table from the deployed definition: keys, both indexes, TTL', async () => {
    // Act
    const { Table } = await table.client.send(new DescribeTableCommand({ TableName: table.tableName }));
    const ttl = await table.client.send(new DescribeTimeToLiveCommand({ TableName: table.tableName }));

    // Assess
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual(['byEmail', 'due']);
    expect(ttl.TimeToLiveDescription).toMatchObject({
      AttributeName: 'expiresAt',
      TimeToLiveStatus: 'ENABLED',
    });
  });

  it('sets the variables, so a client built like the adapters build theirs finds the table', async () => {
    // Prepare: no endpoint, no table name in code — both from the environment.
    const client = new DynamoDBClient({});
    const tableName = process.env.TABLE_NAME;

    // Act
    await client.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: 'P' }, sk: { S: 'S' } } }));
    const { Item } = await client.send(
      new GetItemCommand({ TableName: tableName, Key: { pk: { S: 'P' }, sk: { S: 'S' } } }),
    );
    client.destroy();

    // Assess
    expect(tableName).toBe(table.tableName);
    expect(process.env.MAIL_FROM).toBe('mentorflow@example.org');
    expect(Item).toEqual({ pk: { S: 'P' }, sk: { S: 'S' } });
  });

  it('is idempotent: creating an existing table keeps its data', async () => {
    await ensureTable(table.client, table.tableName);

    const { Item } = await table.client.send(
      new GetItemCommand({ TableName: table.tableName, Key: { pk: { S: 'P' }, sk: { S: 'S' } } }),
    );
    expect(Item).toBeDefined();
  });
});

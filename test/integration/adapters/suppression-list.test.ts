import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { config } from '#shared/adapters/config.ts';
import { documentClient } from '#shared/adapters/dynamodb/client.ts';
import { keys } from '#shared/adapters/dynamodb/keys.ts';
import { DynamoSuppressionList } from '#shared/adapters/dynamodb/suppression-list.ts';
import { testDomain } from '../../fixtures/world.ts';
import { useTestTable } from '../../support/aws-env.ts';

useTestTable();
const suppressions = new DynamoSuppressionList();

async function stored(emailNormalised: string) {
  const { Item } = await documentClient().send(
    new GetCommand({
      TableName: config.tableName(),
      Key: keys.suppressed(emailNormalised),
      ConsistentRead: true,
    }),
  );
  return Item;
}

describe('DynamoSuppressionList', () => {
  it('suppresses an address however it is written', async () => {
    // Prepare
    const domain = testDomain();

    // Act
    await suppressions.add(`  Ana.Lima@${domain.toUpperCase()} `, 'bounce', new Date('2030-03-01T10:00:00Z'));

    // Assess
    expect(await suppressions.isSuppressed(`ana.lima@${domain}`)).toBe(true);
    expect(await suppressions.isSuppressed(`ANA.LIMA@${domain}`)).toBe(true);
    expect(await stored(`ana.lima@${domain}`)).toMatchObject({
      type: 'suppressed',
      byEmail: `ana.lima@${domain}`,
      reason: 'bounce',
      at: '2030-03-01T10:00:00.000Z',
    });
  });

  it('does not suppress other addresses', async () => {
    const domain = testDomain();
    await suppressions.add(`ana@${domain}`, 'complaint', new Date());

    expect(await suppressions.isSuppressed(`ana+news@${domain}`)).toBe(false);
    expect(await suppressions.isSuppressed(`bea@${domain}`)).toBe(false);
  });

  it('keeps the first reason: a later bounce does not hide an unsubscribe', async () => {
    // Prepare
    const email = `ana@${testDomain()}`;
    await suppressions.add(email, 'unsubscribe', new Date('2030-03-01T10:00:00Z'));

    // Act
    await suppressions.add(email, 'bounce', new Date('2030-03-02T10:00:00Z'));

    // Assess
    expect(await stored(email)).toMatchObject({ reason: 'unsubscribe', at: '2030-03-01T10:00:00.000Z' });
  });

  it('tells which of many addresses are suppressed in one batched read, as they were given', async () => {
    // Prepare: more than one BatchGet's worth of addresses.
    const domain = testDomain();
    await suppressions.add(`ana@${domain}`, 'unsubscribe', new Date());
    await suppressions.add(`ben@${domain}`, 'bounce', new Date());
    const others = Array.from({ length: 150 }, (_, i) => `person${i}@${domain}`);

    // Act
    const found = await suppressions.suppressedAmong([
      ...others,
      `ANA@${domain}`,
      `ben@${domain}`,
      `ben@${domain}`,
    ]);

    // Assess
    expect([...found].sort()).toEqual([`ANA@${domain}`, `ben@${domain}`]);
    expect(await suppressions.suppressedAmong([])).toEqual(new Set());
  });
});

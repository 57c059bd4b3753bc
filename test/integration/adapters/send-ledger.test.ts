import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { config } from '#shared/adapters/config.ts';
import { documentClient } from '#shared/adapters/dynamodb/client.ts';
import { keys } from '#shared/adapters/dynamodb/keys.ts';
import { DynamoSendLedger } from '#shared/adapters/dynamodb/send-ledger.ts';
import { useTestTable } from '../../support/aws-env.ts';

useTestTable();
const ledger = new DynamoSendLedger();
const LEASE_MS = 120_000;
const at = (iso: string) => new Date(iso);
const aSendKey = () => `invitation#ppl_${randomUUID()}#coh_test`;

async function stored(sendKey: string) {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: config.tableName(), Key: keys.send(sendKey), ConsistentRead: true }),
  );
  return Item;
}

describe('DynamoSendLedger', () => {
  it('lets one caller claim a send; a second claim within the lease is refused', async () => {
    // Prepare
    const sendKey = aSendKey();

    // Act
    const first = await ledger.claim(sendKey, 'ppl_1', at('2030-03-01T10:00:00Z'), LEASE_MS);
    const second = await ledger.claim(sendKey, 'ppl_1', at('2030-03-01T10:01:00Z'), LEASE_MS);

    // Assess
    expect([first, second]).toEqual([true, false]);
    expect(await stored(sendKey)).toMatchObject({
      status: 'sending',
      recipientId: 'ppl_1',
      claimedAt: '2030-03-01T10:00:00.000Z',
      leaseUntil: '2030-03-01T10:02:00.000Z',
    });
  });

  it('gives exactly one of many simultaneous claims', async () => {
    const sendKey = aSendKey();
    const now = at('2030-03-01T10:00:00Z');

    const claims = await Promise.all(
      Array.from({ length: 5 }, () => ledger.claim(sendKey, 'ppl_1', now, LEASE_MS)),
    );

    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('lets the send be claimed again after a failed attempt released it', async () => {
    // Prepare
    const sendKey = aSendKey();
    await ledger.claim(sendKey, 'ppl_1', at('2030-03-01T10:00:00Z'), LEASE_MS);

    // Act
    await ledger.release(sendKey);
    const retry = await ledger.claim(sendKey, 'ppl_1', at('2030-03-01T10:00:30Z'), LEASE_MS);

    // Assess
    expect(retry).toBe(true);
  });

  it('lets a send whose sender died be re-claimed once its lease ran out', async () => {
    // Prepare
    const sendKey = aSendKey();
    await ledger.claim(sendKey, 'ppl_1', at('2030-03-01T10:00:00Z'), LEASE_MS);

    // Act
    const stillLeased = await ledger.claim(sendKey, 'ppl_1', at('2030-03-01T10:01:59Z'), LEASE_MS);
    const afterLease = await ledger.claim(sendKey, 'ppl_1', at('2030-03-01T10:02:01Z'), LEASE_MS);

    // Assess
    expect([stillLeased, afterLease]).toEqual([false, true]);
    expect(await stored(sendKey)).toMatchObject({ leaseUntil: '2030-03-01T10:04:01.000Z' });
  });

  it('never hands out a send again once it was sent or suppressed, lease or not', async () => {
    // Prepare
    const sent = aSendKey();
    const suppressed = aSendKey();
    await ledger.claim(sent, 'ppl_1', at('2030-03-01T10:00:00Z'), LEASE_MS);
    await ledger.claim(suppressed, 'ppl_2', at('2030-03-01T10:00:00Z'), LEASE_MS);

    // Act
    await ledger.markSent(sent, 'ses-message-1', at('2030-03-01T10:00:01Z'));
    await ledger.markSuppressed(suppressed, at('2030-03-01T10:00:01Z'));
    const later = at('2030-04-01T00:00:00Z');
    const claims = [
      await ledger.claim(sent, 'ppl_1', later, LEASE_MS),
      await ledger.claim(suppressed, 'ppl_2', later, LEASE_MS),
    ];

    // Assess
    expect(claims).toEqual([false, false]);
    expect(await stored(sent)).toMatchObject({
      status: 'sent',
      messageId: 'ses-message-1',
      finishedAt: '2030-03-01T10:00:01.000Z',
    });
    expect(await stored(sent)).not.toHaveProperty('leaseUntil');
    expect(await stored(suppressed)).toMatchObject({ status: 'suppressed' });
  });
});

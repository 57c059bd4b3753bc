import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { handler } from '#functions/email-feedback/handler.ts';
import { config } from '#shared/adapters/config.ts';
import { documentClient } from '#shared/adapters/dynamodb/client.ts';
import { keys } from '#shared/adapters/dynamodb/keys.ts';
import { DynamoSuppressionList } from '#shared/adapters/dynamodb/suppression-list.ts';
import { fixtureJson } from '../../fixtures/load.ts';
import { useTestTable } from '../../support/aws-env.ts';
import { lambdaContext } from '../../support/handler-events.ts';

useTestTable();
const suppressions = new DynamoSuppressionList();

/** A sample SES event (as a configuration set publishes it to EventBridge) for a new address. */
function sesEvent(fixture: string, recipient = `${randomUUID()}@example.org`) {
  return {
    recipient,
    event: fixtureJson<EventBridgeEvent<string, unknown>>(`ses-events/${fixture}`, { recipient }),
  };
}

const deliver = (event: EventBridgeEvent<string, unknown>) =>
  handler(event, lambdaContext('mentorflow-email-feedback'));

async function reasonFor(email: string) {
  const { Item } = await documentClient().send(
    new GetCommand({
      TableName: config.tableName(),
      Key: keys.suppressed(email.toLowerCase()),
      ConsistentRead: true,
    }),
  );
  return Item?.reason;
}

describe('email-feedback', () => {
  it('suppresses an address that bounced permanently', async () => {
    const { recipient, event } = sesEvent('bounce-permanent.json');

    await deliver(event);

    expect(await suppressions.isSuppressed(recipient)).toBe(true);
    expect(await reasonFor(recipient)).toBe('bounce');
  });

  it('leaves an address that bounced for a while (a full mailbox) alone', async () => {
    const { recipient, event } = sesEvent('bounce-transient.json');

    await deliver(event);

    expect(await suppressions.isSuppressed(recipient)).toBe(false);
  });

  it('suppresses an address that complained', async () => {
    const { recipient, event } = sesEvent('complaint.json');

    await deliver(event);

    expect(await reasonFor(recipient)).toBe('complaint');
  });

  it('suppresses the address however SES spells it', async () => {
    const { event } = sesEvent('bounce-permanent.json', 'Ana.Lima@Example.ORG');
    const normalised = `ana.lima@example.org`;

    await deliver(event);

    expect(await suppressions.isSuppressed(normalised)).toBe(true);
  });

  it('is idempotent: a redelivered event keeps the first record', async () => {
    const { recipient, event } = sesEvent('complaint.json');

    await deliver(event);
    await deliver(event);

    expect(await reasonFor(recipient)).toBe('complaint');
  });

  it('throws a ZodError for a detail it cannot read, so EventBridge retries it and then dead-letters it', async () => {
    const { event } = sesEvent('bounce-missing-recipients.json');

    const delivery = deliver(event);

    await expect(delivery).rejects.toBeInstanceOf(ZodError);
    await expect(delivery).rejects.toThrow(/bouncedRecipients/);
  });
});

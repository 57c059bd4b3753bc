import { randomBytes } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, inject } from 'vitest';
import { applyEnv, LOCAL_CONFIGURATION_SET, LOCAL_MAIL_FROM, localAwsEnv } from '#infra/local/env.ts';
import type { SentEmail } from '#infra/local/ses-feedback.ts';
import { deleteTable, ensureTable, localDynamoClient } from '#infra/local/table.ts';
import { ENV } from '#infra/manifest.ts';
import './provided-context.ts';

export type { SentEmail };

/** The emulators the global setup started (or found), for this worker. */
export function testEndpoints(): { dynamoUrl: string; sesUrl: string } {
  return { dynamoUrl: inject('dynamoUrl'), sesUrl: inject('sesUrl') };
}

export interface TestTable {
  /** Set once the file's `beforeAll` ran; reading it earlier throws. */
  readonly tableName: string;
  readonly client: DynamoDBClient;
}

/**
 * A fresh, uniquely named table for the calling test file, created from the same definition
 * as the deployed one, and the variables the adapters read (`TABLE_NAME`, AWS endpoints,
 * `MAIL_FROM`, `SES_CONFIGURATION_SET`). Call it at the top of a file or `describe`; the table
 * is deleted and the variables restored in `afterAll`.
 */
export function useTestTable(): TestTable {
  const endpoints = testEndpoints();
  const client = localDynamoClient(endpoints.dynamoUrl);
  let tableName: string | undefined;
  let restoreEnv: (() => void) | undefined;

  beforeAll(async () => {
    const name = `test-${randomBytes(6).toString('hex')}`;
    await ensureTable(client, name);
    tableName = name;
    restoreEnv = applyEnv({
      ...localAwsEnv(endpoints),
      [ENV.tableName]: name,
      [ENV.mailFrom]: LOCAL_MAIL_FROM,
      [ENV.configurationSet]: LOCAL_CONFIGURATION_SET,
    });
  });

  afterAll(async () => {
    restoreEnv?.();
    if (tableName) await deleteTable(client, tableName);
    client.destroy();
  });

  return {
    get tableName() {
      if (!tableName) throw new Error('useTestTable(): the table exists only from beforeAll on');
      return tableName;
    },
    client,
  };
}

/**
 * Mail the SES emulator holds. The emulator is shared by every test file running in parallel,
 * so filter by a recipient your test made up rather than expecting an empty store.
 */
export async function listSentEmails(filter: { to?: string; sesUrl?: string } = {}): Promise<SentEmail[]> {
  const response = await fetch(`${filter.sesUrl ?? testEndpoints().sesUrl}/store`);
  if (!response.ok) throw new Error(`SES emulator GET /store answered ${response.status}`);
  const { emails } = (await response.json()) as { emails: SentEmail[] };
  if (!filter.to) return emails;
  const to = filter.to.toLowerCase();
  return emails.filter((email) =>
    [...email.destination.to, ...email.destination.cc, ...email.destination.bcc].some((address) =>
      address.toLowerCase().includes(to),
    ),
  );
}

/** Empties the emulator's store — every parallel test file's mail too, so prefer `listSentEmails({ to })`. */
export async function clearSentEmails(sesUrl: string = testEndpoints().sesUrl): Promise<void> {
  const response = await fetch(`${sesUrl}/clear-store`, { method: 'POST' });
  if (!response.ok) throw new Error(`SES emulator POST /clear-store answered ${response.status}`);
}

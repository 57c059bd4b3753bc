import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { normaliseEmail } from '#shared/domain/email-address.ts';
import type { SuppressionList } from '#shared/ports/suppression-list.ts';
import { config } from '../config.ts';
import { documentClient } from './client.ts';
import { isConditionFailure } from './conditional.ts';
import { keys } from './keys.ts';
import { getAll } from './query.ts';

/** Our own suppression list: the SES account-level list is not available in every account or locally. */
export class DynamoSuppressionList implements SuppressionList {
  async isSuppressed(email: string): Promise<boolean> {
    const { Item } = await documentClient().send(
      new GetCommand({
        TableName: config.tableName(),
        Key: keys.suppressed(normaliseEmail(email)),
        ConsistentRead: true,
      }),
    );
    return Item !== undefined;
  }

  async suppressedAmong(emails: readonly string[]): Promise<Set<string>> {
    const byNormalised = new Map<string, string[]>();
    for (const email of emails) {
      const normalised = normaliseEmail(email);
      byNormalised.set(normalised, [...(byNormalised.get(normalised) ?? []), email]);
    }
    const found = await getAll([...byNormalised.keys()].map((email) => keys.suppressed(email)));
    return new Set(found.flatMap((item) => byNormalised.get(String(item.byEmail)) ?? []));
  }

  async add(email: string, reason: 'bounce' | 'complaint' | 'unsubscribe', at: Date): Promise<void> {
    const emailNormalised = normaliseEmail(email);
    try {
      await documentClient().send(
        new PutCommand({
          TableName: config.tableName(),
          Item: {
            ...keys.suppressed(emailNormalised),
            type: 'suppressed',
            byEmail: emailNormalised,
            reason,
            at: at.toISOString(),
          },
          // The first reason is kept: a later bounce must not hide that the person unsubscribed.
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}

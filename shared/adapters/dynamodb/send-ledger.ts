import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SendLedger } from '#shared/ports/send-ledger.ts';
import { config } from '../config.ts';
import { documentClient } from './client.ts';
import { isConditionFailure } from './conditional.ts';
import { keys } from './keys.ts';

export class DynamoSendLedger implements SendLedger {
  async claim(sendKey: string, recipientId: string, now: Date, leaseMs: number): Promise<boolean> {
    try {
      await documentClient().send(
        new PutCommand({
          TableName: config.tableName(),
          Item: {
            ...keys.send(sendKey),
            type: 'send',
            sendKey,
            recipientId,
            status: 'sending',
            claimedAt: now.toISOString(),
            leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
          },
          // New, or a sender that died mid-send and whose lease has run out.
          ConditionExpression: 'attribute_not_exists(pk) OR (#status = :sending AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sending': 'sending', ':now': now.toISOString() },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async markSent(sendKey: string, messageId: string, now: Date): Promise<void> {
    await this.finish(sendKey, 'sent', now, messageId);
  }

  async markSuppressed(sendKey: string, now: Date): Promise<void> {
    await this.finish(sendKey, 'suppressed', now);
  }

  private async finish(
    sendKey: string,
    status: 'sent' | 'suppressed',
    now: Date,
    messageId?: string,
  ): Promise<void> {
    await documentClient().send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: keys.send(sendKey),
        UpdateExpression: `SET #status = :status, finishedAt = :now${messageId ? ', messageId = :messageId' : ''} REMOVE leaseUntil`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': status,
          ':now': now.toISOString(),
          ...(messageId ? { ':messageId': messageId } : {}),
        },
      }),
    );
  }

  async release(sendKey: string): Promise<void> {
    await documentClient().send(
      new DeleteCommand({
        TableName: config.tableName(),
        Key: keys.send(sendKey),
        ConditionExpression: '#status = :sending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sending': 'sending' },
      }),
    );
  }
}

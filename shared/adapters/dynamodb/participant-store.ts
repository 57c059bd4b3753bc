import { setTimeout as sleep } from 'node:timers/promises';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError, ValidationError } from '#shared/domain/errors.ts';
import type { Application, Participant, ParticipantStatus } from '#shared/domain/participant.ts';
import type { ParticipantPage, ParticipantStore } from '#shared/ports/participant-store.ts';
import { config } from '../config.ts';
import { documentClient } from './client.ts';
import { chunk, failedConditionIndexes, isConditionFailure, isTransactionConflict } from './conditional.ts';
import { keys, stripKeys } from './keys.ts';
import { itemsWithPrefix } from './query.ts';

/** 2 items a participant (the person and their email claim), under the 100-item transaction limit. */
const PARTICIPANTS_PER_TRANSACTION = 40;
const PARALLEL_TRANSACTIONS = 8;
const MAX_CONFLICT_RETRIES = 5;

const encodeCursor = (key: Record<string, unknown>) => Buffer.from(JSON.stringify(key)).toString('base64url');

/** A cursor is only ever a key of this same listing; anything else is the caller's mistake. */
function decodeCursor(cursor: string, pk: string, skPrefix: string): Record<string, unknown> {
  let key: Record<string, unknown> | undefined;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
  }
  if (!key || key.pk !== pk || typeof key.sk !== 'string' || !key.sk.startsWith(skPrefix)) {
    throw new ValidationError('The page cursor could not be read.', [
      { field: 'cursor', message: 'is not one this listing gave out; start again without it' },
    ]);
  }
  return { pk: key.pk, sk: key.sk };
}

export class DynamoParticipantStore implements ParticipantStore {
  async get(cohortId: string, participantId: string): Promise<Participant | undefined> {
    const { Item } = await documentClient().send(
      new GetCommand({
        TableName: config.tableName(),
        Key: keys.participant(cohortId, participantId),
        ConsistentRead: true,
      }),
    );
    return Item ? stripKeys<Participant>(Item) : undefined;
  }

  async findByEmail(cohortId: string, emailNormalised: string): Promise<Participant | undefined> {
    const { Item } = await documentClient().send(
      new GetCommand({
        TableName: config.tableName(),
        Key: keys.emailClaim(cohortId, emailNormalised),
        ConsistentRead: true,
      }),
    );
    return Item ? this.get(cohortId, String(Item.participantId)) : undefined;
  }

  async existingEmails(cohortId: string, emailsNormalised: string[]): Promise<Set<string>> {
    const TableName = config.tableName();
    const found = new Set<string>();
    for (const emails of chunk([...new Set(emailsNormalised)], 100)) {
      let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> | undefined =
        {
          [TableName]: {
            Keys: emails.map((email) => keys.emailClaim(cohortId, email)),
            ConsistentRead: true,
          },
        };
      while (request && Object.keys(request).length > 0) {
        const result = await documentClient().send(new BatchGetCommand({ RequestItems: request }));
        for (const item of result.Responses?.[TableName] ?? []) found.add(String(item.byEmail));
        request = result.UnprocessedKeys as typeof request;
      }
    }
    return found;
  }

  async add(
    participants: Participant[],
    invitationDueAt: string,
  ): Promise<{ alreadyPresent: Participant[] }> {
    const alreadyPresent: Participant[] = [];
    const groups = chunk(participants, PARTICIPANTS_PER_TRANSACTION);
    // Transactions touch disjoint items, so several can run at once: a 5,000-row import must
    // finish well inside API Gateway's 29 seconds.
    const worker = async () => {
      for (let group = groups.shift(); group; group = groups.shift()) {
        alreadyPresent.push(...(await this.addGroup(group, invitationDueAt)));
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_TRANSACTIONS }, worker));
    return { alreadyPresent };
  }

  /** Writes one transaction's worth; returns the participants whose address was claimed meanwhile. */
  private async addGroup(group: Participant[], invitationDueAt: string): Promise<Participant[]> {
    const alreadyPresent: Participant[] = [];
    let pending = group;
    let conflicts = 0;
    while (pending.length > 0) {
      try {
        await documentClient().send(
          new TransactWriteCommand({ TransactItems: this.addItems(pending, invitationDueAt) }),
        );
        pending = [];
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        if (isConditionFailure(error)) {
          // Someone claimed these addresses since we checked: keep theirs, write the rest.
          const taken = new Set(failedConditionIndexes(error).map((index) => Math.floor(index / 2)));
          alreadyPresent.push(...pending.filter((_, i) => taken.has(i)));
          pending = pending.filter((_, i) => !taken.has(i));
        } else if (isTransactionConflict(error) && conflicts < MAX_CONFLICT_RETRIES) {
          // Another transaction held one of these items: back off a little and try again.
          conflicts += 1;
          await sleep(Math.random() * 50 * 2 ** conflicts);
        } else {
          throw error;
        }
      }
    }
    return alreadyPresent;
  }

  private addItems(participants: Participant[], invitationDueAt: string) {
    const TableName = config.tableName();
    return participants.flatMap((participant) => [
      {
        Put: {
          TableName,
          Item: {
            ...keys.emailClaim(participant.cohortId, participant.emailNormalised),
            type: 'email-claim',
            participantId: participant.participantId,
            byEmail: participant.emailNormalised,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName,
          Item: {
            ...keys.participant(participant.cohortId, participant.participantId),
            type: 'participant',
            ...participant,
            byEmail: participant.emailNormalised,
            dueJob: 'intake',
            dueAt: invitationDueAt,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]);
  }

  async remove(participants: Participant[]): Promise<void> {
    const TableName = config.tableName();
    for (const group of chunk(participants, PARTICIPANTS_PER_TRANSACTION)) {
      await documentClient().send(
        new TransactWriteCommand({
          TransactItems: group.flatMap((participant) => [
            {
              Delete: { TableName, Key: keys.emailClaim(participant.cohortId, participant.emailNormalised) },
            },
            { Delete: { TableName, Key: keys.participant(participant.cohortId, participant.participantId) } },
          ]),
        }),
      );
    }
  }

  async page(
    cohortId: string,
    options: { status?: ParticipantStatus; cursor?: string; limit: number },
  ): Promise<ParticipantPage> {
    const { pk, skPrefix } = keys.participantsOfCohort(cohortId);
    const participants: Participant[] = [];
    let startKey = options.cursor ? decodeCursor(options.cursor, pk, skPrefix) : undefined;
    // A status filter can leave a DynamoDB page short; keep reading until the page is full.
    do {
      const result = await documentClient().send(
        new QueryCommand({
          TableName: config.tableName(),
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: {
            ':pk': pk,
            ':prefix': skPrefix,
            ...(options.status ? { ':status': options.status } : {}),
          },
          ...(options.status
            ? { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } }
            : {}),
          Limit: options.limit - participants.length,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of result.Items ?? []) participants.push(stripKeys<Participant>(item));
      startKey = result.LastEvaluatedKey;
    } while (startKey && participants.length < options.limit);
    return { participants, ...(startKey ? { nextCursor: encodeCursor(startKey) } : {}) };
  }

  async *all(cohortId: string): AsyncIterable<Participant> {
    const { pk, skPrefix } = keys.participantsOfCohort(cohortId);
    for await (const item of itemsWithPrefix(pk, skPrefix)) yield stripKeys<Participant>(item);
  }

  async saveApplication(participant: Participant, application: Application): Promise<Participant> {
    // An approved or declined person who edits their answers keeps the coordinator's decision.
    const status: ParticipantStatus = participant.status === 'invited' ? 'applied' : participant.status;
    return this.update(
      participant,
      'SET application = :application, #name = :name, #status = :status',
      { ':application': application, ':name': application.name, ':status': status },
      { '#name': 'name', '#status': 'status' },
    );
  }

  async decide(participant: Participant, status: 'approved' | 'declined', at: Date): Promise<Participant> {
    return this.update(
      participant,
      'SET #status = :status, decidedAt = :at',
      { ':status': status, ':at': at.toISOString() },
      { '#status': 'status' },
    );
  }

  private async update(
    participant: Participant,
    setExpression: string,
    values: Record<string, unknown>,
    names: Record<string, string>,
  ): Promise<Participant> {
    try {
      const { Attributes } = await documentClient().send(
        new UpdateCommand({
          TableName: config.tableName(),
          Key: keys.participant(participant.cohortId, participant.participantId),
          UpdateExpression: `${setExpression}, #version = #version + :one`,
          ConditionExpression: '#version = :version',
          ExpressionAttributeNames: { ...names, '#version': 'version' },
          ExpressionAttributeValues: { ...values, ':version': participant.version, ':one': 1 },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return stripKeys<Participant>(Attributes ?? {});
    } catch (error) {
      if (isConditionFailure(error))
        throw new ConflictError('This application changed meanwhile; reload and try again.');
      throw error;
    }
  }

  async clearInvitationDue(participant: Participant, dueAt: string): Promise<void> {
    try {
      await documentClient().send(
        new UpdateCommand({
          TableName: config.tableName(),
          Key: keys.participant(participant.cohortId, participant.participantId),
          UpdateExpression: 'REMOVE dueJob, dueAt',
          ConditionExpression: 'dueAt = :dueAt',
          ExpressionAttributeValues: { ':dueAt': dueAt },
        }),
      );
    } catch (error) {
      // Already cleared by an earlier run of the job: the outcome we wanted.
      if (!isConditionFailure(error)) throw error;
    }
  }
}

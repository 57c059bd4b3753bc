import { GetCommand, PutCommand, paginateQuery, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type PairObservation, shouldFlagSupporter } from '#shared/domain/check-ins/alerts.ts';
import {
  CheckInClosedError,
  type CheckInPlan,
  type DigestState,
  type Notice,
  type NoticeKind,
  type PairState,
  type RoundState,
  type StoredCheckIn,
} from '#shared/domain/check-ins/check-in.ts';
import { type CheckInRef, pairKey } from '#shared/domain/check-ins/check-in-ref.ts';
import { ConflictError } from '#shared/domain/errors.ts';
import type { CheckInDueItem, CheckInStore } from '#shared/ports/check-in-store.ts';
import { config } from '../config.ts';
import { documentClient } from './client.ts';
import { milestoneFromItem } from './cohort-store.ts';
import { isConditionFailure } from './conditional.ts';
import { dueItems } from './due-work.ts';
import { keys, stripKeys } from './keys.ts';
import { getAll, itemsWithPrefix } from './query.ts';

const JOB = 'check-ins';

/** Everything the check-ins job owns, in the one table (layout in keys.ts). */
export class DynamoCheckInStore implements CheckInStore {
  async *due(now: Date): AsyncIterable<CheckInDueItem> {
    for await (const item of dueItems(JOB, now)) {
      const dueAt = String(item.dueAt);
      if (item.type === 'milestone') yield { type: 'milestone', dueAt, milestone: milestoneFromItem(item) };
      else if (item.type === 'check-in-round') yield { type: 'round', dueAt, round: stripKeys(item) };
      else if (item.type === 'check-in-digest') yield { type: 'digest', dueAt, digest: stripKeys(item) };
      else if (item.type === 'check-in') yield { type: 'check-in', dueAt, checkIn: stripKeys(item) };
      else throw new Error(`Item type ${String(item.type)} is in the check-ins due index but unhandled.`);
    }
  }

  async ensurePlan(plan: CheckInPlan, rounds: RoundState[], digest: DigestState): Promise<CheckInPlan> {
    const stored = await this.putIfAbsent({
      ...keys.checkInPlan(plan.cohortId),
      type: 'check-in-plan',
      ...plan,
    });
    const current = stored ? plan : await this.plan(plan.cohortId);
    if (!current) throw new Error(`The check-in plan of ${plan.cohortId} vanished.`);
    // Rounds are planned from the first anchor only; a repeat with another anchor adds nothing.
    if (current.anchoredAt === plan.anchoredAt) {
      for (const round of rounds) {
        await this.putIfAbsent({
          ...keys.checkInRound(round.cohortId, round.round),
          type: 'check-in-round',
          ...round,
          dueJob: JOB,
          dueAt: round.opensAt,
        });
      }
      await this.putIfAbsent({
        ...keys.checkInDigest(digest.cohortId),
        type: 'check-in-digest',
        ...digest,
        dueJob: JOB,
        dueAt: digest.nextAt,
      });
    }
    return current;
  }

  async plan(cohortId: string): Promise<CheckInPlan | undefined> {
    const { Item } = await documentClient().send(
      new GetCommand({
        TableName: config.tableName(),
        Key: keys.checkInPlan(cohortId),
        ConsistentRead: true,
      }),
    );
    return Item ? stripKeys<CheckInPlan>(Item) : undefined;
  }

  async rounds(cohortId: string): Promise<RoundState[]> {
    const { pk, skPrefix } = keys.checkInRounds(cohortId);
    const rounds: RoundState[] = [];
    for await (const item of itemsWithPrefix(pk, skPrefix)) rounds.push(stripKeys<RoundState>(item));
    return rounds.sort((a, b) => a.round - b.round);
  }

  async saveRound(
    round: RoundState,
    changes: Partial<RoundState>,
    dueAt: string | undefined,
  ): Promise<RoundState> {
    const next: RoundState = { ...round, ...changes, version: round.version + 1 };
    try {
      await documentClient().send(
        new PutCommand({
          TableName: config.tableName(),
          Item: {
            ...keys.checkInRound(round.cohortId, round.round),
            type: 'check-in-round',
            ...next,
            ...(dueAt ? { dueJob: JOB, dueAt } : {}),
          },
          ConditionExpression: '#version = :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':version': round.version },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error))
        throw new ConflictError(`Round ${round.round} of ${round.cohortId} moved on meanwhile.`);
      throw error;
    }
    return next;
  }

  async pairs(cohortId: string, pairKeys: readonly string[]): Promise<Map<string, PairState>> {
    const items = await getAll(pairKeys.map((key) => keys.checkInPair(cohortId, key)));
    return new Map(
      items.map((item) => {
        const pair = stripKeys<PairState>(item);
        return [pairKey(pair), pair];
      }),
    );
  }

  async addPairs(pairs: readonly PairState[]): Promise<void> {
    await inParallel(pairs, (pair) =>
      this.putIfAbsent({ ...keys.checkInPair(pair.cohortId, pairKey(pair)), type: 'check-in-pair', ...pair }),
    );
  }

  async observe(pair: PairState, round: number, observation: PairObservation): Promise<void> {
    await documentClient().send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: keys.checkInPair(pair.cohortId, pairKey(pair)),
        UpdateExpression: 'SET observations.#round = :observation',
        ExpressionAttributeNames: { '#round': String(round) },
        ExpressionAttributeValues: { ':observation': observation },
        ConditionExpression: 'attribute_exists(pk)',
      }),
    );
  }

  async closePair(pair: PairState, at: Date): Promise<void> {
    await documentClient().send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: keys.checkInPair(pair.cohortId, pairKey(pair)),
        UpdateExpression: 'SET closedAt = if_not_exists(closedAt, :at)',
        ExpressionAttributeValues: { ':at': at.toISOString() },
        ConditionExpression: 'attribute_exists(pk)',
      }),
    );
  }

  async getCheckIn(ref: CheckInRef, participantId: string): Promise<StoredCheckIn | undefined> {
    const { Item } = await documentClient().send(
      new GetCommand({
        TableName: config.tableName(),
        Key: keys.checkIn(ref.cohortId, ref.round, pairKey(ref), participantId),
        ConsistentRead: true,
      }),
    );
    return Item ? stripKeys<StoredCheckIn>(Item) : undefined;
  }

  async saveAnswer(
    checkIn: StoredCheckIn,
    expectedRevision: number,
    now: Date,
    followUpsDue: boolean,
  ): Promise<void> {
    if (now.toISOString() >= checkIn.closesAt) throw new CheckInClosedError('This check-in has closed.');
    try {
      await documentClient().send(
        new PutCommand({
          TableName: config.tableName(),
          Item: {
            ...keys.checkIn(checkIn.cohortId, checkIn.round, pairKey(checkIn), checkIn.participantId),
            type: 'check-in',
            ...checkIn,
            ...(followUpsDue ? { dueJob: JOB, dueAt: checkIn.answeredAt } : {}),
          },
          // The round's close is the check-in's own date, so closing a round writes nothing here.
          ConditionExpression:
            expectedRevision === 0 ? 'attribute_not_exists(pk)' : 'revision = :revision AND closesAt > :now',
          ...(expectedRevision === 0
            ? {}
            : { ExpressionAttributeValues: { ':now': now.toISOString(), ':revision': expectedRevision } }),
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      if (now.toISOString() >= checkIn.closesAt) throw new CheckInClosedError('This check-in has closed.');
      throw new ConflictError('This answer changed meanwhile; open the link again to see it.');
    }
  }

  async followUpsDone(
    checkIn: StoredCheckIn,
    done: Partial<Pick<StoredCheckIn, 'helpHandledAt' | 'appreciationSentAt' | 'rematchedAt'>>,
  ): Promise<void> {
    const fields = Object.entries(done).filter(([, v]) => v !== undefined);
    const sets = fields.map((_, i) => `#f${i} = if_not_exists(#f${i}, :v${i})`);
    await documentClient().send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: keys.checkIn(checkIn.cohortId, checkIn.round, pairKey(checkIn), checkIn.participantId),
        UpdateExpression: `${sets.length > 0 ? `SET ${sets.join(', ')} ` : ''}REMOVE dueJob, dueAt`,
        ...(fields.length > 0
          ? {
              ExpressionAttributeNames: Object.fromEntries(fields.map(([f], i) => [`#f${i}`, f])),
              ExpressionAttributeValues: Object.fromEntries(fields.map(([, v], i) => [`:v${i}`, v])),
            }
          : {}),
      }),
    );
  }

  async *checkInsOf(cohortId: string, round: number): AsyncIterable<StoredCheckIn> {
    const pages = paginateQuery(
      { client: documentClient() },
      {
        TableName: config.tableName(),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.checkInsOfRound(cohortId, round).pk },
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) yield stripKeys<StoredCheckIn>(item);
  }

  async recordLowEnergy(
    cohortId: string,
    participantId: string,
    round: number,
    flagAt: Date,
  ): Promise<boolean> {
    let rounds: number[];
    try {
      // A list with a "not yet in it" condition: the same round reported again adds nothing.
      const { Attributes } = await documentClient().send(
        new UpdateCommand({
          TableName: config.tableName(),
          Key: keys.participant(cohortId, participantId),
          UpdateExpression:
            'SET lowEnergyRounds = list_append(if_not_exists(lowEnergyRounds, :none), :round)',
          ConditionExpression: 'attribute_exists(pk) AND NOT contains(lowEnergyRounds, :value)',
          ExpressionAttributeValues: { ':none': [], ':round': [round], ':value': round },
          ReturnValues: 'ALL_NEW',
        }),
      );
      rounds = (Attributes?.lowEnergyRounds as number[] | undefined) ?? [];
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const { Item } = await documentClient().send(
        new GetCommand({
          TableName: config.tableName(),
          Key: keys.participant(cohortId, participantId),
          ConsistentRead: true,
        }),
      );
      if (!Item) return false;
      rounds = (Item.lowEnergyRounds as number[] | undefined) ?? [];
    }
    if (!shouldFlagSupporter(rounds)) return false;
    try {
      await documentClient().send(
        new UpdateCommand({
          TableName: config.tableName(),
          Key: keys.participant(cohortId, participantId),
          UpdateExpression: 'SET energyFlaggedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(energyFlaggedAt)',
          ExpressionAttributeValues: { ':at': flagAt.toISOString() },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async clearFlag(cohortId: string, participantId: string, at: Date): Promise<boolean> {
    try {
      await documentClient().send(
        new UpdateCommand({
          TableName: config.tableName(),
          Key: keys.participant(cohortId, participantId),
          UpdateExpression: 'SET energyFlagClearedAt = :at REMOVE energyFlaggedAt, lowEnergyRounds',
          ConditionExpression: 'attribute_exists(energyFlaggedAt)',
          ExpressionAttributeValues: { ':at': at.toISOString() },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async addNotice(notice: Notice): Promise<void> {
    await this.putIfAbsent({
      ...keys.notice(notice.cohortId, notice.kind, notice.id),
      type: 'notice',
      ...notice,
    });
  }

  async notices(cohortId: string, kind?: NoticeKind): Promise<Notice[]> {
    const { pk, skPrefix } = keys.notices(cohortId, kind);
    const notices: Notice[] = [];
    for await (const item of itemsWithPrefix(pk, skPrefix)) notices.push(stripKeys<Notice>(item));
    return notices.sort((a, b) => a.at.localeCompare(b.at));
  }

  async claimNotices(cohortId: string, date: string): Promise<Notice[]> {
    const all = await this.notices(cohortId);
    await inParallel(
      all.filter((n) => n.digestDate === undefined),
      async (notice) => {
        try {
          await documentClient().send(
            new UpdateCommand({
              TableName: config.tableName(),
              Key: keys.notice(cohortId, notice.kind, notice.id),
              UpdateExpression: 'SET digestDate = :date',
              ConditionExpression: 'attribute_not_exists(digestDate)',
              ExpressionAttributeValues: { ':date': date },
            }),
          );
          notice.digestDate = date;
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
        }
      },
    );
    return (await this.notices(cohortId)).filter((n) => n.digestDate === date);
  }

  async clearNotices(cohortId: string, kind: NoticeKind, participantId: string, at: Date): Promise<void> {
    const notices = (await this.notices(cohortId, kind)).filter(
      (n) => n.participantId === participantId && !n.clearedAt,
    );
    await inParallel(notices, (notice) =>
      documentClient().send(
        new UpdateCommand({
          TableName: config.tableName(),
          Key: keys.notice(cohortId, notice.kind, notice.id),
          UpdateExpression: 'SET clearedAt = :at',
          ExpressionAttributeValues: { ':at': at.toISOString() },
        }),
      ),
    );
  }

  async saveDigest(digest: DigestState, nextAt: string | undefined): Promise<void> {
    try {
      await documentClient().send(
        new PutCommand({
          TableName: config.tableName(),
          Item: {
            ...keys.checkInDigest(digest.cohortId),
            type: 'check-in-digest',
            cohortId: digest.cohortId,
            nextAt: nextAt ?? digest.nextAt,
            version: digest.version + 1,
            ...(nextAt ? { dueJob: JOB, dueAt: nextAt } : {}),
          },
          ConditionExpression: '#version = :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':version': digest.version },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error))
        throw new ConflictError(`The digest of ${digest.cohortId} moved on meanwhile.`);
      throw error;
    }
  }

  /** True when written; false when the item was already there (a repeat). */
  private async putIfAbsent(item: Record<string, unknown>): Promise<boolean> {
    try {
      await documentClient().send(
        new PutCommand({
          TableName: config.tableName(),
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}

const PARALLEL_WRITES = 16;

async function inParallel<T>(items: readonly T[], write: (item: T) => Promise<unknown>): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) await write(next);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_WRITES, queue.length) }, worker));
}

import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Cohort } from '#shared/domain/cohort.ts';
import { ConflictError } from '#shared/domain/errors.ts';
import type { CohortAdjustments, History } from '#shared/domain/matching/cohort-input.ts';
import type { SupportRole } from '#shared/domain/support-roles.ts';
import type { MatchingRun, MatchStore, StoredMatch } from '#shared/ports/match-store.ts';
import { config } from '../config.ts';
import { documentClient } from './client.ts';
import { isConditionFailure } from './conditional.ts';
import { keys, stripKeys } from './keys.ts';
import { itemsWithPrefix, putAll } from './query.ts';

/** History lookups run a few at a time: one query per address. */
const PARALLEL_LOOKUPS = 16;

export class DynamoMatchStore implements MatchStore {
  async saveRun(cohort: Cohort, run: MatchingRun, matches: StoredMatch[]): Promise<Cohort> {
    await putAll(matches.map((match) => this.item(match)));
    try {
      const { Attributes } = await documentClient().send(
        new UpdateCommand({
          TableName: config.tableName(),
          Key: keys.cohort(cohort.cohortId),
          UpdateExpression: 'SET matchingRun = :run, #version = #version + :one',
          ConditionExpression: '#version = :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':run': run, ':version': cohort.version, ':one': 1 },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return stripKeys<Cohort>(Attributes ?? {});
    } catch (error) {
      if (isConditionFailure(error))
        throw new ConflictError('The cohort changed while matching ran; run it again.');
      throw error;
    }
  }

  async matchesOf(cohortId: string, runId: string): Promise<StoredMatch[]> {
    const { pk, skPrefix } = keys.matchesOfRun(cohortId, runId);
    const matches: StoredMatch[] = [];
    for await (const item of itemsWithPrefix(pk, skPrefix)) matches.push(stripKeys<StoredMatch>(item));
    return matches;
  }

  async adjustments(cohortId: string): Promise<CohortAdjustments> {
    const { pk } = keys.cohort(cohortId);
    const pins: CohortAdjustments['pins'] = [];
    const forbids: CohortAdjustments['forbids'] = [];
    for await (const item of itemsWithPrefix(pk, 'PIN#')) {
      pins.push({
        seekerId: String(item.seekerId),
        supporterId: String(item.supporterId),
        role: item.role as SupportRole,
      });
    }
    for await (const item of itemsWithPrefix(pk, 'FORBID#')) {
      forbids.push({ seekerId: String(item.seekerId), supporterId: String(item.supporterId) });
    }
    return { pins, forbids };
  }

  async addPin(cohortId: string, pin: CohortAdjustments['pins'][number]): Promise<void> {
    // One pin per need: pinning again replaces the earlier choice.
    await documentClient().send(
      new PutCommand({
        TableName: config.tableName(),
        Item: { ...keys.pin(cohortId, pin.seekerId, pin.role), type: 'pin', ...pin },
      }),
    );
  }

  async addForbid(cohortId: string, forbid: CohortAdjustments['forbids'][number]): Promise<void> {
    await documentClient().send(
      new PutCommand({
        TableName: config.tableName(),
        Item: { ...keys.forbid(cohortId, forbid.seekerId, forbid.supporterId), type: 'forbid', ...forbid },
      }),
    );
  }

  async putMatch(match: StoredMatch): Promise<void> {
    await documentClient().send(new PutCommand({ TableName: config.tableName(), Item: this.item(match) }));
  }

  async history(
    emailsNormalised: string[],
    exceptCohortId: string,
    concurrentAt: string,
  ): Promise<Map<string, History>> {
    const history = new Map<string, History>();
    const queue = [...new Set(emailsNormalised)];
    const worker = async () => {
      for (let email = queue.shift(); email !== undefined; email = queue.shift()) {
        const { Items = [] } = await documentClient().send(
          new QueryCommand({
            TableName: config.tableName(),
            IndexName: 'byEmail',
            KeyConditionExpression: 'byEmail = :email AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: { ':email': email, ':prefix': 'PARTICIPANT#' },
          }),
        );
        const elsewhere = Items.filter((item) => item.cohortId !== exceptCohortId);
        history.set(email, {
          supportingElsewhere: elsewhere.reduce(
            (sum, item) => (item.supportingUntil > concurrentAt ? sum + Number(item.supporting ?? 0) : sum),
            0,
          ),
          previouslyUnmatched: elsewhere.some(
            (item) => ((item.unmatchedRoles as unknown[]) ?? []).length > 0,
          ),
        });
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_LOOKUPS }, worker));
    return history;
  }

  async recordOutcome(
    cohortId: string,
    supportingUntil: string,
    outcome: { participantId: string; supporting: number; unmatchedRoles: SupportRole[] }[],
  ): Promise<void> {
    const queue = [...outcome];
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        await this.recordOne(cohortId, supportingUntil, next);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_LOOKUPS }, worker));
  }

  private async recordOne(
    cohortId: string,
    supportingUntil: string,
    next: { participantId: string; supporting: number; unmatchedRoles: SupportRole[] },
  ): Promise<void> {
    try {
      await documentClient().send(
        new UpdateCommand({
          TableName: config.tableName(),
          Key: keys.participant(cohortId, next.participantId),
          UpdateExpression:
            'SET supporting = :supporting, supportingUntil = :until, unmatchedRoles = :unmatched',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: {
            ':supporting': next.supporting,
            ':until': supportingUntil,
            ':unmatched': next.unmatchedRoles,
          },
        }),
      );
    } catch (error) {
      // Someone erased meanwhile has no outcome to record.
      if (!isConditionFailure(error)) throw error;
    }
  }

  private item(match: StoredMatch) {
    return {
      ...keys.match(match.cohortId, match.runId, match.seekerId, match.role),
      type: 'match',
      ...match,
    };
  }
}

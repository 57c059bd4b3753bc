import { BatchGetCommand, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Cohort, CohortState } from '#shared/domain/cohort.ts';
import { ConflictError } from '#shared/domain/errors.ts';
import { type Milestone, milestoneJob } from '#shared/domain/milestone.ts';
import type { CohortStore } from '#shared/ports/cohort-store.ts';
import { config } from '../config.ts';
import { documentClient } from './client.ts';
import { chunk, isConditionFailure } from './conditional.ts';
import { keys, stripKeys } from './keys.ts';
import { itemsWithPrefix } from './query.ts';

export class DynamoCohortStore implements CohortStore {
  async create(cohort: Cohort, milestones: Milestone[]): Promise<void> {
    const TableName = config.tableName();
    try {
      await documentClient().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName,
                Item: { ...keys.cohort(cohort.cohortId), type: 'cohort', ...cohort },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName,
                Item: {
                  ...keys.cohortOfProgram(cohort.programId, cohort.cohortId),
                  type: 'cohort-of-program',
                  cohortId: cohort.cohortId,
                },
              },
            },
            ...milestones.map((milestone) => ({
              Put: {
                TableName,
                Item: {
                  ...milestoneItem(milestone),
                  dueJob: milestoneJob[milestone.kind],
                  dueAt: milestone.dueAt,
                },
              },
            })),
          ],
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new ConflictError(`Cohort ${cohort.cohortId} already exists.`);
      throw error;
    }
  }

  async get(cohortId: string): Promise<Cohort | undefined> {
    const { Item } = await documentClient().send(
      new GetCommand({ TableName: config.tableName(), Key: keys.cohort(cohortId), ConsistentRead: true }),
    );
    return Item ? stripKeys<Cohort>(Item) : undefined;
  }

  async listByProgram(programId: string): Promise<Cohort[]> {
    const TableName = config.tableName();
    const { pk, skPrefix } = keys.cohortsOfProgram(programId);
    const cohortIds: string[] = [];
    for await (const item of itemsWithPrefix(pk, skPrefix)) cohortIds.push(String(item.cohortId));
    const cohorts: Cohort[] = [];
    for (const ids of chunk(cohortIds, 100)) {
      let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
        [TableName]: { Keys: ids.map((id) => keys.cohort(id)) },
      };
      // BatchGet may hand back unprocessed keys under load; ask again until none are left.
      while (request && Object.keys(request).length > 0) {
        const result = await documentClient().send(new BatchGetCommand({ RequestItems: request }));
        for (const item of result.Responses?.[TableName] ?? []) cohorts.push(stripKeys<Cohort>(item));
        request = result.UnprocessedKeys as typeof request;
      }
    }
    return cohorts.sort((a, b) => a.intakeOpensAt.localeCompare(b.intakeOpensAt));
  }

  async milestones(cohortId: string): Promise<Milestone[]> {
    const { pk } = keys.milestone(cohortId, '');
    const milestones: Milestone[] = [];
    for await (const item of itemsWithPrefix(pk, 'MILESTONE#')) milestones.push(milestoneFromItem(item));
    return milestones.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  }

  async transition(cohort: Cohort, to: CohortState): Promise<Cohort> {
    try {
      const { Attributes } = await documentClient().send(
        new UpdateCommand({
          TableName: config.tableName(),
          Key: keys.cohort(cohort.cohortId),
          UpdateExpression: 'SET #state = :to, #version = #version + :one',
          ConditionExpression: '#version = :version AND #state = :from',
          ExpressionAttributeNames: { '#state': 'state', '#version': 'version' },
          ExpressionAttributeValues: {
            ':to': to,
            ':from': cohort.state,
            ':version': cohort.version,
            ':one': 1,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return stripKeys<Cohort>(Attributes ?? {});
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new ConflictError(
          `Cohort ${cohort.cohortId} changed since it was read; it is no longer ${cohort.state}.`,
        );
      }
      throw error;
    }
  }

  async markMilestoneDone(milestone: Milestone, doneAt: Date): Promise<void> {
    await documentClient().send(
      new UpdateCommand({
        TableName: config.tableName(),
        Key: keys.milestone(milestone.cohortId, milestone.kind),
        UpdateExpression: 'SET doneAt = if_not_exists(doneAt, :doneAt) REMOVE dueJob, dueAt',
        ExpressionAttributeValues: { ':doneAt': doneAt.toISOString() },
        ConditionExpression: 'attribute_exists(pk)',
      }),
    );
  }
}

/**
 * The due index's `dueAt` is removed when a milestone is done, so the milestone's own date is
 * stored apart, as `plannedAt`, and survives.
 */
function milestoneItem(milestone: Milestone) {
  const { dueAt, ...rest } = milestone;
  return {
    ...keys.milestone(milestone.cohortId, milestone.kind),
    type: 'milestone',
    ...rest,
    plannedAt: dueAt,
  };
}

export function milestoneFromItem(item: Record<string, unknown>): Milestone {
  const { plannedAt, ...rest } = stripKeys<Omit<Milestone, 'dueAt'> & { plannedAt: string }>(item);
  return { ...rest, dueAt: plannedAt };
}

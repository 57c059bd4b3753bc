import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '#shared/domain/errors.ts';
import {
  nextStep,
  SurveyClosedError,
  type SurveyRequest,
  type SurveyResponse,
} from '#shared/domain/survey-request.ts';
import type { SurveyDefinition } from '#shared/domain/surveys/definition.ts';
import type { SurveyStore } from '#shared/ports/survey-store.ts';
import { config } from '../config.ts';
import { documentClient } from './client.ts';
import { chunk, failedConditionIndexes, isConditionFailure } from './conditional.ts';
import { keys, stripKeys } from './keys.ts';
import { itemsWithPrefix } from './query.ts';

/** The due index holds a request at its next step; a closed request leaves it. */
function dueAttributes(request: SurveyRequest): { dueJob: 'surveys'; dueAt: string } | undefined {
  const step = nextStep(request);
  return step && { dueJob: 'surveys', dueAt: step.at };
}

export function requestFromItem(item: Record<string, unknown>): SurveyRequest {
  return stripKeys<SurveyRequest>(item);
}

function requestItem(request: SurveyRequest) {
  return {
    ...keys.surveyRequest(request.requestId),
    type: 'survey-request',
    ...request,
    ...dueAttributes(request),
  };
}

/**
 * What a closed cohort keeps for good: its own record, its dates, the anonymous report, the
 * survey request pointers and the check-in rounds' counts. None of them names a person.
 */
const KEPT_AFTER_CLOSE = new Set([
  'cohort',
  'milestone',
  'cohort-report',
  'survey-request-of-cohort',
  'check-in-plan',
  'check-in-round',
  'check-in-digest',
]);

export class DynamoSurveyStore implements SurveyStore {
  async saveDefinition(programId: string, definition: SurveyDefinition): Promise<void> {
    try {
      await documentClient().send(
        new PutCommand({
          TableName: config.tableName(),
          Item: {
            ...keys.surveyDefinition(programId, definition.surveyId, definition.version),
            type: 'survey-definition',
            programId,
            definition,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new ConflictError(
          `Version ${definition.version} of survey ${definition.surveyId} exists already; surveys are changed by adding a version.`,
        );
      }
      throw error;
    }
  }

  async latestDefinition(programId: string, surveyId: string): Promise<SurveyDefinition | undefined> {
    const { pk, skPrefix } = keys.surveyDefinitions(programId, surveyId);
    const { Items } = await documentClient().send(
      new QueryCommand({
        TableName: config.tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    return Items?.[0]?.definition as SurveyDefinition | undefined;
  }

  async definition(programId: string, surveyId: string, version: number) {
    const { Item } = await documentClient().send(
      new GetCommand({
        TableName: config.tableName(),
        Key: keys.surveyDefinition(programId, surveyId, version),
      }),
    );
    return Item?.definition as SurveyDefinition | undefined;
  }

  async createRequest(request: SurveyRequest): Promise<SurveyRequest> {
    const TableName = config.tableName();
    try {
      await documentClient().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName,
                Item: requestItem(request),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName,
                Item: {
                  ...keys.surveyRequestOfCohort(request.cohortId, request.requestId),
                  type: 'survey-request-of-cohort',
                  requestId: request.requestId,
                },
              },
            },
          ],
        }),
      );
      return request;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const existing = await this.getRequest(request.requestId);
      if (!existing) throw error;
      return existing;
    }
  }

  async getRequest(requestId: string): Promise<SurveyRequest | undefined> {
    const { Item } = await documentClient().send(
      new GetCommand({
        TableName: config.tableName(),
        Key: keys.surveyRequest(requestId),
        ConsistentRead: true,
      }),
    );
    return Item ? requestFromItem(Item) : undefined;
  }

  async requestsOf(cohortId: string): Promise<SurveyRequest[]> {
    const { pk, skPrefix } = keys.surveyRequestsOfCohort(cohortId);
    const requests: SurveyRequest[] = [];
    for await (const item of itemsWithPrefix(pk, skPrefix)) {
      const request = await this.getRequest(String(item.requestId));
      if (request) requests.push(request);
    }
    return requests.sort(
      (a, b) => a.sendAt.localeCompare(b.sendAt) || a.requestId.localeCompare(b.requestId),
    );
  }

  async updateRequest(request: SurveyRequest, changes: Partial<SurveyRequest>): Promise<SurveyRequest> {
    const updated: SurveyRequest = { ...request, ...changes, revision: request.revision + 1 };
    try {
      await documentClient().send(
        new PutCommand({
          TableName: config.tableName(),
          Item: requestItem(updated),
          ConditionExpression: 'revision = :seen',
          ExpressionAttributeValues: { ':seen': request.revision },
        }),
      );
      return updated;
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new ConflictError(`Survey request ${request.requestId} changed since it was read.`);
      }
      throw error;
    }
  }

  async getResponse(requestId: string, participantId: string): Promise<SurveyResponse | undefined> {
    const { Item } = await documentClient().send(
      new GetCommand({
        TableName: config.tableName(),
        Key: keys.surveyResponse(requestId, participantId),
        ConsistentRead: true,
      }),
    );
    return Item ? stripKeys<SurveyResponse>(Item) : undefined;
  }

  async responsesOf(requestId: string): Promise<SurveyResponse[]> {
    const { pk, skPrefix } = keys.surveyResponses(requestId);
    const responses: SurveyResponse[] = [];
    for await (const item of itemsWithPrefix(pk, skPrefix)) {
      const { expiresAt: _expiresAt, ...response } = stripKeys<SurveyResponse & { expiresAt?: number }>(item);
      responses.push(response);
    }
    return responses;
  }

  async saveResponse(response: SurveyResponse, now: Date): Promise<void> {
    const TableName = config.tableName();
    const previous = response.revision - 1;
    try {
      await documentClient().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              // The close and the save cannot cross: the request must still be open as this writes.
              ConditionCheck: {
                TableName,
                Key: keys.surveyRequest(response.requestId),
                ConditionExpression: '#state = :open AND closesAt > :now',
                ExpressionAttributeNames: { '#state': 'state' },
                ExpressionAttributeValues: { ':open': 'open', ':now': now.toISOString() },
              },
            },
            {
              Put: {
                TableName,
                Item: {
                  ...keys.surveyResponse(response.requestId, response.participantId),
                  type: 'survey-response',
                  ...response,
                },
                ...(previous === 0
                  ? { ConditionExpression: 'attribute_not_exists(pk)' }
                  : {
                      ConditionExpression: 'revision = :previous',
                      ExpressionAttributeValues: { ':previous': previous },
                    }),
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (!(error instanceof TransactionCanceledException) || !isConditionFailure(error)) throw error;
      if (failedConditionIndexes(error).includes(0)) {
        throw new SurveyClosedError('This survey has closed; answers can no longer be saved or changed.');
      }
      throw new ConflictError('Your answers were changed in another window; reload the page to see them.');
    }
  }

  async saveReport(cohortId: string, report: unknown): Promise<void> {
    await documentClient().send(
      new PutCommand({
        TableName: config.tableName(),
        Item: { ...keys.cohortReport(cohortId), type: 'cohort-report', cohortId, report },
      }),
    );
  }

  async storedReport(cohortId: string): Promise<unknown | undefined> {
    const { Item } = await documentClient().send(
      new GetCommand({
        TableName: config.tableName(),
        Key: keys.cohortReport(cohortId),
        ConsistentRead: true,
      }),
    );
    return Item?.report;
  }

  async expirePersonalData(cohortId: string, requestIds: string[], expiresAt: Date): Promise<number> {
    const epochSeconds = Math.floor(expiresAt.getTime() / 1000);
    const targets: { pk: string; sk: string }[] = [];
    const rounds: number[] = [];
    // Everything in the cohort's partition is about people except what KEPT_AFTER_CLOSE names, so
    // a kind of item added later expires by default rather than being kept by oversight.
    for await (const item of itemsWithPrefix(keys.cohort(cohortId).pk, '')) {
      if (item.type === 'check-in-round') rounds.push(Number(item.round));
      if (!KEPT_AFTER_CLOSE.has(String(item.type)))
        targets.push({ pk: String(item.pk), sk: String(item.sk) });
    }
    for (const round of rounds) {
      for await (const item of itemsWithPrefix(keys.checkInsOfRound(cohortId, round).pk, ''))
        targets.push({ pk: String(item.pk), sk: String(item.sk) });
    }
    for (const requestId of requestIds) {
      const responses = keys.surveyResponses(requestId);
      for await (const item of itemsWithPrefix(responses.pk, responses.skPrefix))
        targets.push({ pk: String(item.pk), sk: String(item.sk) });
    }
    for (const batch of chunk(targets, 25)) {
      await Promise.all(
        batch.map(async (Key) => {
          try {
            await documentClient().send(
              new UpdateCommand({
                TableName: config.tableName(),
                Key,
                // An earlier close may have set it already: the first date stands.
                UpdateExpression: 'SET expiresAt = if_not_exists(expiresAt, :at)',
                ExpressionAttributeValues: { ':at': epochSeconds },
                ConditionExpression: 'attribute_exists(pk)',
              }),
            );
          } catch (error) {
            // Erased since we listed it: there is nothing left to expire.
            if (!isConditionFailure(error)) throw error;
          }
        }),
      );
    }
    return targets.length;
  }
}

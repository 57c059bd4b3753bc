import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '#shared/domain/errors.ts';
import type { Program } from '#shared/domain/program.ts';
import type { ProgramStore } from '#shared/ports/program-store.ts';
import { config } from '../config.ts';
import { documentClient } from './client.ts';
import { isConditionFailure } from './conditional.ts';
import { keys, stripKeys } from './keys.ts';
import { itemsWithPrefix } from './query.ts';

export class DynamoProgramStore implements ProgramStore {
  async create(program: Program): Promise<void> {
    try {
      await documentClient().send(
        new PutCommand({
          TableName: config.tableName(),
          Item: { ...keys.program(program.programId), type: 'program', ...program },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new ConflictError(`Program ${program.programId} already exists.`);
      throw error;
    }
  }

  async get(programId: string): Promise<Program | undefined> {
    const { Item } = await documentClient().send(
      new GetCommand({ TableName: config.tableName(), Key: keys.program(programId) }),
    );
    return Item ? stripKeys<Program>(Item) : undefined;
  }

  async list(): Promise<Program[]> {
    const programs: Program[] = [];
    for await (const item of itemsWithPrefix(keys.programList(), 'PROGRAM#'))
      programs.push(stripKeys<Program>(item));
    return programs;
  }
}

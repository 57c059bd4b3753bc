import type * as z from 'zod';
import { ConflictError, ValidationError } from '#shared/domain/errors.ts';
import { idFromKey, newId } from '#shared/domain/ids.ts';
import type { createProgramInputSchema, Program } from '#shared/domain/program.ts';
import type { Actor, Deps } from './deps.ts';

/**
 * Primary course:
 * 1. Decide who hears about the program's intake: the coordinator who creates it.
 * 2. Store the program under a new id (or the id its Idempotency-Key names).
 * 3. A retried create with the same key returns the program stored the first time.
 */
export async function createProgram(
  deps: Pick<Deps, 'programs' | 'clock'>,
  actor: Actor,
  input: z.output<typeof createProgramInputSchema>,
  idempotencyKey?: string,
): Promise<Program> {
  const coordinatorEmail = input.coordinatorEmail ?? actor.email;
  if (!coordinatorEmail) {
    throw new ValidationError('Say where intake summaries should go.', [
      {
        field: 'coordinatorEmail',
        message: 'is required because your sign-in token carries no email address',
      },
    ]);
  }
  const { coordinatorEmail: _given, ...rest } = input;
  const programId = idempotencyKey ? idFromKey('prg', actor.userId, idempotencyKey) : newId('prg');
  const program: Program = {
    ...rest,
    programId,
    coordinatorEmails: [coordinatorEmail],
    createdAt: deps.clock.now().toISOString(),
  };
  try {
    await deps.programs.create(program);
    return program;
  } catch (error) {
    const existing =
      error instanceof ConflictError && idempotencyKey ? await deps.programs.get(programId) : undefined;
    if (existing) return existing;
    throw error;
  }
}

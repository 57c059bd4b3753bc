import { ZodError } from 'zod';
import {
  ConflictError,
  type FieldProblem,
  ForbiddenError,
  LinkError,
  NotFoundError,
  ValidationError,
} from '#shared/domain/errors.ts';
import { UnauthorizedError } from './actor.ts';
import { InvalidJsonError } from './json-body.ts';

export interface MappedError {
  statusCode: number;
  code: string;
  message: string;
  problems?: FieldProblem[];
  /** True when the fault is ours, not the caller's: logged as an error. */
  unexpected: boolean;
}

export function zodProblems(error: ZodError, prefix: (string | number)[] = []): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: [...prefix, ...issue.path].map(String).join('.') || 'body',
    message: issue.message,
  }));
}

/** The one place where errors become HTTP answers. A 5xx means a bug or an outage, never bad input. */
export function mapError(error: unknown): MappedError {
  if (error instanceof ValidationError) {
    return {
      statusCode: 400,
      code: 'validation_failed',
      message: error.message,
      problems: error.problems,
      unexpected: false,
    };
  }
  if (error instanceof ZodError) {
    return {
      statusCode: 400,
      code: 'validation_failed',
      message: 'Some fields need fixing.',
      problems: zodProblems(error),
      unexpected: false,
    };
  }
  if (error instanceof InvalidJsonError) {
    return {
      statusCode: 400,
      code: 'invalid_json',
      message: 'The request body is not valid JSON.',
      unexpected: false,
    };
  }
  if (error instanceof LinkError) {
    return {
      statusCode: error.reason === 'expired' ? 410 : 400,
      code: `link_${error.reason}`,
      message: error.message,
      unexpected: false,
    };
  }
  if (error instanceof UnauthorizedError)
    return { statusCode: 401, code: 'unauthorized', message: error.message, unexpected: false };
  if (error instanceof ForbiddenError)
    return { statusCode: 403, code: 'forbidden', message: error.message, unexpected: false };
  if (error instanceof NotFoundError)
    return { statusCode: 404, code: 'not_found', message: error.message, unexpected: false };
  if (error instanceof ConflictError)
    return { statusCode: 409, code: 'conflict', message: error.message, unexpected: false };
  return {
    statusCode: 500,
    code: 'internal',
    message: 'Something went wrong on our side. It has been logged; please try again.',
    unexpected: true,
  };
}

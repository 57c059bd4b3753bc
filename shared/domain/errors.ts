/**
 * Domain errors carry what went wrong in words a coordinator or participant can act on.
 * The one error mapper (`shared/http/error-mapper.ts`) turns them into HTTP answers; anything
 * else is an unexpected fault (500) and is logged without personal data.
 */
export interface FieldProblem {
  /** Dotted path of the field, e.g. `dates.intakeClosesAt`, or `row 4, column email` for CSV. */
  field: string;
  message: string;
}

export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  constructor(
    message: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
  }
}

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/** A state change lost a race or is not allowed from the current state (HTTP 409). */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}

/** The caller is known but may not do this (HTTP 403). */
export class ForbiddenError extends Error {
  override readonly name = 'ForbiddenError';
}

/** A signed link that is malformed, tampered with or expired. Shown as a friendly page. */
export class LinkError extends Error {
  override readonly name = 'LinkError';
  constructor(readonly reason: 'malformed' | 'tampered' | 'expired' | 'wrong-purpose') {
    super(`link ${reason}`);
  }
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  ConflictError,
  ForbiddenError,
  LinkError,
  NotFoundError,
  ValidationError,
} from '#shared/domain/errors.ts';
import { UnauthorizedError } from '#shared/http/actor.ts';
import { mapError, zodProblems } from '#shared/http/error-mapper.ts';
import { parseJsonBody } from '#shared/http/json-body.ts';

const GENERIC = 'Something went wrong on our side. It has been logged; please try again.';

function zodErrorOf(schema: z.ZodType, input: unknown): z.ZodError {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected the input to fail the schema');
  return result.error;
}

const offerSchema = z.object({
  name: z.string().min(1),
  offers: z.array(z.object({ role: z.string(), capacity: z.number().int() })),
});

describe('mapError', () => {
  it.each([
    ['NotFoundError', new NotFoundError('No such cohort.'), 404, 'not_found'],
    ['ConflictError', new ConflictError('The cohort changed meanwhile.'), 409, 'conflict'],
    ['ForbiddenError', new ForbiddenError('This route needs membership of admins.'), 403, 'forbidden'],
    ['UnauthorizedError', new UnauthorizedError('Sign in to use this route.'), 401, 'unauthorized'],
  ])("answers a %s with its status, code and the domain's own words", (_name, error, statusCode, code) => {
    // Prepare: the error was thrown by a use case.

    // Act
    const mapped = mapError(error);

    // Assess
    expect(mapped).toEqual({ statusCode, code, message: error.message, unexpected: false });
  });

  it('answers a ValidationError with 400 and every field problem', () => {
    // Prepare
    const problems = [
      { field: 'intakeClosesOn', message: 'must be after intakeOpensOn' },
      { field: 'programEndsOn', message: 'is in the past; choose a later date' },
    ];
    const error = new ValidationError('The cohort dates need fixing.', problems);

    // Act
    const mapped = mapError(error);

    // Assess
    expect(mapped).toEqual({
      statusCode: 400,
      code: 'validation_failed',
      message: 'The cohort dates need fixing.',
      problems,
      unexpected: false,
    });
  });

  it.each([
    ['malformed', 400],
    ['tampered', 400],
    ['wrong-purpose', 400],
    ['expired', 410],
  ] as const)('answers a %s link with %i and a code naming the reason', (reason, statusCode) => {
    // Prepare
    const error = new LinkError(reason);

    // Act
    const mapped = mapError(error);

    // Assess
    expect(mapped).toEqual({
      statusCode,
      code: `link_${reason}`,
      message: `link ${reason}`,
      unexpected: false,
    });
  });

  it('answers a zod failure with 400 and the dotted path of each field', () => {
    // Prepare
    const error = zodErrorOf(offerSchema, {
      name: '',
      offers: [
        { role: 'mentor', capacity: 1 },
        { role: 'coach', capacity: 2.5 },
      ],
    });

    // Act
    const mapped = mapError(error);

    // Assess
    expect(mapped.statusCode).toBe(400);
    expect(mapped.code).toBe('validation_failed');
    expect(mapped.unexpected).toBe(false);
    expect(mapped.problems?.map((p) => p.field)).toEqual(['name', 'offers.1.capacity']);
    expect(mapped.problems?.every((p) => p.message.length > 0)).toBe(true);
  });

  it('names the body as the field when the whole body is wrong', () => {
    // Prepare
    const error = zodErrorOf(offerSchema, 'not an object');

    // Act
    const mapped = mapError(error);

    // Assess
    expect(mapped.problems?.map((p) => p.field)).toEqual(['body']);
  });

  it('answers a body that is not JSON with 400 invalid_json', () => {
    // Prepare
    let error: unknown;
    try {
      parseJsonBody('{"name": ');
    } catch (thrown) {
      error = thrown;
    }

    // Act
    const mapped = mapError(error);

    // Assess
    expect(mapped).toEqual({
      statusCode: 400,
      code: 'invalid_json',
      message: 'The request body is not valid JSON.',
      unexpected: false,
    });
  });

  it.each([
    ['an Error', new Error('connect ECONNREFUSED 10.0.0.12:8000 table mentorflow-prod ana@example.org')],
    ['a SyntaxError from our own code', new SyntaxError('Unexpected token < in JSON at position 0')],
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'email')")],
    [
      'an error that only looks like a domain error',
      Object.assign(new Error('nope'), { name: 'NotFoundError' }),
    ],
    ['a string', 'boom'],
    ['undefined', undefined],
    ['a plain object', { statusCode: 404, message: 'not found' }],
  ])('answers %s with a generic 500 that is flagged as ours', (_case, error) => {
    // Prepare: the fault is ours, whatever was thrown.

    // Act
    const mapped = mapError(error);

    // Assess
    expect(mapped).toEqual({ statusCode: 500, code: 'internal', message: GENERIC, unexpected: true });
  });

  it('never echoes the text of an unexpected error', () => {
    // Prepare
    const text = fc.string({ minLength: 1, maxLength: 80 });

    fc.assert(
      fc.property(text, (message) => {
        // Act
        const mapped = mapError(new Error(message));

        // Assess
        expect(mapped.message).toBe(GENERIC);
        expect(mapped).not.toHaveProperty('problems');
      }),
    );
  });
});

describe('zodProblems', () => {
  it('puts the prefix before each path', () => {
    // Prepare
    const error = zodErrorOf(offerSchema, { name: 'Ana', offers: [{ role: 'mentor', capacity: 'two' }] });

    // Act
    const problems = zodProblems(error, ['rows', 4]);

    // Assess
    expect(problems.map((p) => p.field)).toEqual(['rows.4.offers.0.capacity']);
  });
});

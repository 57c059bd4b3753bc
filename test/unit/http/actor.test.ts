import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RouteAuth } from '#infra/manifest.ts';
import { ForbiddenError } from '#shared/domain/errors.ts';
import { actorFrom, authorize, groupsFrom, UnauthorizedError } from '#shared/http/actor.ts';
import type { Actor } from '#shared/use-cases/deps.ts';
import { apiEvent } from '../../support/handler-events.ts';

const actor = (groups: string[]): Actor => ({ userId: 'user-1', groups });

/** What `authorize` did: let the caller through, or which error it threw. */
function outcome(auth: RouteAuth, who: Actor | undefined): 'allowed' | 'unauthorized' | 'forbidden' {
  try {
    authorize(auth, who);
    return 'allowed';
  } catch (error) {
    if (error instanceof UnauthorizedError) return 'unauthorized';
    if (error instanceof ForbiddenError) return 'forbidden';
    throw error;
  }
}

describe('groupsFrom', () => {
  it.each([
    ['the flattened list API Gateway hands over', '[coordinators admins]', ['coordinators', 'admins']],
    ['a flattened list of one', '[admins]', ['admins']],
    ['an empty flattened list', '[]', []],
    ['a single group without brackets', 'coordinators', ['coordinators']],
    ['a comma-separated list', '[coordinators, admins]', ['coordinators', 'admins']],
    ['an empty string', '', []],
    ['a real array', ['coordinators', 'admins'], ['coordinators', 'admins']],
    ['an absent claim', undefined, []],
    ['a number', 42, []],
    ['a boolean', true, []],
  ])('reads %s', (_case, claim, expected) => {
    // Prepare: nothing beyond the claim.

    // Act
    const groups = groupsFrom(claim);

    // Assess
    expect(groups).toEqual(expected);
  });

  it('reads back any list of group names that API Gateway flattened', () => {
    // Prepare: Cognito group names hold no spaces, commas or brackets.
    const name = fc.string({
      unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz-_0123456789'),
      minLength: 1,
    });

    fc.assert(
      fc.property(fc.array(name, { maxLength: 6 }), (names) => {
        // Act
        const groups = groupsFrom(`[${names.join(' ')}]`);

        // Assess
        expect(groups).toEqual(names);
      }),
    );
  });
});

describe('actorFrom', () => {
  it('reads the user, the groups and the email from the JWT claims', () => {
    // Prepare
    const event = apiEvent({
      routeKey: 'GET /programs',
      sub: 'user-1',
      groups: ['coordinators', 'admins'],
      email: 'lead@example.org',
    });

    // Act
    const who = actorFrom(event);

    // Assess
    expect(who).toEqual({ userId: 'user-1', groups: ['coordinators', 'admins'], email: 'lead@example.org' });
  });

  it('leaves out the email and the groups when the token has none', () => {
    // Prepare
    const event = apiEvent({ routeKey: 'GET /programs', sub: 'user-1' });

    // Act
    const who = actorFrom(event);

    // Assess
    expect(who).toEqual({ userId: 'user-1', groups: [] });
  });

  it('knows nobody when no authorizer ran', () => {
    // Prepare
    const event = apiEvent({ routeKey: 'GET /apply/{token}', pathParameters: { token: 'abc' } });

    // Act
    const who = actorFrom(event);

    // Assess
    expect(who).toBeUndefined();
  });
});

describe('authorize', () => {
  it.each([
    ['public', undefined, 'allowed'],
    ['public', [], 'allowed'],
    ['coordinator', undefined, 'unauthorized'],
    ['coordinator', [], 'forbidden'],
    ['coordinator', ['coordinators'], 'allowed'],
    ['coordinator', ['admins'], 'allowed'],
    ['coordinator', ['participants'], 'forbidden'],
    ['coordinator', ['Coordinators'], 'forbidden'],
    ['admin', undefined, 'unauthorized'],
    ['admin', [], 'forbidden'],
    ['admin', ['coordinators'], 'forbidden'],
    ['admin', ['admins'], 'allowed'],
    ['admin', ['coordinators', 'admins'], 'allowed'],
  ] as const)('on a %s route, a caller in %j is %s', (auth, groups, expected) => {
    // Prepare
    const who = groups === undefined ? undefined : actor([...groups]);

    // Act
    const result = outcome(auth, who);

    // Assess
    expect(result).toBe(expected);
  });

  it('tells a forbidden caller which group the route needs', () => {
    // Prepare
    const who = actor(['coordinators']);

    // Act
    const act = () => authorize('admin', who);

    // Assess
    expect(act).toThrow(new ForbiddenError('This route needs membership of admins.'));
  });

  it('lets admins do whatever coordinators may, for any other groups they hold', () => {
    // Prepare
    const others = fc.array(fc.constantFrom('coordinators', 'participants', 'auditors'), { maxLength: 3 });
    const auth = fc.constantFrom<RouteAuth>('public', 'coordinator', 'admin');

    fc.assert(
      fc.property(auth, others, (route, groups) => {
        // Act
        const asAdmin = outcome(route, actor([...groups, 'admins']));

        // Assess
        expect(asAdmin).toBe('allowed');
      }),
    );
  });
});

import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { RouteAuth } from '#infra/manifest.ts';
import { ForbiddenError } from '#shared/domain/errors.ts';
import type { Actor } from '#shared/use-cases/deps.ts';

/** The caller has no valid token (HTTP 401). API Gateway normally stops them first. */
export class UnauthorizedError extends Error {
  override readonly name = 'UnauthorizedError';
}

type Claims = Record<string, string | number | boolean | string[]>;

/**
 * API Gateway's JWT authorizer hands claims over as strings, flattening arrays such as
 * `cognito:groups` into `"[coordinators admins]"`; tests and other callers may pass real arrays.
 */
export function groupsFrom(claim: Claims[string] | undefined): string[] {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== 'string') return [];
  return claim
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

export function actorFrom(event: APIGatewayProxyEventV2): Actor | undefined {
  const claims = (event.requestContext as { authorizer?: { jwt?: { claims?: Claims } } }).authorizer?.jwt
    ?.claims;
  if (!claims?.sub) return undefined;
  const email = typeof claims.email === 'string' ? claims.email : undefined;
  return {
    userId: String(claims.sub),
    groups: groupsFrom(claims['cognito:groups']),
    ...(email ? { email } : {}),
  };
}

/** Coordinators run programs; admins may do everything coordinators may, and more. */
export function authorize(auth: RouteAuth, actor: Actor | undefined): void {
  if (auth === 'public') return;
  if (!actor) throw new UnauthorizedError('Sign in to use this route.');
  const allowed = auth === 'admin' ? ['admins'] : ['coordinators', 'admins'];
  if (!actor.groups.some((group) => allowed.includes(group))) {
    throw new ForbiddenError(`This route needs membership of ${allowed.join(' or ')}.`);
  }
}

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { functions, type HttpRoute } from '#infra/manifest.ts';
import { logger } from '#shared/adapters/logger.ts';
import type { Actor } from '#shared/use-cases/deps.ts';
import { PAGE_CONTENT_SECURITY_POLICY } from '#shared/web/layout.ts';
import { actorFrom, authorize } from './actor.ts';
import { type MappedError, mapError } from './error-mapper.ts';
import { parseJsonBody } from './json-body.ts';

export type Reply = APIGatewayProxyStructuredResultV2;

interface ApiRequest {
  event: APIGatewayProxyEventV2;
  actor: Actor | undefined;
  params: Record<string, string>;
  query: Record<string, string>;
  /** The body as text (decoded when API Gateway sent it base64-encoded). */
  text(): string;
  /** The body parsed as JSON; `{}` when empty. Bad JSON is the caller's 400. */
  json(): unknown;
  /** A client's Idempotency-Key header, which makes a retried create return the same thing. */
  idempotencyKey: string | undefined;
}

export type Route = (request: ApiRequest) => Promise<Reply>;

export const json = (statusCode: number, body: unknown): Reply => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});

/**
 * Pages hold signed links in their URL: no referrer may leak them, nothing may be cached, and
 * no script runs (the pages need none).
 */
export const htmlPage = (statusCode: number, body: string): Reply => ({
  statusCode,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'content-security-policy': PAGE_CONTENT_SECURITY_POLICY,
  },
  body,
});

const jsonError = (mapped: MappedError, requestId: string): Reply =>
  json(mapped.statusCode, {
    error: {
      code: mapped.code,
      message: mapped.message,
      ...(mapped.problems ? { problems: mapped.problems } : {}),
      requestId,
    },
  });

/**
 * Builds the handler of one HTTP function: a middy chain with the Powertools logger, the route
 * table (checked against the manifest at load, so a route can't be served but not deployed or
 * the other way round), the group check from the manifest's `auth`, and the one error mapper.
 */
export function httpFunction(
  functionName: string,
  routes: Record<string, Route>,
  renderError: (mapped: MappedError, requestId: string) => Reply = jsonError,
) {
  const declared = functions
    .find((f) => f.name === functionName)
    ?.triggers.flatMap((t) => (t.kind === 'http' ? t.routes : []));
  if (!declared) throw new Error(`${functionName} is not an HTTP function in infra/manifest.ts`);
  const authOf = new Map<string, HttpRoute['auth']>(declared.map((r) => [`${r.method} ${r.path}`, r.auth]));
  const missing = [...authOf.keys()].filter((key) => !routes[key]);
  const extra = Object.keys(routes).filter((key) => !authOf.has(key));
  if (missing.length || extra.length) {
    throw new Error(
      `${functionName} routes differ from the manifest: missing ${missing.join(', ')}; extra ${extra.join(', ')}`,
    );
  }

  const handle = async (event: APIGatewayProxyEventV2, context: Context): Promise<Reply> => {
    const requestId = context.awsRequestId ?? event.requestContext.requestId;
    try {
      const route = routes[event.routeKey];
      const auth = authOf.get(event.routeKey);
      if (!route || !auth)
        return json(404, { error: { code: 'not_found', message: `No route ${event.routeKey}.`, requestId } });
      const actor = actorFrom(event);
      authorize(auth, actor);
      const text = () =>
        event.body
          ? event.isBase64Encoded
            ? Buffer.from(event.body, 'base64').toString('utf8')
            : event.body
          : '';
      const reply = await route({
        event,
        actor,
        params: (event.pathParameters ?? {}) as Record<string, string>,
        query: (event.queryStringParameters ?? {}) as Record<string, string>,
        text,
        json: () => parseJsonBody(text()),
        idempotencyKey: event.headers['idempotency-key'],
      });
      logger.info('request', {
        routeKey: event.routeKey,
        statusCode: reply.statusCode,
        userId: actor?.userId,
      });
      return reply;
    } catch (error) {
      const mapped = mapError(error);
      if (mapped.unexpected)
        logger.error('request failed', { routeKey: event.routeKey, error: error as Error });
      else
        logger.info('request refused', {
          routeKey: event.routeKey,
          statusCode: mapped.statusCode,
          code: mapped.code,
        });
      return renderError(mapped, requestId);
    }
  };
  return middy(handle).use(injectLambdaContext(logger, { resetKeys: true }));
}

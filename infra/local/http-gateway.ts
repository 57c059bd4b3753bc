import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type {
  APIGatewayEventRequestContextJWTAuthorizer,
  APIGatewayProxyEventV2,
  APIGatewayProxyEventV2WithJWTAuthorizer,
} from 'aws-lambda';
import type { FunctionSpec } from '#infra/manifest.ts';
import type { Claims, LocalAuth } from './auth.ts';
import { CONTROL_PREFIX, handleControl, type LocalControl } from './control-routes.ts';
import { LOCAL_ACCOUNT_ID } from './env.ts';
import { compileRoutes, matchRoute, type RouteMatch } from './http-routes.ts';
import { BodyTooLargeError, closeServer, listen, readBody, sendJson } from './http-util.ts';
import type { Invoke } from './lambda.ts';
import { consoleLog, type LocalLog } from './log.ts';

interface HttpGatewayOptions {
  functions: readonly FunctionSpec[];
  invoke: Invoke;
  auth: LocalAuth;
  /** The local clock: `requestContext.time` is what "now" is for the handlers. */
  now?: () => number;
  /** Serves `/_local/` when given. */
  control?: LocalControl;
  port?: number;
  log?: LocalLog;
}

export interface HttpGateway {
  url: string;
  stop(): Promise<void>;
}

/** API Gateway HTTP API's payload limit. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
const TEXT_TYPES = /^(text\/|application\/(json|x-www-form-urlencoded|[\w.+-]*\+json)\b)/i;

const NOT_FOUND = { message: 'Not Found' };
const UNAUTHORIZED = { message: 'Unauthorized' };
const INTERNAL_ERROR = { message: 'Internal Server Error' };

/**
 * Every manifest `http` route on localhost, with API Gateway HTTP API semantics: payload format
 * 2.0 events, the JWT authorizer on `coordinator`/`admin` routes (a missing or bad token is a 401
 * and the handler never runs), and API Gateway's reading of the handler's result. Group checks
 * stay in the handlers, exactly as deployed.
 */
export async function startHttpGateway(options: HttpGatewayOptions): Promise<HttpGateway> {
  const routes = compileRoutes(options.functions);
  const now = options.now ?? Date.now;
  const log = options.log ?? consoleLog;
  const apiId = randomBytes(5).toString('hex');

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      log.error(`${req.method} ${req.url} failed in the gateway`, error);
      if (!res.headersSent) sendJson(res, 500, INTERNAL_ERROR);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    let body: Buffer;
    try {
      body = await readBody(req, MAX_BODY_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLargeError)
        return sendJson(res, 413, { message: 'Request Entity Too Large' });
      throw error;
    }

    if (options.control && url.pathname.startsWith(CONTROL_PREFIX)) {
      const answer = await handleControl(options.control, method, url.pathname, body.toString('utf8'));
      return sendJson(res, answer.status, answer.body);
    }

    const match = matchRoute(routes, method, url.pathname);
    if (!match) return sendJson(res, 404, NOT_FOUND);

    const requestId = randomUUID();
    let authorizer: APIGatewayEventRequestContextJWTAuthorizer | undefined;
    if (match.route.route.auth !== 'public') {
      const verdict = authorize(options.auth, req.headers.authorization);
      if (!verdict.ok) {
        return sendJson(res, 401, UNAUTHORIZED, {
          'apigw-requestid': requestId,
          ...(verdict.challenge ? { 'www-authenticate': verdict.challenge } : {}),
        });
      }
      authorizer = verdict.authorizer;
    }

    const event = buildEvent({ req, url, body, match, authorizer, requestId, apiId, time: new Date(now()) });
    let result: unknown;
    try {
      result = await options.invoke(match.route.fn, event);
    } catch (error) {
      log.error(`${match.route.routeKey} → ${match.route.fn.name} failed`, error);
      return sendJson(res, 500, INTERNAL_ERROR, { 'apigw-requestid': requestId });
    }
    const response = toHttpResponse(result);
    if ('malformed' in response) {
      log.error(
        `${match.route.routeKey} → ${match.route.fn.name} returned a malformed response: ${response.malformed}`,
      );
      return sendJson(res, 500, INTERNAL_ERROR, { 'apigw-requestid': requestId });
    }
    res.writeHead(response.statusCode, {
      ...response.headers,
      'apigw-requestid': requestId,
      'content-length': response.body.length,
      ...(response.cookies.length > 0 ? { 'set-cookie': response.cookies } : {}),
    });
    res.end(response.body);
  }

  const url = await listen(server, options.port ?? 0);
  return { url, stop: () => closeServer(server) };
}

type Verdict =
  | { ok: true; authorizer: APIGatewayEventRequestContextJWTAuthorizer }
  | { ok: false; challenge?: string };

/** The JWT authorizer: the token may come with or without `Bearer `, as API Gateway accepts. */
function authorize(auth: LocalAuth, header: string | undefined): Verdict {
  const token = header?.replace(/^Bearer\s+/i, '').trim();
  if (!token) return { ok: false };
  const result = auth.verifyToken(token);
  if (!result.ok) {
    return {
      ok: false,
      challenge: `Bearer scope="" error="invalid_token" error_description="${result.reason}"`,
    };
  }
  const scope = result.claims.scope;
  return {
    ok: true,
    authorizer: {
      jwt: {
        claims: flattenClaims(result.claims),
        scopes: typeof scope === 'string' ? scope.split(' ') : null,
      },
    },
  };
}

/**
 * API Gateway hands claims to the function as strings: numbers and booleans as text, and a list
 * as `[a b]` — so `cognito:groups` arrives as `"[coordinators admins]"`.
 */
function flattenClaims(claims: Claims): Record<string, string> {
  return Object.fromEntries(
    Object.entries(claims).map(([name, value]) => [
      name,
      Array.isArray(value)
        ? `[${value.map(String).join(' ')}]`
        : typeof value === 'object' && value !== null
          ? JSON.stringify(value)
          : String(value),
    ]),
  );
}

interface EventInput {
  req: IncomingMessage;
  url: URL;
  body: Buffer;
  match: RouteMatch;
  authorizer: APIGatewayEventRequestContextJWTAuthorizer | undefined;
  requestId: string;
  apiId: string;
  time: Date;
}

function buildEvent(input: EventInput): APIGatewayProxyEventV2 | APIGatewayProxyEventV2WithJWTAuthorizer {
  const { req, url, body, match } = input;
  const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (values && name !== 'cookie') headers[name] = values.join(',');
  }
  headers['x-forwarded-for'] = sourceIp;
  headers['x-forwarded-port'] = String(req.socket.localPort ?? '');
  headers['x-forwarded-proto'] = 'http';
  headers['x-amzn-trace-id'] =
    `Root=1-${Math.floor(input.time.getTime() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;

  const cookies = (req.headersDistinct.cookie ?? [])
    .flatMap((header) => header.split(';'))
    .map((cookie) => cookie.trim())
    .filter(Boolean);
  const rawQueryString = url.search.slice(1);
  const query = new Map<string, string[]>();
  for (const [key, value] of url.searchParams) query.set(key, [...(query.get(key) ?? []), value]);
  const host = headers.host ?? 'localhost';
  const isText = body.length === 0 || TEXT_TYPES.test(headers['content-type'] ?? '');

  return {
    version: '2.0',
    routeKey: match.route.routeKey,
    rawPath: url.pathname,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(query.size > 0
      ? {
          queryStringParameters: Object.fromEntries(
            [...query].map(([key, values]) => [key, values.join(',')]),
          ),
        }
      : {}),
    ...(Object.keys(match.pathParameters).length > 0 ? { pathParameters: match.pathParameters } : {}),
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: input.apiId,
      ...(input.authorizer ? { authorizer: input.authorizer } : {}),
      domainName: host,
      domainPrefix: host.split('.')[0] ?? host,
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: input.requestId,
      routeKey: match.route.routeKey,
      stage: '$default',
      time: apiGatewayTime(input.time),
      timeEpoch: input.time.getTime(),
    },
    ...(body.length > 0 ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: !isText,
  } as APIGatewayProxyEventV2;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `12/Mar/2020:19:03:58 +0000`, the CLF-style time API Gateway writes. */
function apiGatewayTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

type HttpResponse =
  | { statusCode: number; headers: OutgoingHttpHeaders; body: Buffer; cookies: string[] }
  | { malformed: string };

/**
 * API Gateway's reading of a payload 2.0 result: an object with `statusCode` is a response;
 * anything else is the body of a 200 `application/json` response (a string as it is, other
 * values as JSON). A malformed response is a 500, as on AWS.
 */
function toHttpResponse(result: unknown): HttpResponse {
  if (typeof result !== 'object' || result === null || !('statusCode' in result)) {
    const text = typeof result === 'string' ? result : JSON.stringify(result ?? null);
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(text),
      cookies: [],
    };
  }
  const structured = result as {
    statusCode: unknown;
    headers?: Record<string, unknown>;
    body?: unknown;
    isBase64Encoded?: unknown;
    cookies?: unknown;
  };
  const status = structured.statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) {
    return { malformed: `statusCode ${JSON.stringify(status)}` };
  }
  if (structured.body !== undefined && typeof structured.body !== 'string') {
    return { malformed: 'body must be a string' };
  }
  if (structured.cookies !== undefined && !Array.isArray(structured.cookies)) {
    return { malformed: 'cookies must be a list of strings' };
  }
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(structured.headers ?? {}))
    headers[name.toLowerCase()] = String(value);
  const text = structured.body ?? '';
  return {
    statusCode: status,
    headers,
    body: structured.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8'),
    cookies: ((structured.cookies as unknown[] | undefined) ?? []).map(String),
  };
}

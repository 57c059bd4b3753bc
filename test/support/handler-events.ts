import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, Context, EventBridgeEvent, SQSEvent, SQSRecord } from 'aws-lambda';

/**
 * Events shaped as AWS hands them to a Lambda function, for calling a real handler directly.
 * Only what the handlers read is filled in with care; the rest has the right shape.
 */

export interface ApiEventInput {
  /** `METHOD /path/{param}`, exactly as in `infra/manifest.ts`. */
  routeKey: string;
  pathParameters?: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  /** An object is sent as JSON; a string as it is (a form, a CSV). */
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * Cognito groups. API Gateway's JWT authorizer flattens lists into one string, so
   * `['coordinators']` arrives as `"[coordinators]"`. Absent with `sub` absent: no authorizer.
   */
  groups?: string[];
  sub?: string;
  email?: string;
}

/** The path a route key names, with its parameters filled in (URL-encoded as a browser would). */
export function pathOf(routeKey: string, pathParameters: Record<string, string> = {}): string {
  const path = routeKey.slice(routeKey.indexOf(' ') + 1);
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = pathParameters[name];
    if (value === undefined) throw new Error(`apiEvent: ${routeKey} needs pathParameters.${name}`);
    return encodeURIComponent(value);
  });
}

/** An API Gateway HTTP API (payload format 2.0) event, with JWT claims when `sub` is given. */
export function apiEvent(input: ApiEventInput): APIGatewayProxyEventV2 {
  const method = input.routeKey.slice(0, input.routeKey.indexOf(' '));
  const rawPath = pathOf(input.routeKey, input.pathParameters);
  const body =
    input.body === undefined
      ? undefined
      : typeof input.body === 'string'
        ? input.body
        : JSON.stringify(input.body);
  const contentType =
    typeof input.body === 'string' ? 'application/x-www-form-urlencoded' : 'application/json';
  const claims =
    input.sub === undefined
      ? undefined
      : {
          sub: input.sub,
          ...(input.groups ? { 'cognito:groups': `[${input.groups.join(' ')}]` } : {}),
          ...(input.email ? { email: input.email } : {}),
          token_use: 'access',
          iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_test',
        };
  const now = new Date();
  return {
    version: '2.0',
    routeKey: input.routeKey,
    rawPath,
    rawQueryString: new URLSearchParams(input.queryStringParameters ?? {}).toString(),
    headers: {
      host: 'api.example.org',
      'user-agent': 'vitest',
      ...(body === undefined ? {} : { 'content-type': contentType }),
      ...input.headers,
    },
    ...(input.queryStringParameters ? { queryStringParameters: input.queryStringParameters } : {}),
    ...(input.pathParameters ? { pathParameters: input.pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
      domainName: 'api.example.org',
      domainPrefix: 'api',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: randomUUID(),
      routeKey: input.routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: false,
  } as APIGatewayProxyEventV2;
}

/** A coordinator's claims, for the common case. */
export const coordinator = (sub = `coordinator-${randomUUID()}`, email = `${sub}@example.org`) => ({
  sub,
  email,
  groups: ['coordinators'],
});

/** What the Lambda service passes as the second argument. */
export function lambdaContext(functionName = 'mentorflow-test'): Context {
  const unsupported = () => {
    throw new Error('callback-style context methods are not used');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 30_000,
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

/** One SQS message as the event source mapping delivers it; the body is sent as given. */
export function sqsRecord(body: string, messageId: string = randomUUID()): SQSRecord {
  return {
    messageId,
    receiptHandle: Buffer.from(messageId).toString('base64'),
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(Date.now()),
      SenderId: '000000000000:test',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:send',
    awsRegion: 'us-east-1',
  };
}

export function sqsEvent(records: SQSRecord[]): SQSEvent {
  return { Records: records };
}

/** An EventBridge event around `detail`, as a rule delivers it. */
export function eventBridgeEvent<Detail>(
  source: string,
  detailType: string,
  detail: Detail,
): EventBridgeEvent<string, Detail> {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': detailType,
    source,
    account: '000000000000',
    time: `${new Date().toISOString().slice(0, 19)}Z`,
    region: 'us-east-1',
    resources: [],
    detail,
  };
}

/** An HTML form post body (`application/x-www-form-urlencoded`); lists repeat the field. */
export function formBody(fields: Record<string, string | readonly string[]>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of typeof value === 'string' ? [value] : value) params.append(name, item);
  }
  return params.toString();
}

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadLocalAuth } from '#infra/local/auth.ts';
import { type ClockState, LocalClock } from '#infra/local/clock.ts';
import { type HttpGateway, startHttpGateway } from '#infra/local/http-gateway.ts';
import { compileRoutes, matchRoute } from '#infra/local/http-routes.ts';
import { createInvoker } from '#infra/local/lambda.ts';
import { defaultManifest } from '#infra/local/local-manifest.ts';
import { silentLog } from '#infra/local/log.ts';
import { systemClock } from '#shared/adapters/system-clock.ts';
import { fixtureManifest } from './fixtures/manifest.ts';
import { callsOf, resetCalls } from './fixtures/recorder.ts';

const keyDir = mkdtempSync(join(tmpdir(), 'mentorflow-gateway-'));
const auth = loadLocalAuth({ keyPath: join(keyDir, 'key.pem') });
const clock = new LocalClock({ start: new Date('2030-01-15T09:30:00Z'), speed: 0 });
let ticks = 0;
let gateway: HttpGateway;

beforeAll(async () => {
  gateway = await startHttpGateway({
    functions: fixtureManifest.functions,
    invoke: createInvoker(),
    auth,
    now: () => clock.nowMs(),
    control: {
      clock,
      tick: async () => {
        ticks += 1;
        return { ticks };
      },
    },
    log: silentLog,
  });
});

afterAll(async () => {
  await gateway.stop();
  clock.stop();
});

beforeEach(() => resetCalls());

async function echo(path: string, init: RequestInit = {}): Promise<APIGatewayProxyEventV2WithJWTAuthorizer> {
  const response = await fetch(`${gateway.url}${path}`, init);
  expect(response.status).toBe(200);
  return (await response.json()) as APIGatewayProxyEventV2WithJWTAuthorizer;
}

describe('payload format 2.0 events', () => {
  it('builds the event API Gateway would send for a request with query, cookies and a JSON body', async () => {
    // Act
    const event = await echo('/things/a%20b/notes?tag=x&tag=y&q=caf%C3%A9', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: 'session=abc; theme=dark', 'X-Custom': 'Yes' },
      body: JSON.stringify({ text: 'hello' }),
    });

    // Assess
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /things/{thingId}/notes',
      rawPath: '/things/a%20b/notes',
      rawQueryString: 'tag=x&tag=y&q=caf%C3%A9',
      cookies: ['session=abc', 'theme=dark'],
      queryStringParameters: { tag: 'x,y', q: 'café' },
      pathParameters: { thingId: 'a b' },
      body: '{"text":"hello"}',
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        http: { method: 'POST', path: '/things/a%20b/notes', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1' },
        routeKey: 'POST /things/{thingId}/notes',
        stage: '$default',
        time: '15/Jan/2030:09:30:00 +0000',
        timeEpoch: Date.parse('2030-01-15T09:30:00Z'),
      },
    });
    expect(event.headers['x-custom']).toBe('Yes');
    expect(event.headers['content-type']).toBe('application/json');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.requestContext.requestId).toMatch(/[0-9a-f-]{36}/);
    expect(event.requestContext.domainName).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(event.requestContext.http.userAgent).toBeTypeOf('string');
    expect(event.requestContext).not.toHaveProperty('authorizer');
  });

  it('leaves out what the request does not have, as API Gateway does', async () => {
    const event = await echo('/things');

    expect(event).not.toHaveProperty('body');
    expect(event).not.toHaveProperty('cookies');
    expect(event).not.toHaveProperty('queryStringParameters');
    expect(event).not.toHaveProperty('pathParameters');
    expect(event.rawQueryString).toBe('');
    expect(event.isBase64Encoded).toBe(false);
  });

  it('base64-encodes a body that is not text', async () => {
    const bytes = Buffer.from([0, 159, 146, 150]);

    const event = await echo('/things/t1/notes', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    });

    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? '', 'base64')).toEqual(bytes);
  });

  it('keeps form posts as text', async () => {
    const event = await echo('/things/t1/notes', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'choice=yes&note=ok',
    });

    expect(event.isBase64Encoded).toBe(false);
    expect(event.body).toBe('choice=yes&note=ok');
  });
});

describe('routing', () => {
  it('prefers a literal segment over a path parameter', async () => {
    const special = await echo('/things/special');
    const other = await echo('/things/ordinary');

    expect(special.routeKey).toBe('GET /things/special');
    expect(special).not.toHaveProperty('pathParameters');
    expect(other.routeKey).toBe('GET /things/{thingId}');
    expect(other.pathParameters).toEqual({ thingId: 'ordinary' });
  });

  it('passes the rest of the path to a greedy parameter', async () => {
    const event = await echo('/files/a/b%2Fc/d.txt');

    expect(event.pathParameters).toEqual({ path: 'a/b/c/d.txt' });
  });

  it.each([
    ['an unknown path', 'GET', '/nowhere'],
    ['a known path with another method', 'DELETE', '/things'],
    ['a path with an extra segment', 'GET', '/things/a/b'],
  ])('answers 404 Not Found for %s', async (_, method, path) => {
    const response = await fetch(`${gateway.url}${path}`, { method });

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: 'Not Found' });
    expect(callsOf('echo-api')).toHaveLength(0);
  });
});

describe('the JWT authorizer', () => {
  const post = (headers: Record<string, string>) =>
    fetch(`${gateway.url}/programs`, { method: 'POST', headers, body: '{}' });

  it('answers 401 without calling the handler when the token is missing', async () => {
    const response = await post({});

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: 'Unauthorized' });
    expect(callsOf('echo-api')).toHaveLength(0);
  });

  it.each([
    ['garbage', () => 'not-a-jwt'],
    [
      'an expired token',
      () =>
        auth.issueToken({ sub: 'u1', groups: ['coordinators'], issuedAt: new Date(Date.now() - 7_200_000) }),
    ],
    [
      'a token signed with another key',
      () =>
        loadLocalAuth({
          keyPath: join(mkdtempSync(join(tmpdir(), 'mentorflow-other-')), 'key.pem'),
        }).issueToken({
          sub: 'u1',
          groups: ['admins'],
        }),
    ],
    [
      'a token whose payload was edited',
      () => {
        const [header, , signature] = auth.issueToken({ sub: 'u1' }).split('.');
        const forged = Buffer.from(JSON.stringify({ sub: 'u1', 'cognito:groups': ['admins'] })).toString(
          'base64url',
        );
        return `${header}.${forged}.${signature}`;
      },
    ],
    [
      'an unsigned token (alg none)',
      () => {
        const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
        const exp = Math.floor(Date.now() / 1000) + 600;
        return `${part({ alg: 'none' })}.${part({ sub: 'u1', iss: 'mentorflow-local', client_id: 'mentorflow-local-client', exp })}.`;
      },
    ],
  ])('answers 401 without calling the handler for %s', async (_, token) => {
    const response = await post({ authorization: `Bearer ${token()}` });

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: 'Unauthorized' });
    expect(response.headers.get('www-authenticate')).toContain('invalid_token');
    expect(callsOf('echo-api')).toHaveLength(0);
  });

  it('passes the claims as API Gateway does: strings, with lists flattened to "[a b]"', async () => {
    // Prepare
    const token = auth.issueToken({
      sub: 'user-1',
      email: 'coord@example.org',
      groups: ['coordinators', 'admins'],
    });

    // Act
    const event = await echo('/programs', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: '{}',
    });

    // Assess
    const claims = event.requestContext.authorizer.jwt.claims;
    expect(claims['cognito:groups']).toBe('[coordinators admins]');
    expect(claims).toMatchObject({
      sub: 'user-1',
      email: 'coord@example.org',
      iss: 'mentorflow-local',
      client_id: 'mentorflow-local-client',
      token_use: 'access',
    });
    expect(claims.exp).toMatch(/^\d+$/);
    expect(event.requestContext.authorizer.jwt.scopes).toEqual(['aws.cognito.signin.user.admin']);
  });

  it('does not check groups: a coordinator reaches an admin route and the handler decides', async () => {
    const token = auth.issueToken({ sub: 'user-2', groups: ['coordinators'] });

    const event = await echo('/admin/report', { headers: { authorization: token } });

    expect(event.requestContext.authorizer.jwt.claims['cognito:groups']).toBe('[coordinators]');
  });
});

describe('reading the handler result', () => {
  it('sends a plain object as a 200 JSON response', async () => {
    const response = await fetch(`${gateway.url}/results/plain`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ hello: 'world' });
  });

  it('sends a string as the body of a 200 response', async () => {
    const response = await fetch(`${gateway.url}/results/text`);

    expect(response.status).toBe(200);
    expect(await response.text()).toBe('just text');
  });

  it('turns cookies into Set-Cookie headers', async () => {
    const response = await fetch(`${gateway.url}/results/cookies`);

    expect(response.status).toBe(204);
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
  });

  it('decodes a base64 body', async () => {
    const response = await fetch(`${gateway.url}/results/binary`);

    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(Buffer.from([0, 1, 2, 255]));
  });

  it.each(['throws', 'malformed'])('answers 500 Internal Server Error when the handler %s', async (kind) => {
    const response = await fetch(`${gateway.url}/results/${kind}`);

    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Internal Server Error' });
  });
});

describe('local control routes', () => {
  const control = (body: unknown) =>
    fetch(`${gateway.url}/_local/clock`, { method: 'POST', body: JSON.stringify(body) });
  const state = async (response: Promise<Response>) => (await (await response).json()) as ClockState;

  it('reads, advances, jumps and speeds up the clock', async () => {
    // Act
    const initial = await state(fetch(`${gateway.url}/_local/clock`));
    const advanced = await state(control({ advanceBy: '3d' }));
    const jumped = await state(control({ jumpTo: '2031-06-01T00:00:00Z' }));
    const frozenAgain = await state(control({ speed: 0 }));

    // Assess
    expect(initial).toMatchObject({ now: '2030-01-15T09:30:00.000Z', speed: 0 });
    expect(advanced.now).toBe('2030-01-18T09:30:00.000Z');
    expect(jumped.now).toBe('2031-06-01T00:00:00.000Z');
    expect(frozenAgain).toMatchObject({ now: '2031-06-01T00:00:00.000Z', speed: 0 });
    // The handlers in this process see the same frozen time.
    expect(systemClock.now().toISOString()).toBe('2031-06-01T00:00:00.000Z');
  });

  it.each([
    {},
    { advanceBy: 'soon' },
    { speed: -1 },
    { jumpTo: 'not a date' },
    { speed: 2, advanceBy: '1d' },
  ])('refuses %j with 400', async (body) => {
    const response = await control(body);

    expect(response.status).toBe(400);
  });

  it('runs a tick', async () => {
    const response = await fetch(`${gateway.url}/_local/tick`, { method: 'POST' });

    expect(await response.json()).toEqual({ ticks: 1 });
  });
});

describe('the real manifest', () => {
  it('has one owner per route, and every route is reachable by its own path', () => {
    // Act
    const routes = compileRoutes(defaultManifest.functions);

    // Assess
    for (const route of routes) {
      const examplePath = route.route.path.replace(/\{[^}]+\}/g, 'x');
      expect(matchRoute(routes, route.route.method, examplePath)?.route.routeKey).toBe(route.routeKey);
    }
  });
});

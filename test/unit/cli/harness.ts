import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { main } from '#cli/main.ts';

/** One request as the fake API saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, or undefined when the request had no body. */
  body: unknown;
}

export interface Answer {
  status: number;
  body?: unknown;
}

/** Keyed like the manifest: `POST /cohorts/{cohortId}/imports`. */
export type Routes = Record<string, (request: SeenRequest) => Answer | Promise<Answer>>;

export interface FakeApi {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/**
 * A real HTTP server that answers like the API (JSON bodies, the error format of
 * `shared/http/http-function.ts`), so the CLI's fetch, headers and retries run for real.
 */
export async function startFakeApi(routes: Routes): Promise<FakeApi> {
  const requests: SeenRequest[] = [];
  const matchers = Object.entries(routes).map(([key, answer]) => {
    const [method, path] = key.split(' ') as [string, string];
    const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    return { method, pattern, answer };
  });
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const seen: SeenRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: text ? JSON.parse(text) : undefined,
    };
    requests.push(seen);
    const route = matchers.find((m) => m.method === seen.method && m.pattern.test(seen.path));
    const answer = route
      ? await route.answer(seen)
      : {
          status: 404,
          body: {
            error: {
              code: 'not_found',
              message: `No route ${seen.method} ${seen.path}.`,
              requestId: 'r-404',
            },
          },
        };
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export const apiError = (
  status: number,
  code: string,
  message: string,
  problems?: { field: string; message: string }[],
) => ({
  status,
  body: { error: { code, message, ...(problems ? { problems } : {}), requestId: `req-${status}` } },
});

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `mentorflow <args>` in this process, capturing what it writes. */
export async function runCli(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string; tty?: boolean } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'mentorflow', ...args], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: options.tty ?? false },
    env: options.env ?? {},
    // A folder with no `.mentorflow/cli.json` above it, unless a test chooses one.
    cwd: options.cwd ?? '/',
  });
  return { code, stdout, stderr };
}

/** The global flags every API command needs, pointing at a fake API. */
export const against = (api: FakeApi, token = 'test-token') => ['--api-url', api.url, '--token', token];

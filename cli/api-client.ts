import { randomUUID } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FieldProblem } from '#shared/domain/errors.ts';
import { CliError, type Io } from './io.ts';
import { renderFailure } from './output.ts';

/** Written by `mentorflow dev` in the directory it runs from; found from there or any folder below. */
export const LOCAL_CONFIG_PATH = path.join('.mentorflow', 'cli.json');

interface ApiConfig {
  apiUrl: string;
  token?: string;
}

export async function writeLocalConfig(config: ApiConfig, dir: string = process.cwd()): Promise<string> {
  const file = path.join(dir, LOCAL_CONFIG_PATH);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(config, null, 2)}\n`);
  // The token acts as a coordinator: only its owner may read it (mode also fixes an older file).
  await chmod(file, 0o600);
  return file;
}

async function readLocalConfig(
  cwd: string,
): Promise<{ file: string; config: Partial<ApiConfig> } | undefined> {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const file = path.join(dir, LOCAL_CONFIG_PATH);
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (text !== undefined) {
      try {
        return { file, config: JSON.parse(text) as Partial<ApiConfig> };
      } catch (error) {
        throw new CliError(
          `${file} is not valid JSON (${(error as Error).message}); delete it and run \`mentorflow dev\` again.`,
        );
      }
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Each setting comes from the first place that has it: the flag, then the environment, then
 * the file `mentorflow dev` wrote. The file is read only when something is still missing.
 */
export async function resolveApiConfig(
  flags: { apiUrl?: string; token?: string },
  io: Io,
): Promise<ApiConfig> {
  let apiUrl = flags.apiUrl || io.env.MENTORFLOW_API_URL;
  let token = flags.token || io.env.MENTORFLOW_TOKEN;
  let source = flags.apiUrl ? '--api-url' : 'MENTORFLOW_API_URL';
  if (!apiUrl || !token) {
    const local = await readLocalConfig(io.cwd);
    if (!apiUrl && local?.config.apiUrl) source = local.file;
    apiUrl ||= local?.config.apiUrl;
    token ||= local?.config.token;
  }
  if (!apiUrl) {
    throw new CliError(
      `No API address: pass --api-url, set MENTORFLOW_API_URL, or start \`mentorflow dev\` (it writes ${LOCAL_CONFIG_PATH}).`,
    );
  }
  // `localhost:3000` parses as a URL with the scheme `localhost:`; only http(s) can be fetched.
  if (!/^https?:$/.test(URL.parse(apiUrl)?.protocol ?? '')) {
    throw new CliError(`The API address from ${source} is not an http(s) URL: ${apiUrl}`);
  }
  return token ? { apiUrl, token } : { apiUrl };
}

export async function clientFromFlags(
  flags: { apiUrl?: string; token?: string },
  io: Io,
): Promise<ApiClient> {
  return new ApiClient(await resolveApiConfig(flags, io));
}

/** Builds a path whose interpolated parts (ids typed by a person) are URL-encoded. */
export function apiPath(strings: TemplateStringsArray, ...values: string[]): string {
  return strings.reduce(
    (out, part, i) => out + part + (i < values.length ? encodeURIComponent(values[i] ?? '') : ''),
    '',
  );
}

interface RequestOptions {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Statuses besides 2xx that the caller reads itself, such as 422 from an import or 404 while polling. */
  accept?: number[];
  /**
   * A create sends an Idempotency-Key; the API returns the first result for a repeated key, so
   * the client may retry a create that failed in transit without creating twice.
   */
  create?: boolean;
  /** API field → the flag that sets it, so errors name what the person typed. */
  fieldFlags?: Record<string, string>;
  /** Retries (GETs and creates) are on unless a caller wants one fast answer. */
  retry?: boolean;
  /** For routes that are not behind API Gateway's 30 s limit, such as the local runtime's tick. */
  timeoutMs?: number;
}

export interface Reply<T> {
  status: number;
  body: T;
}

/** API Gateway gives up on an integration after 30 s; waiting longer only hides an outage. */
const DEFAULT_TIMEOUT_MS = 35_000;
/** Waits before each retry of a request that failed in transit or met a busy gateway. */
const RETRY_DELAYS_MS = [250, 1000];
const TRANSIENT_STATUSES = new Set([429, 502, 503, 504]);

/** An error answer from the API, kept whole so it can be shown field by field. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly details: {
      code?: string;
      problems?: FieldProblem[];
      requestId?: string;
      hint?: string;
      fieldFlags?: Record<string, string>;
    } = {},
  ) {
    super(message);
  }

  describe(): string {
    const { code, problems, requestId, hint, fieldFlags } = this.details;
    const said = `${this.message} (HTTP ${this.status}${code ? ` ${code}` : ''})`;
    const extra = [hint, requestId && `request id: ${requestId}`]
      .filter(Boolean)
      .map((line) => `  ${line}\n`);
    return renderFailure(said, problems, fieldFlags) + extra.join('');
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string; problems?: FieldProblem[]; requestId?: string };
  /** API Gateway's own answers (401, 403, 429) carry only this. */
  message?: string;
}

export class ApiClient {
  constructor(readonly config: ApiConfig) {}

  async get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return (await this.request<T>('GET', path, options)).body;
  }

  async post<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    return (await this.request<T>('POST', path, { ...options, body })).body;
  }

  async request<T>(method: 'GET' | 'POST', path: string, options: RequestOptions = {}): Promise<Reply<T>> {
    const url = this.url(path, options.query);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.config.token) headers.authorization = `Bearer ${this.config.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.create) headers['idempotency-key'] = randomUUID();
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const retries = options.retry !== false && (method === 'GET' || options.create) ? RETRY_DELAYS_MS : [];

    for (let attempt = 0; ; attempt += 1) {
      const delay = retries[attempt];
      let response: Response;
      try {
        response = await fetch(url, {
          method,
          headers,
          ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        if (delay === undefined) throw unreachable(url, error, timeoutMs);
        await sleep(delay);
        continue;
      }
      if (TRANSIENT_STATUSES.has(response.status) && delay !== undefined) {
        await response.body?.cancel();
        await sleep(delay);
        continue;
      }
      const body = await readBody(response);
      if (response.ok || options.accept?.includes(response.status))
        return { status: response.status, body: body as T };
      throw this.toError(response.status, body, options.fieldFlags);
    }
  }

  private url(path: string, query: RequestOptions['query'] = {}): URL {
    // Relative to the base with a trailing slash, so a stage prefix such as `/prod` is kept.
    const base = this.config.apiUrl.endsWith('/') ? this.config.apiUrl : `${this.config.apiUrl}/`;
    const url = new URL(path.replace(/^\//, ''), base);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  private toError(status: number, body: unknown, fieldFlags: Record<string, string> | undefined): ApiError {
    const parsed: ErrorBody = typeof body === 'object' && body !== null ? (body as ErrorBody) : {};
    const message =
      parsed.error?.message ??
      parsed.message ??
      (typeof body === 'string' && body.trim() ? body.trim().slice(0, 300) : 'The API gave no reason.');
    const hint =
      status === 401
        ? `${this.config.token ? 'The token was refused' : 'No token was sent'}: pass --token, set MENTORFLOW_TOKEN, or run \`mentorflow dev\` (it writes ${LOCAL_CONFIG_PATH}).`
        : status === 403
          ? 'Your token does not carry the group this needs (coordinators or admins).'
          : undefined;
    return new ApiError(status, message, {
      ...(parsed.error?.code ? { code: parsed.error.code } : {}),
      ...(parsed.error?.problems ? { problems: parsed.error.problems } : {}),
      ...(parsed.error?.requestId ? { requestId: parsed.error.requestId } : {}),
      ...(hint ? { hint } : {}),
      ...(fieldFlags ? { fieldFlags } : {}),
    });
  }
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!response.headers.get('content-type')?.includes('json') || text === '') return text;
  try {
    return JSON.parse(text);
  } catch {
    throw new CliError(
      `The API at ${response.url} answered HTTP ${response.status} with broken JSON: ${text.slice(0, 200)}`,
    );
  }
}

function unreachable(url: URL, error: unknown, timeoutMs: number): CliError {
  if ((error as Error).name === 'TimeoutError') {
    return new CliError(
      `The API at ${url.origin} gave no answer within ${timeoutMs / 1000} s (${url.pathname}).`,
    );
  }
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const reason = cause?.code ?? cause?.message ?? (error as Error).message;
  return new CliError(
    `Cannot reach the API at ${url.origin} (${reason}). Is \`mentorflow dev\` running, or is --api-url wrong?`,
  );
}

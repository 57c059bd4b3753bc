import { mkdir, mkdtemp, readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient, LOCAL_CONFIG_PATH, resolveApiConfig, writeLocalConfig } from '#cli/api-client.ts';
import { CliError, type Io } from '#cli/io.ts';
import { type FakeApi, runCli, startFakeApi } from './harness.ts';

const io = (cwd: string, env: Record<string, string> = {}): Io => ({
  stdout: { write: () => true },
  stderr: { write: () => true },
  env,
  cwd,
});

describe('resolveApiConfig', () => {
  it('takes each setting from the flag, then the environment, then .mentorflow/cli.json', async () => {
    // Prepare: the file sits in the project root; the command runs in a folder below it.
    const root = await mkdtemp(path.join(tmpdir(), 'mentorflow-config-'));
    await writeLocalConfig({ apiUrl: 'http://file.test', token: 'file-token' }, root);
    const below = path.join(root, 'data', 'imports');
    await mkdir(below, { recursive: true });
    const env = { MENTORFLOW_API_URL: 'http://env.test', MENTORFLOW_TOKEN: 'env-token' };

    // Act
    const fromFlags = await resolveApiConfig(
      { apiUrl: 'http://flag.test', token: 'flag-token' },
      io(below, env),
    );
    const fromEnv = await resolveApiConfig({}, io(below, env));
    const mixed = await resolveApiConfig(
      { token: 'flag-token' },
      io(below, { MENTORFLOW_API_URL: 'http://env.test' }),
    );
    const fromFile = await resolveApiConfig({}, io(below));

    // Assess
    expect(fromFlags).toEqual({ apiUrl: 'http://flag.test', token: 'flag-token' });
    expect(fromEnv).toEqual({ apiUrl: 'http://env.test', token: 'env-token' });
    expect(mixed).toEqual({ apiUrl: 'http://env.test', token: 'flag-token' });
    expect(fromFile).toEqual({ apiUrl: 'http://file.test', token: 'file-token' });
  });

  it('writes the local file readable by its owner only', async () => {
    // Prepare
    const root = await mkdtemp(path.join(tmpdir(), 'mentorflow-config-'));

    // Act
    const file = await writeLocalConfig({ apiUrl: 'http://127.0.0.1:3000', token: 'local' }, root);

    // Assess
    expect(file).toBe(path.join(root, LOCAL_CONFIG_PATH));
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      apiUrl: 'http://127.0.0.1:3000',
      token: 'local',
    });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('says where to get an address when there is none, and names a bad one’s source', async () => {
    // Prepare
    const empty = await mkdtemp(path.join(tmpdir(), 'mentorflow-config-'));

    // Act
    const none = resolveApiConfig({}, io(empty));
    const bad = resolveApiConfig({}, io(empty, { MENTORFLOW_API_URL: 'localhost:3000/api' }));

    // Assess
    await expect(none).rejects.toThrow(CliError);
    await expect(none).rejects.toThrow('pass --api-url, set MENTORFLOW_API_URL, or start `mentorflow dev`');
    await expect(bad).rejects.toThrow(
      'The API address from MENTORFLOW_API_URL is not an http(s) URL: localhost:3000/api',
    );
  });
});

describe('ApiClient', () => {
  let api: FakeApi;
  afterEach(() => api.close());

  it('keeps a stage prefix in the base URL and encodes the query', async () => {
    // Prepare
    api = await startFakeApi({ 'GET /prod/programs': () => ({ status: 200, body: { programs: [] } }) });
    const client = new ApiClient({ apiUrl: `${api.url}/prod` });

    // Act
    const answer = await client.get('/programs', { query: { q: 'a b&c', skip: undefined } });

    // Assess
    expect(answer).toEqual({ programs: [] });
    expect(api.requests[0]?.path).toBe('/prod/programs');
    expect(Object.fromEntries(api.requests[0]?.query ?? [])).toEqual({ q: 'a b&c' });
    expect(api.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('explains the gateway’s bare 401 and how to get a token', async () => {
    // Prepare
    api = await startFakeApi({
      'GET /cohorts/{cohortId}/intake': () => ({ status: 401, body: { message: 'Unauthorized' } }),
    });

    // Act
    const run = await runCli(['--api-url', api.url, 'intake', 'status', '--cohort', 'coh_1']);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'Error: Unauthorized (HTTP 401)\n' +
        '  No token was sent: pass --token, set MENTORFLOW_TOKEN, or run `mentorflow dev` (it writes .mentorflow/cli.json).\n',
    );
  });

  it('says the API cannot be reached instead of printing a stack trace', async () => {
    // Prepare: a port that was free a moment ago, so nothing answers on it.
    api = await startFakeApi({});
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });

    // Act
    const run = await runCli([
      '--api-url',
      `http://127.0.0.1:${port}`,
      'applicants',
      'decide',
      '--cohort',
      'coh_1',
      '--participant',
      'ppl_1',
      '--approve',
    ]);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `Error: Cannot reach the API at http://127.0.0.1:${port} (ECONNREFUSED). Is \`mentorflow dev\` running, or is --api-url wrong?\n`,
    );
  });
});

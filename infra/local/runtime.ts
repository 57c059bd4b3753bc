import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENV, queueUrlEnv } from '#infra/manifest.ts';
import { AsyncInvoker, type FailedInvocation } from './async-invoker.ts';
import { type IssueTokenInput, loadLocalAuth } from './auth.ts';
import { startAwsEndpoint } from './aws-endpoint.ts';
import { LocalBus } from './bus.ts';
import { LocalClock } from './clock.ts';
import { startEmulators } from './emulators.ts';
import { applyEnv, LOCAL_CONFIGURATION_SET, LOCAL_EVENT_BUS, LOCAL_MAIL_FROM, localAwsEnv } from './env.ts';
import { startHttpGateway } from './http-gateway.ts';
import { createInvoker, REPO_ROOT } from './lambda.ts';
import { defaultManifest, type LocalManifest, triggersOf } from './local-manifest.ts';
import { consoleLog, type LocalLog } from './log.ts';
import { LocalQueue } from './queue.ts';
import { LocalScheduler } from './scheduler.ts';
import { SentMailLog, SesFeedback } from './ses-feedback.ts';
import { registerCleanup } from './shutdown.ts';
import { deleteTable, ensureTable, localDynamoClient } from './table.ts';

export interface LocalRuntimeOptions {
  /** Port of the HTTP API; any free one by default. */
  port?: number;
  /** Local state (JWT key, signing secret, DynamoDB files); `<repo>/.mentorflow` by default. */
  dataDir?: string;
  /** Keep DynamoDB data in `dataDir` and use the table `mentorflow`; otherwise a throw-away table. */
  persist?: boolean;
  /** With `persist`: drop last run's table and start empty. */
  fresh?: boolean;
  /** Clock speed: 1 real time, 60 an hour a minute, 0 frozen. */
  speed?: number;
  /** Fire schedules as the clock runs and on jumps (default); when false only `tick()` runs them. */
  realTimeSchedules?: boolean;
  /** Extra variables for the handlers, set last. */
  env?: Record<string, string>;
  /** The functions and queues to run; the real manifest by default (tests pass fixtures). */
  manifest?: LocalManifest;
  /** Where manifest entries are relative to; the repository root by default. */
  rootDir?: string;
  /** Where the clock starts; now by default. */
  clockStart?: Date;
  /** How soon a failed queue message comes back (default 2 s; the manifest's minutes on AWS). */
  visibilityTimeoutMs?: number;
  /** First retry of a failed event or schedule delivery (default 200 ms, doubling). */
  retryBackoffMs?: number;
  /** How often the SES store is checked for mailbox-simulator addresses (default 250 ms). */
  sesPollMs?: number;
  log?: LocalLog;
}

export interface TickResult {
  /** Clock time of the tick. */
  now: string;
  /** Functions whose schedule fired. */
  fired: string[];
  /** Totals so far, so a caller sees if this tick added any. */
  deadLetters: number;
  failedInvocations: number;
}

export interface LocalRuntime {
  apiUrl: string;
  /** The SES emulator's web inbox. */
  inboxUrl: string;
  /** The SES emulator itself (`GET /store`); handlers send through the runtime's endpoint. */
  sesUrl: string;
  dynamoUrl: string;
  tableName: string;
  clock: LocalClock;
  bus: LocalBus;
  queues: ReadonlyMap<string, LocalQueue>;
  /** Event and schedule deliveries that failed every retry. */
  failedInvocations: readonly FailedInvocation[];
  issueToken(input: IssueTokenInput): string;
  /** Fires every schedule now, then waits until bus, queues and SES feedback are quiet. */
  tick(): Promise<TickResult>;
  /** Waits until bus, queues and SES feedback are quiet. */
  drain(): Promise<void>;
  /** Stops everything this runtime started and restores the environment it changed. */
  stop(): Promise<void>;
}

/**
 * The local target of the manifest: emulators, table, queues, bus, schedules and HTTP routes,
 * all in this process around the same handlers that deploy. Variables for the handlers are set
 * before any handler is imported (handlers load lazily on first use).
 */
export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const manifest = options.manifest ?? defaultManifest;
  const log = options.log ?? consoleLog;
  const dataDir = options.dataDir ?? join(REPO_ROOT, '.mentorflow');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });

  // Everything started so far, stopped in reverse if a later step fails or on stop().
  const stops: (() => Promise<void> | void)[] = [];
  const stopAll = async () => {
    // One failing step (a table that cannot be deleted) must not leave Java running.
    const errors: unknown[] = [];
    for (const stop of stops.splice(0).reverse()) {
      try {
        await stop();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, 'stopping the local runtime failed');
  };

  try {
    const emulators = await startEmulators(
      options.persist ? { dynamoDataDir: join(dataDir, 'dynamodb') } : {},
    );
    stops.push(() => emulators.stop());

    const tableName = options.persist ? 'mentorflow' : `mentorflow-${randomBytes(4).toString('hex')}`;
    const dynamo = localDynamoClient(emulators.dynamoUrl);
    stops.push(() => dynamo.destroy());
    if (options.persist && options.fresh) await deleteTable(dynamo, tableName);
    await ensureTable(dynamo, tableName);
    if (!options.persist) stops.push(() => deleteTable(dynamo, tableName));

    // Saved before the clock first writes it, so stop() puts back what was there.
    stops.push(applyEnv({ [ENV.localClock]: '' }));
    const clock = new LocalClock({
      speed: options.speed ?? 1,
      ...(options.clockStart ? { start: options.clockStart } : {}),
    });
    stops.push(() => clock.stop());
    const now = () => clock.nowMs();

    const invoke = createInvoker({
      ...(options.rootDir ? { rootDir: options.rootDir } : {}),
      beforeInvoke: () => clock.publish(),
    });
    const delivery = new AsyncInvoker({ invoke, backoffMs: options.retryBackoffMs ?? 200, log });
    stops.push(() => delivery.stop());
    const bus = new LocalBus({ functions: manifest.functions, delivery, busName: LOCAL_EVENT_BUS, now, log });
    const queues = createQueues(manifest, {
      invoke,
      now,
      log,
      visibilityTimeoutMs: options.visibilityTimeoutMs ?? 2_000,
    });
    stops.push(() => {
      for (const queue of queues.values()) queue.stop();
    });

    const sent = new SentMailLog();
    const endpoint = await startAwsEndpoint({
      queues: [...queues.values()],
      bus,
      ses: { upstreamUrl: emulators.sesUrl, sent },
    });
    stops.push(() => endpoint.stop());

    const auth = loadLocalAuth({ keyPath: join(dataDir, 'local-jwt-key.pem') });
    const scheduler = new LocalScheduler({ functions: manifest.functions, clock, delivery });
    stops.push(() => scheduler.stop());
    const feedback = new SesFeedback({
      sesUrl: emulators.sesUrl,
      sent,
      publish: (event) => bus.emit(event),
      now,
      log,
      ...(options.sesPollMs ? { pollMs: options.sesPollMs } : {}),
    });
    stops.push(() => feedback.stop());

    const drain = async () => {
      // Each part can feed another (a job enqueues, the sender mails, a bounce is an event),
      // so go round until one whole pass found nothing to do. The store is read last, once
      // the handlers that could have sent mail have returned.
      for (;;) {
        await delivery.drain();
        await Promise.all([...queues.values()].map((queue) => queue.drain()));
        const published = await feedback.poll();
        if (published === 0 && !delivery.busy && [...queues.values()].every((queue) => !queue.busy)) return;
      }
    };
    const tick = async (): Promise<TickResult> => {
      const at = clock.now().toISOString();
      const fired = scheduler.fireAll();
      await drain();
      return {
        now: at,
        fired,
        deadLetters: [...queues.values()].reduce((sum, queue) => sum + queue.deadLetters.length, 0),
        failedInvocations: delivery.failed.length,
      };
    };

    const gateway = await startHttpGateway({
      functions: manifest.functions,
      invoke,
      auth,
      now,
      control: { clock, tick },
      log,
      ...(options.port === undefined ? {} : { port: options.port }),
    });
    stops.push(() => gateway.stop());

    stops.push(
      applyEnv({
        ...localAwsEnv({ dynamoUrl: emulators.dynamoUrl, sesUrl: endpoint.url }),
        AWS_ENDPOINT_URL_SQS: endpoint.url,
        AWS_ENDPOINT_URL_EVENTBRIDGE: endpoint.url,
        [ENV.tableName]: tableName,
        [ENV.eventBusName]: LOCAL_EVENT_BUS,
        ...Object.fromEntries(
          manifest.queues.map((queue) => [queueUrlEnv(queue.name), endpoint.queueUrl(queue.name)]),
        ),
        [ENV.signingSecret]: loadOrCreateSecret(join(dataDir, 'signing-secret')),
        [ENV.mailFrom]: LOCAL_MAIL_FROM,
        [ENV.configurationSet]: LOCAL_CONFIGURATION_SET,
        [ENV.publicBaseUrl]: gateway.url,
        ...options.env,
      }),
    );

    feedback.start();
    if (options.realTimeSchedules !== false) scheduler.start();

    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= (async () => {
        unregister();
        await stopAll();
      })();
      return stopping;
    };
    const unregister = registerCleanup({ async: stop });

    log.info(`API ${gateway.url} · inbox ${emulators.sesUrl}/ · table ${tableName}`);
    return {
      apiUrl: gateway.url,
      inboxUrl: `${emulators.sesUrl}/`,
      sesUrl: emulators.sesUrl,
      dynamoUrl: emulators.dynamoUrl,
      tableName,
      clock,
      bus,
      queues,
      failedInvocations: delivery.failed,
      issueToken: (input) => auth.issueToken(input),
      tick,
      drain,
      stop,
    };
  } catch (error) {
    await stopAll().catch((stopError: unknown) => log.error('cleaning up after a failed start', stopError));
    throw error;
  }
}

function createQueues(
  manifest: LocalManifest,
  shared: Pick<ConstructorParameters<typeof LocalQueue>[0], 'invoke' | 'now' | 'log' | 'visibilityTimeoutMs'>,
): Map<string, LocalQueue> {
  const consumers = triggersOf(manifest.functions, 'queue');
  return new Map(
    manifest.queues.map((spec) => {
      const mine = consumers.filter(({ trigger }) => trigger.queue === spec.name);
      if (mine.length > 1) throw new Error(`Queue ${spec.name} has more than one consumer in the manifest`);
      const consumer = mine[0];
      return [spec.name, new LocalQueue({ spec, ...shared, ...(consumer ? { consumer } : {}) })];
    }),
  );
}

/** The HMAC key for participant links: made once per checkout, never committed (`.mentorflow/`). */
function loadOrCreateSecret(path: string): string {
  try {
    writeFileSync(path, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFileSync(path, 'utf8').trim();
}

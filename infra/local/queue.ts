import { createHash, randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import type { FunctionSpec, QueueSpec } from '#infra/manifest.ts';
import { LOCAL_ACCOUNT_ID, localArn, localRegion } from './env.ts';
import { IdleSignal } from './idle.ts';
import type { Invoke } from './lambda.ts';
import type { TriggerOf } from './local-manifest.ts';
import { consoleLog, type LocalLog } from './log.ts';

/** A message attribute as SendMessage takes it (`BinaryValue` base64 in the JSON protocol). */
export interface MessageAttributeInput {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

export interface SendInput {
  body: string;
  delaySeconds?: number;
  messageAttributes?: Record<string, MessageAttributeInput>;
}

interface SentMessage {
  messageId: string;
  md5OfMessageBody: string;
}

interface DeadLetter {
  messageId: string;
  body: string;
  receiveCount: number;
  /** The error or partial-failure report of the last attempt. */
  lastError: string;
}

interface LocalQueueOptions {
  spec: QueueSpec;
  /** The manifest function with a `queue` trigger on this queue, if any. */
  consumer?: { fn: FunctionSpec; trigger: TriggerOf<'queue'> };
  invoke: Invoke;
  /**
   * Locally a failed message should come back in a moment, not in the manifest's minutes;
   * defaults to the manifest's value.
   */
  visibilityTimeoutMs?: number;
  /** "Now" for timestamps handlers see (the local clock); timers always use the wall clock. */
  now?: () => number;
  log?: LocalLog;
}

interface StoredMessage {
  messageId: string;
  body: string;
  md5OfBody: string;
  messageAttributes: SQSMessageAttributes;
  sentTimestamp: number;
  firstReceiveTimestamp: number | undefined;
  receiveCount: number;
  /** Wall-clock ms before which the message is invisible (delay or visibility timeout). */
  visibleAt: number;
  /** Handed to a handler that has not returned yet. */
  inFlight: boolean;
  lastError: string;
}

export const MAX_MESSAGE_BYTES = 256 * 1024;

function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

export function queueArn(name: string): string {
  return localArn('sqs', name);
}

/**
 * One SQS standard queue with a Lambda event source mapping, in memory: at-least-once delivery
 * in batches of up to `batchSize` to at most `maxConcurrency` concurrent invocations; a message
 * that fails (thrown error: the whole batch; `batchItemFailures`: only those) comes back after
 * the visibility timeout with a higher `ApproximateReceiveCount`, and after `maxReceiveCount`
 * receives goes to the dead-letter list.
 *
 * One deliberate difference: a message is never redelivered while its handler still runs. On
 * AWS the visibility timeout is six times the consumer's timeout so this cannot happen either;
 * locally the timeout is shortened and a slow handler would otherwise see its own duplicates.
 */
export class LocalQueue {
  readonly name: string;
  readonly arn: string;
  private readonly messages = new Map<string, StoredMessage>();
  private readonly dead: DeadLetter[] = [];
  private readonly idle = new IdleSignal(() => !this.busy);
  private readonly visibilityTimeoutMs: number;
  private readonly now: () => number;
  private readonly log: LocalLog;
  private running = 0;
  private pumpScheduled = false;
  private wakeTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: LocalQueueOptions) {
    this.name = options.spec.name;
    this.arn = queueArn(options.spec.name);
    this.visibilityTimeoutMs = options.visibilityTimeoutMs ?? options.spec.visibilityTimeoutSeconds * 1000;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? consoleLog;
  }

  send(input: SendInput): SentMessage {
    const messageId = randomUUID();
    const md5OfBody = md5Hex(input.body);
    this.messages.set(messageId, {
      messageId,
      body: input.body,
      md5OfBody,
      messageAttributes: toRecordAttributes(input.messageAttributes),
      sentTimestamp: this.now(),
      firstReceiveTimestamp: undefined,
      receiveCount: 0,
      visibleAt: Date.now() + (input.delaySeconds ?? 0) * 1000,
      inFlight: false,
      lastError: '',
    });
    this.schedulePump();
    return { messageId, md5OfMessageBody: md5OfBody };
  }

  /** Resolves when every message was consumed or dead-lettered, retries included. */
  drain(): Promise<void> {
    return this.idle.wait();
  }

  get deadLetters(): readonly DeadLetter[] {
    return this.dead;
  }

  /** Work left for the consumer; a queue nobody consumes is never busy (and never drains). */
  get busy(): boolean {
    return this.options.consumer !== undefined && this.messages.size > 0;
  }

  /** Messages not yet deleted: waiting, invisible or in flight. */
  get depth(): number {
    return this.messages.size;
  }

  /** No further deliveries; handlers already running finish on their own. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.wakeTimer);
  }

  /** Coalesces the sends of one tick (a SendMessageBatch) into one poll, so batches form. */
  private schedulePump(): void {
    if (this.pumpScheduled || this.stopped) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    const consumer = this.options.consumer;
    if (this.stopped || !consumer) return;
    clearTimeout(this.wakeTimer);
    const wallNow = Date.now();
    const { batchSize, maxConcurrency } = consumer.trigger;
    const wanted = Math.max(0, maxConcurrency - this.running) * batchSize;
    const ready: StoredMessage[] = [];
    // One pass, in arrival order, that stops once every free handler has a full batch: a backlog
    // of 100,000 messages must not be copied for each batch of ten delivered. A message past its
    // receive limit that lies beyond the stop is moved by a later pass.
    for (const message of this.messages.values()) {
      if (message.inFlight || message.visibleAt > wallNow) continue;
      if (message.receiveCount >= this.options.spec.maxReceiveCount) this.moveToDeadLetters(message);
      else if (ready.length < wanted) ready.push(message);
      else break;
    }
    while (this.running < maxConcurrency && ready.length > 0) {
      this.deliver(consumer.fn, ready.splice(0, batchSize), wallNow);
    }
    this.scheduleWake(wallNow);
    this.idle.check();
  }

  private scheduleWake(wallNow: number): void {
    // A loop, not Math.min(...spread): a spread of 100,000 arguments overflows the stack.
    let next = Number.POSITIVE_INFINITY;
    for (const m of this.messages.values()) {
      if (!m.inFlight && m.visibleAt > wallNow && m.visibleAt < next) next = m.visibleAt;
    }
    if (next === Number.POSITIVE_INFINITY) return;
    this.wakeTimer = setTimeout(() => this.pump(), next - wallNow);
  }

  private deliver(fn: FunctionSpec, batch: StoredMessage[], wallNow: number): void {
    this.running += 1;
    const receivedAt = this.now();
    for (const message of batch) {
      message.inFlight = true;
      message.receiveCount += 1;
      message.firstReceiveTimestamp ??= receivedAt;
      message.visibleAt = wallNow + this.visibilityTimeoutMs;
    }
    const event: SQSEvent = { Records: batch.map((message) => this.toRecord(message)) };
    void this.options
      .invoke(fn, event)
      .then(
        (result) => failedMessageIds(result, batch),
        (error: unknown) => ({ all: true as const, reason: String(error) }),
      )
      .then((outcome) => {
        this.running -= 1;
        for (const message of batch) {
          message.inFlight = false;
          const failed = 'all' in outcome || outcome.failed.has(message.messageId);
          if (!failed) {
            this.messages.delete(message.messageId);
            continue;
          }
          message.lastError = 'all' in outcome ? outcome.reason : 'reported in batchItemFailures';
          // Never before the handler returned, see the class comment.
          message.visibleAt = Math.max(message.visibleAt, Date.now());
        }
        if ('all' in outcome)
          this.log.error(`${fn.name}: batch of ${batch.length} from ${this.name} failed: ${outcome.reason}`);
        this.pump();
      });
  }

  private moveToDeadLetters(message: StoredMessage): void {
    this.messages.delete(message.messageId);
    this.dead.push({
      messageId: message.messageId,
      body: message.body,
      receiveCount: message.receiveCount,
      lastError: message.lastError,
    });
    this.log.error(
      `${this.name}: message ${message.messageId} moved to the dead-letter queue after ${message.receiveCount} receives`,
    );
  }

  private toRecord(message: StoredMessage): SQSRecord {
    return {
      messageId: message.messageId,
      receiptHandle: Buffer.from(`${message.messageId}:${message.receiveCount}:${randomUUID()}`).toString(
        'base64',
      ),
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentTimestamp),
        SenderId: `${LOCAL_ACCOUNT_ID}:mentorflow-local`,
        ApproximateFirstReceiveTimestamp: String(message.firstReceiveTimestamp),
      },
      messageAttributes: message.messageAttributes,
      md5OfBody: message.md5OfBody,
      eventSource: 'aws:sqs',
      eventSourceARN: this.arn,
      awsRegion: localRegion(),
    };
  }
}

/**
 * Lambda's reading of a partial batch response: nothing, `{}` or an empty list means all
 * succeeded; an entry without a known `itemIdentifier` makes the whole batch a failure.
 */
function failedMessageIds(
  result: unknown,
  batch: StoredMessage[],
): { failed: Set<string> } | { all: true; reason: string } {
  const failures = (result as Partial<SQSBatchResponse> | null | undefined)?.batchItemFailures;
  if (failures === undefined || failures === null) return { failed: new Set() };
  if (!Array.isArray(failures)) return { all: true, reason: 'batchItemFailures is not a list' };
  const ids = new Set(batch.map((m) => m.messageId));
  const failed = new Set<string>();
  for (const failure of failures as unknown[]) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || !ids.has(id)) {
      return {
        all: true,
        reason: `batchItemFailures names an unknown itemIdentifier: ${JSON.stringify(id)}`,
      };
    }
    failed.add(id);
  }
  return { failed };
}

function toRecordAttributes(input: Record<string, MessageAttributeInput> | undefined): SQSMessageAttributes {
  return Object.fromEntries(
    Object.entries(input ?? {}).map(([name, value]) => [
      name,
      {
        dataType: value.DataType,
        stringListValues: [],
        binaryListValues: [],
        ...(value.StringValue === undefined ? {} : { stringValue: value.StringValue }),
        ...(value.BinaryValue === undefined ? {} : { binaryValue: value.BinaryValue }),
      },
    ]),
  );
}

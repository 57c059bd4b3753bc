import { randomUUID } from 'node:crypto';
import type { EventBridgeEvent } from 'aws-lambda';
import type { FunctionSpec } from '#infra/manifest.ts';
import type { AsyncInvoker } from './async-invoker.ts';
import { LOCAL_ACCOUNT_ID, localArn, localRegion } from './env.ts';
import { triggersOf } from './local-manifest.ts';
import { consoleLog, type LocalLog } from './log.ts';

type BusEvent = EventBridgeEvent<string, unknown>;

/** One PutEvents entry as the JSON protocol carries it (`Time` in epoch seconds). */
export interface PutEventsEntryInput {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  Resources?: string[];
  Time?: number | string;
}

type PutEventsResultEntry = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

interface LocalBusOptions {
  functions: readonly FunctionSpec[];
  delivery: AsyncInvoker;
  /** The custom bus (`EVENT_BUS_NAME`); `default` and its ARN are accepted too. */
  busName: string;
  /** The local clock: event `time` when an entry has none. */
  now?: () => number;
  log?: LocalLog;
}

/** A custom bus with one rule per manifest `event` trigger (`source` + `detail-type` list). */
export class LocalBus {
  readonly arn: string;
  private readonly accepted: BusEvent[] = [];
  private readonly now: () => number;
  private readonly log: LocalLog;

  constructor(private readonly options: LocalBusOptions) {
    this.arn = localArn('events', `event-bus/${options.busName}`);
    this.now = options.now ?? Date.now;
    this.log = options.log ?? consoleLog;
  }

  /** PutEvents: validates each entry as EventBridge does and answers per entry, in order. */
  put(entries: readonly PutEventsEntryInput[]): PutEventsResultEntry[] {
    return entries.map((entry) => {
      const error = this.validate(entry);
      if (error) return error;
      const event = this.emit({
        source: entry.Source!,
        detailType: entry.DetailType!,
        detail: JSON.parse(entry.Detail!),
        resources: entry.Resources ?? [],
        time: entry.Time === undefined ? undefined : toDate(entry.Time),
      });
      return { EventId: event.id };
    });
  }

  /**
   * Puts an event on the bus as AWS itself would (SES feedback, `aws.*` sources), which
   * PutEvents refuses from callers.
   */
  emit(input: {
    source: string;
    detailType: string;
    detail: unknown;
    resources?: string[];
    time?: Date;
  }): BusEvent {
    const event: BusEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': input.detailType,
      source: input.source,
      account: LOCAL_ACCOUNT_ID,
      time: toIsoSeconds(input.time ?? new Date(this.now())),
      region: localRegion(),
      resources: input.resources ?? [],
      detail: input.detail,
    };
    this.accepted.push(event);
    const targets = triggersOf(this.options.functions, 'event').filter(
      ({ trigger }) => trigger.source === event.source && trigger.detailTypes.includes(event['detail-type']),
    );
    if (targets.length === 0) this.log.info(`event ${event.source}/${event['detail-type']} matched no rule`);
    for (const { fn } of targets) this.options.delivery.deliver(fn, event);
    return event;
  }

  /** Resolves when every delivery (and, the invoker being shared, every schedule) is done. */
  drain(): Promise<void> {
    return this.options.delivery.drain();
  }

  /** Every event the bus accepted, in order (for tests and the CLI). */
  get events(): readonly BusEvent[] {
    return this.accepted;
  }

  private validate(entry: PutEventsEntryInput): PutEventsResultEntry | undefined {
    if (!entry.Source || !entry.DetailType || entry.Detail === undefined) {
      return {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameters Source, DetailType and Detail are required.',
      };
    }
    const bus = entry.EventBusName;
    if (bus !== undefined && bus !== 'default' && bus !== this.options.busName && bus !== this.arn) {
      return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${bus} does not exist.` };
    }
    if (entry.Source.startsWith('aws.')) {
      return { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' };
    }
    if (!isJsonObject(entry.Detail))
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    return undefined;
  }
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

function toDate(time: number | string): Date {
  return typeof time === 'number' ? new Date(time * 1000) : new Date(time);
}

/** EventBridge writes `time` without milliseconds: `2024-05-01T12:00:00Z`. */
export function toIsoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

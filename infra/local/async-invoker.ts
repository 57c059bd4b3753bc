import type { FunctionSpec } from '#infra/manifest.ts';
import { IdleSignal } from './idle.ts';
import type { Invoke } from './lambda.ts';
import { consoleLog, type LocalLog } from './log.ts';

export interface FailedInvocation {
  function: string;
  event: unknown;
  attempts: number;
  error: string;
}

interface AsyncInvokerOptions {
  invoke: Invoke;
  /** Lambda's asynchronous invocation: the first attempt and two retries. */
  attempts?: number;
  /** First retry after this, doubling each time (on AWS: about one and two minutes). */
  backoffMs?: number;
  log?: LocalLog;
}

/**
 * Asynchronous ("Event") invocation, as EventBridge rules and schedules use it: the caller does
 * not wait, a failing handler is retried with backoff, and what still fails is recorded and
 * logged (on AWS it would go to an on-failure destination or be dropped).
 */
export class AsyncInvoker {
  private readonly failures: FailedInvocation[] = [];
  private readonly idle = new IdleSignal(() => this.pending === 0);
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly log: LocalLog;
  private pending = 0;
  private stopped = false;
  private readonly retryTimers = new Set<NodeJS.Timeout>();

  constructor(private readonly options: AsyncInvokerOptions) {
    this.attempts = options.attempts ?? 3;
    this.backoffMs = options.backoffMs ?? 100;
    this.log = options.log ?? consoleLog;
  }

  /** Queues one invocation and returns at once. */
  deliver(fn: FunctionSpec, event: unknown): void {
    if (this.stopped) return;
    this.pending += 1;
    // Never inline: the caller (PutEvents, a schedule) must not run the handler on its stack.
    setImmediate(() => this.attempt(fn, event, 1));
  }

  /** Resolves when every queued invocation has succeeded or used up its retries. */
  drain(): Promise<void> {
    return this.idle.wait();
  }

  get failed(): readonly FailedInvocation[] {
    return this.failures;
  }

  get busy(): boolean {
    return this.pending > 0;
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
  }

  private attempt(fn: FunctionSpec, event: unknown, attempt: number): void {
    if (this.stopped) return;
    this.options.invoke(fn, event).then(
      () => this.settle(),
      (error: unknown) => {
        if (attempt < this.attempts && !this.stopped) {
          const delay = this.backoffMs * 2 ** (attempt - 1);
          this.log.error(`${fn.name}: attempt ${attempt} failed, retrying in ${delay} ms`, error);
          const timer = setTimeout(() => {
            this.retryTimers.delete(timer);
            this.attempt(fn, event, attempt + 1);
          }, delay);
          this.retryTimers.add(timer);
          return;
        }
        this.failures.push({ function: fn.name, event, attempts: attempt, error: String(error) });
        this.log.error(`${fn.name}: gave up after ${attempt} attempts`, error);
        this.settle();
      },
    );
  }

  private settle(): void {
    this.pending -= 1;
    this.idle.check();
  }
}

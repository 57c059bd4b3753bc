/**
 * `drain()` for the in-process queues and the bus: resolves when the owner says it is idle.
 * The owner calls `check()` after every change of state; waiters are released then.
 */
export class IdleSignal {
  private waiters: (() => void)[] = [];

  constructor(private readonly isIdle: () => boolean) {}

  wait(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  check(): void {
    if (this.waiters.length === 0 || !this.isIdle()) return;
    const released = this.waiters;
    this.waiters = [];
    for (const release of released) release();
  }
}

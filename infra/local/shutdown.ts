/**
 * One place that ends what the local runtime started when the process is told to stop. Each
 * component registers a cleanup; on SIGINT/SIGTERM every async cleanup runs (bounded), then the
 * process exits with the conventional 128+signal code. On `exit` (including `process.exit()`
 * from anywhere) only synchronous work is possible, so each cleanup may also offer a `sync`
 * part — for the emulators, a SIGKILL to the Java process group.
 *
 * The signal listeners exist only while something is registered: a process with nothing to
 * clean up keeps Node's default Ctrl-C behaviour.
 */
interface Cleanup {
  /** Graceful: close servers, stop children and wait for them. */
  async: () => Promise<void>;
  /** Last resort on `exit`, where nothing asynchronous runs. */
  sync?: () => void;
}

const cleanups = new Set<Cleanup>();
const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
const CLEANUP_DEADLINE_MS = 5_000;
let stopping = false;

function onSignal(signal: NodeJS.Signals): void {
  const code = SIGNAL_EXIT_CODES[signal as keyof typeof SIGNAL_EXIT_CODES] ?? 1;
  // A second Ctrl-C while cleaning up means "now": `exit` still runs the sync parts.
  if (stopping) process.exit(code);
  stopping = true;
  const running = [...cleanups].map((cleanup) => cleanup.async());
  const deadline = new Promise((resolve) => setTimeout(resolve, CLEANUP_DEADLINE_MS).unref());
  void Promise.race([Promise.allSettled(running), deadline]).then(() => {
    process.exit(code);
  });
}

function onExit(): void {
  for (const cleanup of cleanups) cleanup.sync?.();
}

function install(): void {
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', onExit);
}

function uninstall(): void {
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  process.off('exit', onExit);
}

/** Registers a cleanup; the returned function unregisters it (call it once the thing stopped). */
export function registerCleanup(cleanup: Cleanup): () => void {
  if (cleanups.size === 0) install();
  cleanups.add(cleanup);
  return () => {
    if (cleanups.delete(cleanup) && cleanups.size === 0) uninstall();
  };
}

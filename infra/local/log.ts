/**
 * How the local runtime reports what it does (deliveries, retries, dead letters). The CLI
 * prints it; tests pass `silentLog` so deliberate failures do not drown the test output.
 */
export interface LocalLog {
  info(message: string): void;
  error(message: string, error?: unknown): void;
}

export const consoleLog: LocalLog = {
  info: (message) => console.log(`[local] ${message}`),
  error: (message, error) => console.error(`[local] ${message}`, ...(error === undefined ? [] : [error])),
};

export const silentLog: LocalLog = {
  info: () => undefined,
  error: () => undefined,
};

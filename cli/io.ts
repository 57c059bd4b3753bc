/** Where a command writes and what it reads from its surroundings. Tests pass their own. */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface Io {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Record<string, string | undefined>;
  cwd: string;
}

export const processIo = (): Io => ({
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});

/** A mistake the person at the terminal can fix; printed without a stack trace, exit code 1. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

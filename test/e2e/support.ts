import { randomBytes } from 'node:crypto';
import { main } from '#cli/main.ts';
import { silentLog } from '#infra/local/log.ts';
import { type LocalRuntime, startLocalRuntime } from '#infra/local/runtime.ts';
import type { SentEmail } from '#infra/local/ses-feedback.ts';

/**
 * A local runtime as the e2e tests drive it: a frozen clock that only jumps and ticks move, on the
 * emulators the global setup started, with a throw-away table of its own.
 */
export function startE2eRuntime(): Promise<LocalRuntime> {
  return startLocalRuntime({
    speed: 0,
    realTimeSchedules: false,
    log: silentLog,
    // Request logs at INFO would bury the test output; errors still show.
    env: { POWERTOOLS_LOG_LEVEL: 'ERROR' },
  });
}

/** Addresses no other test file (they share one SES emulator) will ever use. */
export function uniqueAddress(label: string): string {
  return `e2e-${label}-${randomBytes(4).toString('hex')}@example.org`;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The real `mentorflow` command tree, in this process, with its output captured. */
export async function mentorflow(args: string[], api: { apiUrl: string; token?: string }): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const flags = ['--api-url', api.apiUrl, ...(api.token ? ['--token', api.token] : [])];
  const code = await main(['node', 'mentorflow', ...args, ...flags], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
    // No `.mentorflow/cli.json` up from here: only the flags count.
    cwd: '/',
  });
  return { code, stdout, stderr };
}

/** Parses a `--json` command's output, saying what the command printed when it did not succeed. */
export function jsonOf<T>(run: CliRun): T {
  if (run.code !== 0) throw new Error(`mentorflow exited ${run.code}:\n${run.stderr}${run.stdout}`);
  return JSON.parse(run.stdout) as T;
}

/** The personal `/apply/...` link in an invitation or reminder. */
export function applyLinkIn(email: SentEmail): string {
  const link = /https?:\/\/[^\s"'<>]+\/apply\/[A-Za-z0-9._~-]+/.exec(email.body.text ?? '')?.[0];
  if (!link) throw new Error(`No application link in "${email.subject}"`);
  return link;
}

const DAY = 24 * 3600_000;

/** `YYYY-MM-DD`, `days` after `from`, in the cohort's zone: how coordinators type dates. */
export function dateIn(timeZone: string, from: Date, days = 0): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(from.getTime() + days * DAY));
}

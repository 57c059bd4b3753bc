import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeLocalConfig } from '#cli/api-client.ts';
import type { DevOptions } from '#cli/commands/dev.ts';
import { seedDemo } from './demo/seed-demo.ts';
import { REPO_ROOT } from './lambda.ts';
import { startLocalRuntime } from './runtime.ts';

/** Twelve hours: a working day of `dev` without signing in again. */
const DEV_TOKEN_TTL_SECONDS = 12 * 3600;

/**
 * `mentorflow dev` (and `npm start`): the product on this machine. Data persists in
 * `.mentorflow/` between runs (`--fresh` starts empty); the demo seeds once.
 */
export async function runDev(options: DevOptions): Promise<void> {
  const dataDir = join(REPO_ROOT, '.mentorflow');
  if (options.fresh) rmSync(join(dataDir, 'dynamodb'), { recursive: true, force: true });
  const runtime = await startLocalRuntime({
    dataDir,
    persist: true,
    port: options.port ?? 4321,
    speed: options.speed ?? 1,
    // Handlers log every request as JSON; on a laptop only trouble is worth a line.
    env: { POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN' },
  });
  const coordinatorToken = runtime.issueToken({
    sub: 'local-coordinator',
    email: 'coordinator@example.org',
    groups: ['coordinators'],
    ttlSeconds: DEV_TOKEN_TTL_SECONDS,
  });
  const adminToken = runtime.issueToken({
    sub: 'local-admin',
    email: 'admin@example.org',
    groups: ['admins'],
    ttlSeconds: DEV_TOKEN_TTL_SECONDS,
  });
  const configFile = await writeLocalConfig({ apiUrl: runtime.apiUrl, token: coordinatorToken }, REPO_ROOT);

  let demoLines: string[] = [];
  if (options.demo) {
    const demo = await seedDemo(runtime.apiUrl, coordinatorToken, runtime.clock.now());
    // Send the invitations now, so they are in the inbox when the banner appears.
    await runtime.tick();
    demoLines = [
      `Demo program  ${demo.programId}  cohort ${demo.cohortId} (intake open; invitations are in the inbox)`,
      `              npx mentorflow intake status --cohort ${demo.cohortId}`,
    ];
  }

  const lines = [
    '',
    'mentorflow is running locally.',
    '',
    `API           ${runtime.apiUrl}`,
    `Inbox         ${runtime.inboxUrl}   (every email sent, with its links)`,
    `Coordinator   token in ${configFile} (the CLI reads it); as a header:`,
    `              Authorization: Bearer ${coordinatorToken}`,
    `Admin token   ${adminToken}`,
    ...demoLines,
    '',
    'Clock         runs in real time' +
      (options.speed && options.speed !== 1 ? ` ×${options.speed}` : '') +
      '. Move it:',
    '              npx mentorflow clock advance 3d      (jump ahead; due jobs run at once)',
    '              npx mentorflow clock jump 2027-01-15 (to a date)',
    '              npx mentorflow tick                  (run the schedules now)',
    '              npx mentorflow dev --speed 3600      (an hour a second)',
    '',
    'Ctrl-C stops everything it started.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
  // Stay up until Ctrl-C; the runtime's own signal handling stops the emulators.
  await new Promise<never>(() => undefined);
}

import { randomBytes, randomInt } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { LocalLog } from '#infra/local/log.ts';
import { startLocalRuntime } from '#infra/local/runtime.ts';
import type { Cohort } from '#shared/domain/cohort.ts';
import { ApiClient, apiPath } from '../api-client.ts';
import type { SimulateOptions } from '../commands/simulate.ts';
import { CliError, type Io, processIo } from '../io.ts';
import { printJson } from '../output.ts';
import { runCheckInStage } from './check-in-stage.ts';
import { Checks } from './checks.ts';
import { runIntakeStage } from './intake-stage.ts';
import { runMatchingStage } from './matching-stage.ts';
import { simulatedPeople } from './people.ts';
import { seededRandom } from './prng.ts';
import { renderReport, type SimulationReport } from './report.ts';
import { runSurveyStage } from './survey-stage.ts';
import { verifyIntake } from './verify-intake.ts';

export type { SimulationReport };

const DEFAULT_PARTICIPANTS = 50;
/** Everyone runs in one process against emulators: beyond this a run says more about the laptop than the code. */
const MAX_PARTICIPANTS = 20_000;
const WEEK = 7 * 24 * 3600_000;

/**
 * `mentorflow simulate`: prints the report (text, or one JSON object with `--json`) and fails
 * with exit code 1 when any check failed, after printing it.
 */
export async function runSimulation(
  options: SimulateOptions,
  io: Io = processIo(),
): Promise<SimulationReport> {
  const started = performance.now();
  const progress = (line: string) =>
    io.stderr.write(`simulate [${((performance.now() - started) / 1000).toFixed(1)} s] ${line}\n`);
  const report = await simulate(options, { progress });
  if (options.json) printJson(io, report);
  else io.stdout.write(renderReport(report));
  if (!report.ok) {
    throw new CliError(
      `The simulation found ${report.failures.length} problem(s): ${report.failures.map((f) => f.name).join('; ')}`,
    );
  }
  return report;
}

/**
 * One simulated cohort on a local runtime of its own, from launch as far as the clock may run.
 *
 * Primary course:
 * 1. Start the runtime with a frozen clock and no real-time schedules: only jumps and ticks move
 *    time. With `AWS_ENDPOINT_URL_DYNAMODB` / `AWS_ENDPOINT_URL_SESV2` set (as for `dev`), use
 *    those emulators and the persistent `mentorflow` table, which may hold earlier runs.
 * 2. Make the people from the seed; give this run an id that only their addresses carry.
 * 3. Run each stage the product has (today: intake, then matching and introductions once intake
 *    has closed) within `--weeks`.
 * 4. Read back what was stored and sent, check it, stop the runtime (and its Java).
 */
export async function simulate(
  options: SimulateOptions,
  hooks: { progress?: (line: string) => void } = {},
): Promise<SimulationReport> {
  const startedAt = performance.now();
  const participants = options.participants ?? DEFAULT_PARTICIPANTS;
  if (participants < 1 || participants > MAX_PARTICIPANTS) {
    throw new CliError(`--participants must be from 1 to ${MAX_PARTICIPANTS}; got ${participants}.`);
  }
  const seed = options.seed ?? String(randomInt(1, 1_000_000));
  const runId = randomBytes(3).toString('hex');
  const seedSlug =
    seed
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 16) || 'seed';
  const people = simulatedPeople(
    seededRandom(seed),
    participants,
    (index) => `sim-${seedSlug}-${index}-${runId}@simulated.example.org`,
  );
  const coordinatorEmail = `coordinator-${seedSlug}-${runId}@simulated.example.org`;
  const progress = hooks.progress ?? (() => undefined);

  progress(`starting the local runtime (seed ${seed}, ${participants} people, run ${runId})`);
  const runtime = await startLocalRuntime({
    persist: Boolean(process.env.AWS_ENDPOINT_URL_DYNAMODB),
    speed: 0,
    realTimeSchedules: false,
    log: quietLog(hooks.progress ?? ((line) => process.stderr.write(`${line}\n`))),
    // Handlers log each request at INFO on stdout, which would break `--json`; trouble still shows.
    env: { POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'ERROR' },
  });
  try {
    const failuresBefore = runtime.failedInvocations.length;
    const deadLettersBefore = deadLetters(runtime.queues);
    const token = runtime.issueToken({
      sub: `simulated-coordinator-${runId}`,
      email: coordinatorEmail,
      groups: ['coordinators'],
    });
    const client = new ApiClient({ apiUrl: runtime.apiUrl, token });
    const checks = new Checks();
    const horizon =
      options.weeks === undefined ? Number.POSITIVE_INFINITY : runtime.clock.nowMs() + options.weeks * WEEK;

    const run = await runIntakeStage(
      { runtime, client, checks, horizon, progress },
      { people, runId, coordinatorEmail },
    );
    progress('reading back applications, intake status and the inbox');
    const findings = await verifyIntake(
      { client, sesUrl: runtime.sesUrl, run, people, coordinatorEmail },
      checks,
    );
    const matching = run.closedAt
      ? await runMatchingStage({ runtime, client, checks, progress }, { run, people })
      : null;
    const checkIns = matching
      ? await runCheckInStage(
          { runtime, client, checks, horizon, progress },
          {
            cohortId: run.cohort.cohortId,
            people,
            coordinatorEmail,
            random: seededRandom(`${seed}:check-ins`),
          },
        )
      : null;
    const surveys = matching
      ? await runSurveyStage(
          { runtime, client, checks, horizon, progress },
          { cohortId: run.cohort.cohortId, people, random: seededRandom(`${seed}:surveys`) },
        )
      : null;
    // The cohort moves on after intake: report where the run left it.
    const { cohort } = await client.get<{ cohort: Cohort }>(apiPath`/cohorts/${run.cohort.cohortId}`);

    const failedDeliveries = runtime.failedInvocations.length - failuresBefore;
    const newDeadLetters = deadLetters(runtime.queues) - deadLettersBefore;
    checks.check(
      'no failed deliveries or dead letters',
      failedDeliveries === 0 && newDeadLetters === 0,
      `${failedDeliveries} failed event or schedule deliveries, ${newDeadLetters} dead letters`,
    );

    await runtime.stop();
    return {
      seed,
      participants,
      weeks: options.weeks ?? null,
      runId,
      cohortId: run.cohort.cohortId,
      clock: { from: run.clockFrom, to: run.clockTo },
      ...findings,
      stages: { ...findings.stages, cohortState: cohort.state },
      emailsByKind: { ...findings.emailsByKind, introduction: matching?.introductions ?? 0 },
      matching,
      checkIns: checkIns?.findings ?? null,
      surveys,
      checks: checks.all.length,
      ok: checks.failed.length === 0,
      failures: checks.failed,
      wallTimeMs: Math.round(performance.now() - startedAt),
    };
  } finally {
    // Stopping twice is harmless; this one runs when a stage threw.
    await runtime.stop();
  }
}

function deadLetters(queues: ReadonlyMap<string, { deadLetters: readonly unknown[] }>): number {
  return [...queues.values()].reduce((sum, queue) => sum + queue.deadLetters.length, 0);
}

/** The runtime's chatter stays out of the report; its errors are always told. */
function quietLog(tell: (line: string) => void): LocalLog {
  return {
    info: () => undefined,
    error: (message, error) => tell(`${message}${error === undefined ? '' : `: ${String(error)}`}`),
  };
}

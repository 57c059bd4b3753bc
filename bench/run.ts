/**
 * `npm run bench`: measures what issue 2 cares about and writes JSON to bench/results/.
 * - CSV intake: parsing and checking the largest file an import accepts (pure domain).
 * - Import: the same rows through the import use case into DynamoDB Local.
 * - Bundles: each manifest function bundled and minified as the CDK construct does.
 * - Circles: co-mentoring circles against random groupings (bench/circles.ts).
 * Numbers are for comparing runs on one machine, not assertions: tests never time things.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import { startEmulators } from '#infra/local/emulators.ts';
import { applyEnv, localAwsEnv } from '#infra/local/env.ts';
import { REPO_ROOT } from '#infra/local/lambda.ts';
import { ensureTable, localDynamoClient } from '#infra/local/table.ts';
import { ENV, functions } from '#infra/manifest.ts';
import { MAX_IMPORT_ROWS } from '#shared/domain/applicant-import/limits.ts';
import { parseApplicantCsv } from '#shared/domain/applicant-import/validate-rows.ts';
import { benchCircles } from './circles.ts';

const rows = MAX_IMPORT_ROWS;
const csv = [
  'email,name,intent,seniority,time_zone',
  ...Array.from(
    { length: rows },
    (_, i) => `person${i}@bench.example.org,Person ${i} Nguyễn,both,mid_career,Europe/London`,
  ),
].join('\r\n');

function measure<T>(run: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = run();
  return { result, ms: Math.round(performance.now() - start) };
}

async function benchImport() {
  const emulators = await startEmulators();
  try {
    const client = localDynamoClient(emulators.dynamoUrl);
    const tableName = `bench-${Date.now()}`;
    await ensureTable(client, tableName);
    const restore = applyEnv({
      ...localAwsEnv(emulators),
      [ENV.tableName]: tableName,
      [ENV.eventBusName]: 'bench',
      AWS_ENDPOINT_URL_EVENTBRIDGE: 'http://127.0.0.1:9',
    });
    // Imported after the environment is set: the adapters read it on first use.
    const { awsDeps } = await import('#shared/adapters/aws-deps.ts');
    const { launchCohort } = await import('#shared/use-cases/launch-cohort.ts');
    const { importApplicants } = await import('#shared/use-cases/import-applicants.ts');
    const published: unknown[] = [];
    // No bus here: count what would be published instead of sending it.
    const deps = {
      ...awsDeps,
      events: { publish: async (events: unknown[]) => void published.push(...events) },
    };
    await awsDeps.programs.create({
      programId: 'prg_bench',
      name: 'Bench',
      description: '',
      supportRoles: ['mentor'],
      intakeQuestions: [],
      consentText: 'Answers are used for matching in this benchmark.',
      coordinatorEmails: ['bench@example.org'],
      createdAt: new Date().toISOString(),
    });
    const today = new Date().toISOString().slice(0, 10);
    const later = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    const { cohort } = await launchCohort(deps, { userId: 'bench', groups: ['coordinators'] }, 'prg_bench', {
      name: 'Bench cohort',
      timeZone: 'UTC',
      intakeOpensOn: today,
      intakeClosesOn: later(14),
      programStartsOn: later(21),
      programEndsOn: later(120),
      checkInEveryDays: 14,
      intakeReminderDaysBeforeClose: 3,
      openApplication: false,
    });
    const start = performance.now();
    const outcome = await importApplicants(deps, {
      cohortId: cohort.cohortId,
      importId: 'bench-import',
      csv,
      dryRun: false,
      allowPartial: false,
    });
    const ms = Math.round(performance.now() - start);
    restore();
    client.destroy();
    return { rows, added: outcome.added, ms, rowsPerSecond: Math.round((outcome.added / ms) * 1000) };
  } finally {
    await emulators.stop();
  }
}

async function benchBundles() {
  const sizes: Record<string, number> = {};
  for (const spec of functions) {
    const result = await build({
      entryPoints: [join(REPO_ROOT, spec.entry)],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'node',
      target: 'node22',
      mainFields: ['module', 'main'],
      write: false,
      logLevel: 'silent',
    });
    sizes[spec.name] = result.outputFiles.reduce((sum, file) => sum + file.contents.byteLength, 0);
  }
  return sizes;
}

const heapBefore = process.memoryUsage().heapUsed;
const parse = measure(() => parseApplicantCsv(csv));
const results = {
  at: new Date().toISOString(),
  node: process.version,
  csvParse: {
    rows,
    bytes: Buffer.byteLength(csv),
    accepted: parse.result.accepted.length,
    ms: parse.ms,
    heapGrowthMb: Math.round(((process.memoryUsage().heapUsed - heapBefore) / 1048576) * 10) / 10,
  },
  import: await benchImport(),
  bundleBytes: await benchBundles(),
  circles: await benchCircles(),
};
mkdirSync(join(REPO_ROOT, 'bench/results'), { recursive: true });
const file = join(REPO_ROOT, 'bench/results', `intake-${results.at.replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(results, null, 2)}\nwritten to ${file}\n`);

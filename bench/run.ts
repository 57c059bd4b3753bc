/**
 * `npm run bench`: measures what issue 2 cares about and writes JSON to bench/results/.
 * - CSV intake: parsing and checking the largest file an import accepts (pure domain).
 * - Import: the same rows through the import use case into DynamoDB Local.
 * - Bundles: each manifest function bundled and minified with the CDK construct's options, against
 *   issue 4's 300 KB target.
 * - Circles: co-mentoring circles against random groupings (bench/circles.ts).
 * Numbers are for comparing runs on one machine, not assertions: tests never time things.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import { esbuildOptions } from '#infra/constructs/bundling.ts';
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

/** Issue 4's aim for each function's minified bundle: small bundles start faster. */
const BUNDLE_TARGET_BYTES = 300 * 1024;

/** Where a bundle's bytes come from: a package name, or the repository folder (shared/domain, ...). */
function origin(input: string): string {
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return inPackage ? inPackage[1]! : input.split('/').slice(0, 2).join('/');
}

/**
 * Every manifest function bundled with the CDK construct's own esbuild options
 * (infra/constructs/bundling.ts), with the three largest contributors so a regression says where
 * it came from.
 */
async function benchBundles() {
  const bundles = [];
  for (const spec of functions) {
    const result = await build({
      ...esbuildOptions(join(REPO_ROOT, spec.entry)),
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const bytes = result.outputFiles.reduce((sum, file) => sum + file.contents.byteLength, 0);
    const byOrigin = new Map<string, number>();
    for (const output of Object.values(result.metafile.outputs)) {
      for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
        byOrigin.set(origin(input), (byOrigin.get(origin(input)) ?? 0) + bytesInOutput);
      }
    }
    const largest = [...byOrigin.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([from, size]) => ({ from, kb: Math.round(size / 1024) }));
    bundles.push({
      function: spec.name,
      kb: Math.round(bytes / 1024),
      bytes,
      pass: bytes <= BUNDLE_TARGET_BYTES,
      largest,
    });
  }
  return { targetKb: BUNDLE_TARGET_BYTES / 1024, allPass: bundles.every((b) => b.pass), functions: bundles };
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
  bundles: await benchBundles(),
  circles: await benchCircles(),
};
mkdirSync(join(REPO_ROOT, 'bench/results'), { recursive: true });
const file = join(REPO_ROOT, 'bench/results', `intake-${results.at.replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(results, null, 2)}\nwritten to ${file}\n`);

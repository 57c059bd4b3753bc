import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // DynamoDB Local and the SES emulator start once for the whole run, not per file.
    globalSetup: ['test/support/global-setup.ts'],
    // Generous: the first test of a file may wait for Java, the e2e tests walk a whole cohort.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Processes, not threads: the local runtime sets process.env and handles signals.
    pool: 'forks',
    // Handlers log as JSON on every request; tests assert behaviour, not log lines, so keep the
    // output readable. (A test that checks logs sets its own level.)
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT' },
    // The JSON report is what `.ci/run` reads to print its plain "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});

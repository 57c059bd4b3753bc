import type { TestProject } from 'vitest/node';
import { startEmulators } from '#infra/local/emulators.ts';
import { applyEnv, localAwsEnv } from '#infra/local/env.ts';
import './provided-context.ts';

/**
 * Starts DynamoDB Local and the SES emulator once for the whole run (or uses the ones named by
 * `AWS_ENDPOINT_URL_DYNAMODB` / `AWS_ENDPOINT_URL_SESV2`), hands their URLs to the tests, and
 * sets them in `process.env` before vitest forks its workers so every worker inherits them.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const emulators = await startEmulators();
  const restoreEnv = applyEnv(localAwsEnv({ dynamoUrl: emulators.dynamoUrl, sesUrl: emulators.sesUrl }));
  project.provide('dynamoUrl', emulators.dynamoUrl);
  project.provide('sesUrl', emulators.sesUrl);
  return async () => {
    await emulators.stop();
    restoreEnv();
  };
}

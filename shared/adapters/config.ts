import { ENV } from '#infra/manifest.ts';

/**
 * Configuration comes from the environment that the CDK grants (or the local runtime) set.
 * Each value is read when first needed and fails fast with the variable's name, so a function
 * that was not granted something cannot quietly run without it.
 */
function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(
      `Missing environment variable ${name}: is this function granted it in infra/manifest.ts?`,
    );
  return value;
}

export const config = {
  tableName: () => required(ENV.tableName),
  eventBusName: () => required(ENV.eventBusName),
  mailFrom: () => required(ENV.mailFrom),
  configurationSet: () => process.env[ENV.configurationSet],
  publicBaseUrl: () => required(ENV.publicBaseUrl).replace(/\/+$/, ''),
  queueUrl: (envName: string) => required(envName),
};

import { afterAll, describe, expect, it } from 'vitest';
import { ENV } from '#infra/manifest.ts';
import { signingKey } from '#shared/adapters/signing-key.ts';

const saved = { secret: process.env[ENV.signingSecret], arn: process.env[ENV.signingSecretArn] };

afterAll(() => {
  for (const [name, value] of [
    [ENV.signingSecret, saved.secret],
    [ENV.signingSecretArn, saved.arn],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('signingKey', () => {
  // The key is read once per process, like a Lambda container's cold start. Vitest gives each
  // file a fresh module, so this one test walks a whole container life in order.
  it('reads SIGNING_SECRET once, after failing (uncached) while neither it nor its ARN was set', async () => {
    // Act + Assess: nothing configured fails, naming both variables.
    delete process.env[ENV.signingSecret];
    delete process.env[ENV.signingSecretArn];
    await expect(signingKey.get()).rejects.toThrow(/SIGNING_SECRET_ARN.*SIGNING_SECRET/);

    // Act + Assess: the failure was not cached; the local variable is read.
    process.env[ENV.signingSecret] = 'local-secret-one';
    await expect(signingKey.get()).resolves.toBe('local-secret-one');

    // Act + Assess: later changes to the environment do not reach a warm container.
    process.env[ENV.signingSecret] = 'local-secret-two';
    await expect(signingKey.get()).resolves.toBe('local-secret-one');
  });
});

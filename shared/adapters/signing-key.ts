import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ENV } from '#infra/manifest.ts';
import type { SigningKey } from '#shared/ports/signing-key.ts';

let cached: Promise<string> | undefined;

/**
 * On AWS the key lives in Secrets Manager and is read once per cold start; the local runtime
 * passes it in SIGNING_SECRET instead. It is never logged.
 */
export const signingKey: SigningKey = {
  get() {
    // Locally the key is in the environment, and a second runtime in this process may set another.
    const local = process.env[ENV.signingSecret];
    if (local) return Promise.resolve(local);
    cached ??= (async () => {
      const arn = process.env[ENV.signingSecretArn];
      if (!arn) throw new Error(`Missing ${ENV.signingSecretArn} (or ${ENV.signingSecret} locally).`);
      const { SecretString } = await new SecretsManagerClient({}).send(
        new GetSecretValueCommand({ SecretId: arn }),
      );
      if (!SecretString) throw new Error('The link signing secret is empty.');
      return SecretString;
    })();
    // A failed fetch must not be cached for the life of the container.
    cached.catch(() => {
      cached = undefined;
    });
    return cached;
  },
};

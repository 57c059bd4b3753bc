import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '#infra/manifest.ts';
import { signingKey } from '#shared/adapters/signing-key.ts';

const VARIABLES = [ENV.signingSecret, ENV.signingSecretArn, 'AWS_ENDPOINT_URL_SECRETS_MANAGER'] as const;
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));

afterEach(() => {
  for (const name of VARIABLES) {
    const value = saved[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/**
 * Secrets Manager has no local emulator here, so this stands in for its GetSecretValue (AWS JSON
 * 1.1), counting calls and failing while `down` is set, so the real SDK client runs unchanged.
 */
const secretsManager = { calls: 0, down: false, url: '' };
let server: Server;

beforeAll(async () => {
  server = createServer((req, res) => {
    secretsManager.calls += 1;
    const ok = !secretsManager.down && req.headers['x-amz-target'] === 'secretsmanager.GetSecretValue';
    res.writeHead(ok ? 200 : 500, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(
      JSON.stringify(
        ok
          ? {
              ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:links',
              Name: 'links',
              SecretString: 'from-secrets-manager',
            }
          : { __type: 'InternalServiceError', message: 'down' },
      ),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  secretsManager.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('signingKey', () => {
  it('reads SIGNING_SECRET locally, on every call (a second local runtime may set another)', async () => {
    process.env[ENV.signingSecret] = 'local-secret-one';
    await expect(signingKey.get()).resolves.toBe('local-secret-one');

    process.env[ENV.signingSecret] = 'local-secret-two';
    await expect(signingKey.get()).resolves.toBe('local-secret-two');
  });

  it('fails naming both variables when neither the secret nor its ARN is set', async () => {
    delete process.env[ENV.signingSecret];
    delete process.env[ENV.signingSecretArn];

    await expect(signingKey.get()).rejects.toThrow(/SIGNING_SECRET_ARN.*SIGNING_SECRET/);
  });

  it('on AWS reads the secret from Secrets Manager once, and does not keep a failed read', async () => {
    // Prepare
    delete process.env[ENV.signingSecret];
    process.env[ENV.signingSecretArn] = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:links';
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = secretsManager.url;

    // Act + Assess: Secrets Manager is down for the first read.
    secretsManager.down = true;
    await expect(signingKey.get()).rejects.toThrow();

    // Act + Assess: it is back; the next call reads it, and later calls use what was read.
    secretsManager.down = false;
    await expect(signingKey.get()).resolves.toBe('from-secrets-manager');
    const callsAfterRead = secretsManager.calls;
    await expect(signingKey.get()).resolves.toBe('from-secrets-manager');
    expect(secretsManager.calls).toBe(callsAfterRead);
  });
});

import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomUUID,
  sign,
  verify,
} from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Stands in for the Cognito user pool: its issuer and app client id. */
const LOCAL_ISSUER = 'mentorflow-local';
const LOCAL_CLIENT_ID = 'mentorflow-local-client';

export type Group = 'coordinators' | 'admins';

export interface IssueTokenInput {
  sub: string;
  email?: string;
  groups?: Group[];
  /** One hour by default, like a Cognito access token. */
  ttlSeconds?: number;
  /** Wall-clock time of issue; tests set it in the past to get an expired token. */
  issuedAt?: Date;
}

export type Claims = Record<string, unknown>;

type VerifyResult = { ok: true; claims: Claims } | { ok: false; reason: string };

export interface LocalAuth {
  issueToken(input: IssueTokenInput): string;
  /** What API Gateway's JWT authorizer checks: RS256 signature, `exp`/`nbf`, `iss`, `aud`/`client_id`. */
  verifyToken(token: string): VerifyResult;
}

/**
 * The local signing key: an RSA key pair made once and kept in `keyPath` (under the git-ignored
 * `.mentorflow/`), so tokens issued by `mentorflow token` keep working across restarts.
 *
 * Token times are wall-clock, not the runtime's jumpable clock: the clock simulates a cohort's
 * weeks, while the token belongs to the developer's session and should not expire on a jump.
 */
export function loadLocalAuth(options: { keyPath: string }): LocalAuth {
  const privateKey = loadOrCreateKey(options.keyPath);
  const publicKey = createPublicKey(privateKey);
  return {
    issueToken: (input) => issueToken(privateKey, input),
    verifyToken: (token) => verifyToken(publicKey, token),
  };
}

function loadOrCreateKey(keyPath: string): KeyObject {
  try {
    return createPrivateKey(readFileSync(keyPath, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  mkdirSync(dirname(keyPath), { recursive: true, mode: 0o700 });
  try {
    // `wx`: if another runtime created the key meanwhile, use theirs so both verify the same tokens.
    writeFileSync(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    return privateKey;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return createPrivateKey(readFileSync(keyPath, 'utf8'));
  }
}

const HEADER = { alg: 'RS256', typ: 'JWT', kid: 'mentorflow-local' };

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** A Cognito-shaped access token: `cognito:groups`, `token_use`, `client_id`, `scope`. */
function issueToken(privateKey: KeyObject, input: IssueTokenInput): string {
  const iat = Math.floor((input.issuedAt?.getTime() ?? Date.now()) / 1000);
  const payload = {
    sub: input.sub,
    ...(input.groups && input.groups.length > 0 ? { 'cognito:groups': input.groups } : {}),
    iss: LOCAL_ISSUER,
    client_id: LOCAL_CLIENT_ID,
    origin_jti: randomUUID(),
    event_id: randomUUID(),
    token_use: 'access',
    scope: 'aws.cognito.signin.user.admin',
    auth_time: iat,
    iat,
    exp: iat + (input.ttlSeconds ?? 3600),
    jti: randomUUID(),
    username: input.sub,
    ...(input.email ? { email: input.email } : {}),
  };
  const signingInput = `${encode(HEADER)}.${encode(payload)}`;
  const signature = sign('sha256', Buffer.from(signingInput), privateKey).toString('base64url');
  return `${signingInput}.${signature}`;
}

function verifyToken(publicKey: KeyObject, token: string): VerifyResult {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'not a JWT' };
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson(headerPart);
  const claims = decodeJson(payloadPart);
  if (!header || !claims) return { ok: false, reason: 'malformed JWT' };
  // Only RS256: never trust the token to choose its own algorithm (`none`, HS256 with the public key).
  if (header.alg !== 'RS256') return { ok: false, reason: `unsupported alg ${String(header.alg)}` };
  const signed = verify(
    'sha256',
    Buffer.from(`${headerPart}.${payloadPart}`),
    publicKey,
    Buffer.from(signaturePart, 'base64url'),
  );
  if (!signed) return { ok: false, reason: 'bad signature' };
  const now = Date.now() / 1000;
  if (typeof claims.exp !== 'number' || claims.exp <= now)
    return { ok: false, reason: 'the token has expired' };
  if (typeof claims.nbf === 'number' && claims.nbf > now)
    return { ok: false, reason: 'the token is not valid yet' };
  if (claims.iss !== LOCAL_ISSUER) return { ok: false, reason: 'issuer mismatch' };
  const audiences = [claims.aud, claims.client_id].flat();
  if (!audiences.includes(LOCAL_CLIENT_ID)) return { ok: false, reason: 'audience mismatch' };
  return { ok: true, claims };
}

function decodeJson(part: string): Claims | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Claims)
      : undefined;
  } catch {
    return undefined;
  }
}

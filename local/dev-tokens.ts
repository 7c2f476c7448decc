import { randomUUID } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  SignJWT,
} from 'jose';
import type { Group } from '../functions/http/routes.js';
import type { JwtAuthorizerConfig } from './jwt-authorizer.js';

/**
 * The local stand-in for Cognito: one ES256 key pair kept under `.bidwright/`, and ID-token
 * shaped JWTs signed with it for a writer, a reviewer and an admin. The dev server checks
 * them as API Gateway's JWT authorizer checks Cognito's.
 */
export const DEV_ISSUER = 'http://127.0.0.1/bidwright-local-issuer';
export const DEV_AUDIENCE = 'bidwright-local';
export const DEV_ALGORITHM = 'ES256';

/** Long enough not to expire during a working month; re-issued at every `npm start`. */
export const DEV_TOKEN_LIFETIME = '30d';

export interface DevKeys {
  /** Private JWK (with `d`), for signing. */
  privateKey: JWK;
  /** Public JWK, for verifying: the issuer's JWKS. */
  publicKey: JWK;
}

export interface DevTokenClaims {
  sub: string;
  email: string;
  groups: readonly Group[];
  /** `cognito:username`: how the audit trail names the caller. Defaults to the email. */
  username?: string;
  /** A jose time span (`'30d'`, `'1h'`) or an absolute epoch-seconds `exp`. */
  expiresIn?: string | number;
  /** Defaults to DEV_ISSUER / DEV_AUDIENCE; tests change them to forge tokens. */
  issuer?: string;
  audience?: string;
}

export const DEV_ROLES = {
  writer: {
    sub: 'dev-writer',
    username: 'dev.writer',
    email: 'writer@bidwright.local',
    groups: ['writers'],
  },
  reviewer: {
    sub: 'dev-reviewer',
    username: 'dev.reviewer',
    email: 'reviewer@bidwright.local',
    groups: ['reviewers'],
  },
  admin: {
    sub: 'dev-admin',
    username: 'dev.admin',
    email: 'admin@bidwright.local',
    groups: ['admins'],
  },
} as const satisfies Record<string, Omit<DevTokenClaims, 'expiresIn'>>;

export type DevRole = keyof typeof DEV_ROLES;
export type DevTokens = Record<DevRole, string>;

/** A new key pair, not stored anywhere (tests and benchmarks). */
export async function generateDevKeys(): Promise<DevKeys> {
  const { publicKey, privateKey } = await generateKeyPair(DEV_ALGORITHM, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const common = { kid, alg: DEV_ALGORITHM, use: 'sig' };
  return {
    privateKey: { ...(await exportJWK(privateKey)), ...common },
    publicKey: { ...publicJwk, ...common },
  };
}

function isDevKeys(value: unknown): value is DevKeys {
  const keys = value as Partial<DevKeys> | null;
  return (
    typeof keys?.privateKey?.d === 'string' &&
    typeof keys.publicKey?.x === 'string' &&
    keys.privateKey.kid === keys.publicKey.kid &&
    keys.publicKey.alg === DEV_ALGORITHM
  );
}

/**
 * The key pair in `file`, made (and written, readable by its owner only) the first time.
 * A file that does not hold a usable pair is replaced: tokens are re-issued at every start,
 * so nothing else depends on the old keys.
 */
export async function loadOrCreateDevKeys(
  file: string,
): Promise<{ keys: DevKeys; created: boolean }> {
  let stored: unknown;
  try {
    stored = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    if (!(error instanceof SyntaxError) && (error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw error;
    }
  }
  if (isDevKeys(stored)) {
    try {
      await importJWK(stored.privateKey, DEV_ALGORITHM);
      return { keys: stored, created: false };
    } catch {
      // Not a usable key: replaced below.
    }
  }
  const keys = await generateDevKeys();
  await writePrivateJson(file, keys);
  return { keys, created: true };
}

/** A Cognito-ID-token-shaped JWT signed with the dev key. */
export async function signDevToken(keys: DevKeys, claims: DevTokenClaims): Promise<string> {
  const key = await importJWK(keys.privateKey, DEV_ALGORITHM);
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    email: claims.email,
    'cognito:username': claims.username ?? claims.email,
    'cognito:groups': [...claims.groups],
    token_use: 'id',
    auth_time: now,
  })
    .setProtectedHeader({ alg: DEV_ALGORITHM, kid: keys.privateKey.kid ?? '', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(claims.issuer ?? DEV_ISSUER)
    .setAudience(claims.audience ?? DEV_AUDIENCE)
    .setIssuedAt(now)
    .setJti(randomUUID())
    .setExpirationTime(claims.expiresIn ?? DEV_TOKEN_LIFETIME)
    .sign(key);
}

/** One token per role: writer (writers), reviewer (reviewers), admin (admins). */
export async function issueDevTokens(
  keys: DevKeys,
  expiresIn: string | number = DEV_TOKEN_LIFETIME,
): Promise<DevTokens> {
  const [writer, reviewer, admin] = await Promise.all(
    (['writer', 'reviewer', 'admin'] as const).map((role) =>
      signDevToken(keys, { ...DEV_ROLES[role], expiresIn }),
    ),
  );
  return { writer: writer ?? '', reviewer: reviewer ?? '', admin: admin ?? '' };
}

/** `{"writer": "<jwt>", "reviewer": "<jwt>", "admin": "<jwt>"}`, owner-readable only. */
export async function writeDevTokens(file: string, tokens: DevTokens): Promise<void> {
  await writePrivateJson(file, tokens);
}

/** What the dev server's JWT authorizer trusts: the dev issuer and its public key. */
export function devAuthorizerConfig(keys: DevKeys): JwtAuthorizerConfig {
  return {
    issuer: DEV_ISSUER,
    audience: [DEV_AUDIENCE],
    jwks: { keys: [keys.publicKey] },
    algorithms: [DEV_ALGORITHM],
  };
}

async function writePrivateJson(file: string, value: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, file);
}

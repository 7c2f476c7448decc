import { randomUUID } from 'node:crypto';
import { importJWK, type JWK, SignJWT } from 'jose';
import {
  DEV_ALGORITHM,
  DEV_AUDIENCE,
  DEV_ISSUER,
  DEV_ROLES,
  type DevKeys,
  generateDevKeys,
} from '../../../local/dev-tokens.js';

/**
 * Every kind of bearer token a request may carry: a valid one per role, valid ones with
 * odd claims (no subject, no groups, groups as a string, every group), and the ones the
 * JWT authorizer must refuse (another key, a tampered payload, `alg: none`, HS256, expired,
 * not yet valid, another audience or issuer, no `exp`, malformed).
 */
export const TOKEN_KINDS = [
  'writer',
  'reviewer',
  'admin',
  'all-groups',
  'no-groups',
  'groups-as-text',
  'no-subject',
  'odd-username',
  'other-key-same-kid',
  'other-key',
  'tampered-payload',
  'alg-none',
  'hs256',
  'expired',
  'not-yet-valid',
  'other-audience',
  'other-issuer',
  'no-exp',
  'truncated-signature',
] as const;

export type TokenKind = (typeof TOKEN_KINDS)[number];

/** Tokens the authorizer accepts and that name one of the three roles. */
export const ROLE_TOKENS: readonly TokenKind[] = ['writer', 'reviewer', 'admin'];

export type TokenPool = Record<TokenKind, string>;

interface Claims {
  [claim: string]: unknown;
}

async function sign(
  key: JWK,
  claims: Claims,
  options: { kid?: string; exp?: number | null; nbf?: number; iss?: string; aud?: string } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ token_use: 'id', auth_time: now, ...claims })
    .setProtectedHeader({ alg: DEV_ALGORITHM, kid: options.kid ?? key.kid ?? '', typ: 'JWT' })
    .setIssuer(options.iss ?? DEV_ISSUER)
    .setAudience(options.aud ?? DEV_AUDIENCE)
    .setIssuedAt(now)
    .setJti(randomUUID());
  if (options.exp !== null) jwt.setExpirationTime(options.exp ?? now + 3600);
  if (options.nbf !== undefined) jwt.setNotBefore(options.nbf);
  return jwt.sign(await importJWK(key, DEV_ALGORITHM));
}

function roleClaims(role: keyof typeof DEV_ROLES): Claims {
  const { sub, username, email, groups } = DEV_ROLES[role];
  return { sub, email, 'cognito:username': username, 'cognito:groups': [...groups] };
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** One token of every kind, signed (or forged) against the stack's dev keys. */
export async function issueTokenPool(keys: DevKeys): Promise<TokenPool> {
  const now = Math.floor(Date.now() / 1000);
  const key = keys.privateKey;
  const stranger: DevKeys = await generateDevKeys();
  const writer = await sign(key, roleClaims('writer'));
  const [header = '', , signature = ''] = writer.split('.');
  const unsignedPayload = base64url({
    ...roleClaims('admin'),
    iss: DEV_ISSUER,
    aud: DEV_AUDIENCE,
    exp: now + 3600,
  });
  return {
    writer,
    reviewer: await sign(key, roleClaims('reviewer')),
    admin: await sign(key, roleClaims('admin')),
    'all-groups': await sign(key, {
      ...roleClaims('writer'),
      'cognito:groups': ['writers', 'reviewers', 'admins'],
    }),
    'no-groups': await sign(key, { ...roleClaims('writer'), 'cognito:groups': [] }),
    'groups-as-text': await sign(key, { ...roleClaims('writer'), 'cognito:groups': 'writers' }),
    'no-subject': await sign(key, { ...roleClaims('writer'), sub: undefined }),
    'odd-username': await sign(key, {
      ...roleClaims('writer'),
      'cognito:username': `Zoë Ångström-Łukasiewicz \u202e🚀 ${'x'.repeat(300)}`,
    }),
    'other-key-same-kid': await sign(stranger.privateKey, roleClaims('admin'), {
      kid: key.kid ?? '',
    }),
    'other-key': await sign(stranger.privateKey, roleClaims('admin')),
    'tampered-payload': `${header}.${unsignedPayload}.${signature}`,
    'alg-none': `${base64url({ alg: 'none', typ: 'JWT' })}.${unsignedPayload}.`,
    hs256: await new SignJWT(roleClaims('admin'))
      .setProtectedHeader({ alg: 'HS256', kid: key.kid ?? '' })
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setExpirationTime(now + 3600)
      .sign(Buffer.from(JSON.stringify(keys.publicKey))),
    expired: await sign(key, roleClaims('writer'), { exp: now - 60 }),
    'not-yet-valid': await sign(key, roleClaims('writer'), { nbf: now + 3600 }),
    'other-audience': await sign(key, roleClaims('writer'), { aud: 'someone-else' }),
    'other-issuer': await sign(key, roleClaims('writer'), { iss: 'https://issuer.example' }),
    'no-exp': await sign(key, roleClaims('writer'), { exp: null }),
    'truncated-signature': writer.slice(0, -6),
  };
}

import {
  createLocalJWKSet,
  decodeProtectedHeader,
  errors,
  type JSONWebKeySet,
  type JWTPayload,
  jwtVerify,
} from 'jose';

/**
 * What API Gateway's JWT authorizer does before a Lambda is called, for the local dev
 * server: take the token from the `Authorization` header, check that it names its key
 * (`kid`), its signature against the issuer's keys, its issuer, audience (`aud`, or
 * `client_id` when it has no `aud`) and times (`exp` and `nbf`, and `iat` not in the
 * future), and hand the claims on flattened to strings the way API Gateway does.
 */
export interface JwtAuthorizerConfig {
  issuer: string;
  /** Accepted audiences: a token passes when its `aud` (or `client_id`) is one of them. */
  audience: readonly string[];
  /** The issuer's public keys (what API Gateway fetches from the JWKS URL). */
  jwks: JSONWebKeySet;
  /** Signature algorithms accepted. */
  algorithms: readonly string[];
}

export interface AuthorizerContext {
  /** Every claim as a string, as API Gateway HTTP APIs deliver them. */
  claims: Record<string, string>;
  /** The token's `scope` (or `scp`) claim split into a list; null when it has none. */
  scopes: string[] | null;
}

export type AuthorizerOutcome =
  | { ok: true; context: AuthorizerContext }
  | { ok: false; reason: string };

export type JwtAuthorizer = (authorization: string | undefined) => Promise<AuthorizerOutcome>;

/** Verified tokens kept (until they expire) so a client's repeated token is checked once. */
const MAX_CACHED_TOKENS = 1_000;

export function createJwtAuthorizer(config: JwtAuthorizerConfig): JwtAuthorizer {
  const keys = createLocalJWKSet(config.jwks);
  const verified = new Map<string, { context: AuthorizerContext; exp: number; nbf: number }>();
  return async (authorization) => {
    const token = bearerToken(authorization);
    if (!token) return { ok: false, reason: 'no bearer token' };
    const now = Date.now() / 1000;
    const cached = verified.get(token);
    if (cached && now < cached.exp && now >= cached.nbf)
      return { ok: true, context: cached.context };
    if (cached) verified.delete(token);
    let payload: JWTPayload;
    try {
      if (typeof decodeProtectedHeader(token).kid !== 'string') {
        return { ok: false, reason: 'the token names no key (kid)' };
      }
      ({ payload } = await jwtVerify(token, keys, {
        issuer: config.issuer,
        algorithms: [...config.algorithms],
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      return { ok: false, reason: reasonOf(error) };
    }
    if (!hasAudience(payload, config.audience)) {
      return { ok: false, reason: 'the token is for another audience' };
    }
    if (typeof payload.iat === 'number' && payload.iat > now) {
      return { ok: false, reason: 'claim iat is not valid' };
    }
    const context = { claims: flattenClaims(payload), scopes: scopesOf(payload) };
    if (verified.size >= MAX_CACHED_TOKENS) verified.clear();
    verified.set(token, { context, exp: payload.exp ?? 0, nbf: payload.nbf ?? 0 });
    return { ok: true, context };
  };
}

/** API Gateway reads the token from the header, with or without the `Bearer ` prefix. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const value = authorization?.trim();
  if (!value || /^Bearer$/i.test(value)) return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(value);
  const token = (match ? match[1] : value)?.trim();
  return token || undefined;
}

/** `aud` when the token has one, else `client_id` (a Cognito access token), as API Gateway reads them. */
function hasAudience(payload: JWTPayload, accepted: readonly string[]): boolean {
  const claim = payload.aud === undefined ? payload.client_id : payload.aud;
  const audiences = Array.isArray(claim) ? claim : [claim];
  return audiences.some((aud) => typeof aud === 'string' && accepted.includes(aud));
}

function scopesOf(payload: JWTPayload): string[] | null {
  const scope = payload.scope ?? payload.scp;
  if (typeof scope === 'string') return scope.split(' ').filter(Boolean);
  if (Array.isArray(scope)) return scope.map(String);
  return null;
}

function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the signature is not valid';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no key of the issuer signed this token';
  if (error instanceof errors.JWTClaimValidationFailed) return `claim ${error.claim} is not valid`;
  return 'the token is not a valid JWT';
}

/**
 * Claims as API Gateway HTTP APIs put them in the event: every value a string, written the
 * way Go's `fmt` prints it. So `exp` arrives as `"1718722804"` and `cognito:groups` as
 * `"[writers admins]"` (which is why functions/http/auth.ts parses that form).
 */
export function flattenClaims(payload: JWTPayload): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value !== undefined) claims[name] = goFormat(value);
  }
  return claims;
}

function goFormat(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goFormat).join(' ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `map[${entries.map(([key, item]) => `${key}:${goFormat(item)}`).join(' ')}]`;
  }
  return String(value);
}

import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { ForbiddenError, UnauthorizedError } from '../errors/errors.js';
import type { RouteDefinition } from './routes.js';

export type HttpApiEvent = APIGatewayProxyEventV2 | APIGatewayProxyEventV2WithJWTAuthorizer;

/** Who is calling, from the claims API Gateway's JWT authorizer verified. */
export interface Caller {
  sub: string;
  /** How the audit trail names the caller: user name, else email, else `sub`. */
  name: string;
  groups: string[];
}

export const ANONYMOUS: Caller = { sub: 'anonymous', name: 'anonymous', groups: [] };

/**
 * The groups in a `cognito:groups` claim, whichever way it arrives: API Gateway HTTP APIs
 * flatten array claims to a string like `[writers admins]`; a JSON array, a JSON-array
 * string and a single group name are accepted too. Names are split on whitespace only:
 * Cognito group names cannot hold any, but may hold commas and other punctuation, so a
 * group named `guests,writers` is that one group, not two.
 */
export function groupsFromClaim(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((g): g is string => typeof g === 'string');
  if (typeof claim !== 'string') return [];
  const text = claim.trim();
  if (text.startsWith('[') && text.endsWith(']')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return groupsFromClaim(parsed);
    } catch {
      // Not JSON: API Gateway's flattened form.
    }
    return text.slice(1, -1).split(/\s+/).filter(Boolean);
  }
  return text.split(/\s+/).filter(Boolean);
}

function claimsOf(event: HttpApiEvent): Record<string, unknown> | undefined {
  const context = event.requestContext as { authorizer?: { jwt?: { claims?: unknown } } };
  const claims = context.authorizer?.jwt?.claims;
  return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/**
 * The caller, checked against the route's groups: no claims (or no subject) → 401, none of
 * the route's groups → 403. Public routes are called anonymously.
 */
export function authorize(route: RouteDefinition, event: HttpApiEvent): Caller {
  if (route.roles === 'public') return ANONYMOUS;
  const claims = claimsOf(event);
  const sub = text(claims?.sub);
  if (!claims || !sub) throw new UnauthorizedError();
  const groups = groupsFromClaim(claims['cognito:groups']);
  if (!route.roles.some((role) => groups.includes(role))) throw new ForbiddenError(route.roles);
  const name =
    text(claims['cognito:username']) ?? text(claims.username) ?? text(claims.email) ?? sub;
  return { sub, name, groups };
}

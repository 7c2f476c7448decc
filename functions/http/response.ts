import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export interface HttpResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResult {
  return { status, body, headers };
}

/** The API Gateway v2 result: JSON, never cached, never sniffed. */
export function toApiGatewayResult(
  result: HttpResult,
  requestId: string,
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: result.status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-request-id': requestId,
      ...result.headers,
    },
    ...(result.body === undefined ? {} : { body: JSON.stringify(result.body) }),
  };
}

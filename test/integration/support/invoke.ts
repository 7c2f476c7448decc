import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import type { HttpLambdaHandler } from '../../../functions/http/http-handler.js';

export interface Reply {
  status: number | undefined;
  headers: Record<string, unknown>;
  body: any;
}

/** Invokes a handler as Lambda would and parses its JSON body. */
export async function invoke(
  handler: HttpLambdaHandler,
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
): Promise<Reply> {
  const result = await handler(event);
  return {
    status: result.statusCode,
    headers: result.headers ?? {},
    body: result.body === undefined ? undefined : JSON.parse(result.body),
  };
}

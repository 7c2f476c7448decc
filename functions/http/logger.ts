import { Logger } from '@aws-lambda-powertools/logger';

/** Structured JSON logs; each line of a request carries its request id. */
export const logger = new Logger({ serviceName: 'bidwright' });

import { BidwrightError } from '../functions/errors/errors.js';

/**
 * The line `npm run snapshot` ends with when a run fails as a whole. A failure Bidwright
 * names (a store that is not answering) is told by its message, which says what to do; any
 * other keeps its stack, since it is a fault to find.
 */
export function jobFailure(error: unknown): string {
  const reason =
    error instanceof BidwrightError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  return `The snapshot job failed: ${reason}\n`;
}

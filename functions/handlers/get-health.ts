import { httpHandler } from '../http/http-handler.js';
import { json } from '../http/response.js';

/** Answers without touching a store: it says the function runs, not that AWS is up. */
export function createGetHealthHandler() {
  return httpHandler('get-health', {}, async () => json(200, { status: 'ok' }));
}

export const handler = createGetHealthHandler();

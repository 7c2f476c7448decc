import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * zod's tree-shakeable `zod/mini` API, with its English issue messages (`Unrecognized key:
 * "extra"`) for the checks that carry no message of their own. Every schema imports it as
 * `import * as z from '…/zod.js'`, so the messages are configured before any input is
 * parsed, and a bundle holds only the checks it uses.
 */
config(en());

export * from 'zod/mini';

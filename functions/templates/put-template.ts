import type { Clock } from '../clock.js';
import { ConflictError, ValidationError } from '../errors/errors.js';
import type { TemplateSource } from '../narrative/template-schema.js';
import { contentHash } from '../snapshots/canonical-json.js';
import { assertStorable } from '../stores/document-size.js';
import type { TemplateStore } from '../stores/template-store.js';
import { MAX_TEMPLATE_VERSION, type TemplateVersion } from './template-version.js';
import { VersionTakenError } from './version-taken-error.js';

/**
 * Concurrent uploads of one template each get a version: every round at least one of them
 * commits, so n concurrent uploads need at most n rounds.
 */
const ATTEMPTS = 10;

export interface PutTemplateInput {
  /** The id in the path. */
  id: string;
  /** The body, already checked by `parseTemplate`. */
  source: TemplateSource;
  by: string;
}

/**
 * Stores a new version of a competition template (`PUT /templates/{id}`).
 *
 * 1. `manifest.id` must be the path's id.
 * 2. The template must fit in one stored item.
 * 3. Take the next version number and store it with the latest pointer in one transaction;
 *    if a concurrent upload took the number first, take the one after (a few times, then 409).
 */
export async function putTemplate(
  { templates, clock }: { templates: TemplateStore; clock: Clock },
  { id, source, by }: PutTemplateInput,
): Promise<TemplateVersion> {
  if (source.manifest.id !== id) {
    throw new ValidationError('template', [
      { path: 'manifest.id', message: `must be "${id}", the id in the path` },
    ]);
  }
  assertStorable(source, 'the template');
  const sha256 = contentHash(source);
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const version = (await templates.latestVersion(id)) + 1;
    if (version > MAX_TEMPLATE_VERSION) {
      throw new ConflictError(`template "${id}" has reached ${MAX_TEMPLATE_VERSION} versions`);
    }
    const record: TemplateVersion = {
      id,
      version,
      source,
      sha256,
      createdAt: clock.now().toISOString(),
      createdBy: by,
    };
    try {
      await templates.createVersion(record);
      return record;
    } catch (error) {
      if (!(error instanceof VersionTakenError)) throw error;
    }
  }
  throw new ConflictError(`template "${id}" is being uploaded by others; try again`);
}

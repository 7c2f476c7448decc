import { ConflictError } from '../errors/errors.js';

/** Another upload took the version number first; the upload may retry with the next one. */
export class VersionTakenError extends ConflictError {
  constructor(
    readonly templateId: string,
    readonly version: number,
  ) {
    super(`template "${templateId}" version ${version} was taken by another upload`);
    this.name = 'VersionTakenError';
  }
}

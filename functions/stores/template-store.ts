import type { TemplateSummary, TemplateVersion } from '../templates/template-version.js';
import type { Page, PageRequest } from './page.js';

export interface TemplateStore {
  /** The newest version number, 0 when the template has none. */
  latestVersion(id: string): Promise<number>;
  /**
   * Stores version n and moves the latest pointer to it, together; VersionTakenError when
   * n is not the pointer + 1 any more (another upload took it), and nothing is written.
   */
  createVersion(version: TemplateVersion): Promise<void>;
  /** A given version, or the newest when `version` is left out. */
  get(id: string, version?: number): Promise<TemplateVersion | null>;
  /** Templates in id order, each with its newest version. */
  list(page: PageRequest): Promise<Page<TemplateSummary>>;
}

import { NotFoundError } from '../errors/errors.js';
import type { Page, PageRequest } from '../stores/page.js';
import type { TemplateStore } from '../stores/template-store.js';
import type { TemplateSummary, TemplateVersion } from './template-version.js';

export async function listTemplates(
  { templates }: { templates: TemplateStore },
  page: PageRequest,
): Promise<Page<TemplateSummary>> {
  return templates.list(page);
}

/** A version of a template (the newest when none is asked for); NotFoundError names which. */
export async function getTemplate(
  { templates }: { templates: TemplateStore },
  id: string,
  version?: number,
): Promise<TemplateVersion> {
  const found = await templates.get(id, version);
  if (found) return found;
  if (version !== undefined && (await templates.latestVersion(id)) > 0) {
    throw new NotFoundError('template version', `${id}@${version}`);
  }
  throw new NotFoundError('template', id);
}

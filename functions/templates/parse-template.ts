import { InvalidTemplateError, type TemplateProblem } from '../errors/errors.js';
import { TemplateError, TemplateSchemaError } from '../narrative/template-error.js';
import type { TemplateSource } from '../narrative/template-schema.js';
import { validateTemplate } from '../narrative/validate-template.js';
import { assertStorable } from '../stores/document-size.js';

/** The location of a template error as a client reads it. */
export function templateProblem(error: TemplateError): TemplateProblem {
  return {
    section: error.section,
    line: error.line,
    ...(error.reference === undefined ? {} : { reference: error.reference }),
    kind: error.kind,
    message: error.detail,
  };
}

/**
 * Checks an uploaded template (`PUT /templates/{id}` body): its shape, that it fits in one
 * stored item (413), then its Liquid and Markdown as far as they can be checked without data.
 * Refusals are InvalidTemplateError (400) whose details give the path, or the section, line
 * and unknown name.
 */
export async function parseTemplate(body: unknown): Promise<TemplateSource> {
  try {
    return await validateTemplate(body, (template) => assertStorable(template, 'the template'));
  } catch (error) {
    if (error instanceof TemplateSchemaError) {
      throw new InvalidTemplateError(error.message, error.issues, { cause: error });
    }
    if (error instanceof TemplateError) {
      throw new InvalidTemplateError(error.message, [templateProblem(error)], { cause: error });
    }
    throw error;
  }
}

/** A `{{ … }}` value that has no honest text form: printing it would put "null" or "[object Object]" in a bid. */
export class OutputValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputValueError';
  }
}

/** The text of a printed value; refuses nothing (nil), lists, groups of fields and non-finite numbers. */
export function printableText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new OutputValueError('is not a finite number');
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  if (value === undefined || value === null) {
    throw new OutputValueError('has no value (nil), so it would print nothing');
  }
  if (Array.isArray(value)) {
    throw new OutputValueError(
      `is a list of ${value.length}; print it with | list or | join, or loop over it with {% for %}`,
    );
  }
  throw new OutputValueError('is a group of fields; print one of its fields instead');
}

/**
 * Backslash-escapes what Markdown would read as markup, so a programme's data is printed as
 * the text it is: a partner called "R&D *pilot*" or a "|" in a table cell stays literal. A
 * line break in a value becomes a space, as one in a paragraph does, so that it cannot end
 * a table row, a heading or a list item and start new Markdown of its own.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[ \t]*(?:\r\n?|\n)\s*/g, ' ')
    .replace(/[\\`*_[\]<>|~&#]/g, '\\$&')
    .replace(/^(\s*)([-+=])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/gm, '$1\\$2');
}

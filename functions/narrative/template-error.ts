/**
 * What went wrong in a template, in terms its author can act on. The HTTP layer decides the
 * status (400 at template upload, 422 at bid time); these classes only say what and where.
 */

export type TemplateErrorKind =
  /** Liquid that does not parse, an unknown or refused tag. */
  | 'syntax'
  /** A variable the template data does not have (strict variables). */
  | 'unknown-variable'
  /** A filter that does not exist (strict filters). */
  | 'unknown-filter'
  /** Markdown that Bidwright does not draw (HTML, images, block quotes, `#` headings, …). */
  | 'markdown'
  /** A chart block whose YAML is malformed or whose data is not a bar chart. */
  | 'chart'
  /** A time, memory, size or output limit was reached. */
  | 'limit'
  /** A filter was given a value or argument it cannot use, e.g. a total of 0 for `percent`. */
  | 'filter'
  /** A printed value that has no text form: a list, a group of fields, nothing (nil). */
  | 'value';

/** Which text of the template the error is in: the manifest's title, author or a heading, or a section's body. */
export type TemplatePart = 'title' | 'author' | 'heading' | 'body';

export interface TemplateErrorDetails {
  kind: TemplateErrorKind;
  /** Section id, or "title" / "author" for those manifest fields. */
  section: string;
  part: TemplatePart;
  /** 1-based line inside that section's source (1 for the title, author and headings). */
  line: number;
  /** The unknown variable or filter, or the filter that refused its input. */
  reference?: string;
  /** What is wrong, without the location: `unknown variable "figures.post.total"`. */
  detail: string;
  cause?: unknown;
}

function location({
  section,
  part,
  line,
}: Pick<TemplateErrorDetails, 'section' | 'part' | 'line'>) {
  if (part === 'title' || part === 'author') return `manifest ${part}`;
  if (part === 'heading') return `section "${section}" heading`;
  return `section "${section}", line ${line}`;
}

/** A template that cannot be rendered as written, located by section and line. */
export class TemplateError extends Error {
  readonly kind: TemplateErrorKind;
  readonly section: string;
  readonly part: TemplatePart;
  readonly line: number;
  /**
   * The unknown variable (`figures.post.total`) or filter (`percentage`), or the filter that
   * refused its input. Not called `name`: that is the error class's name, as on every Error.
   */
  readonly reference?: string;
  readonly detail: string;

  constructor(details: TemplateErrorDetails) {
    super(
      `${location(details)}: ${details.detail}`,
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.name = 'TemplateError';
    this.kind = details.kind;
    this.section = details.section;
    this.part = details.part;
    this.line = details.line;
    this.detail = details.detail;
    if (details.reference !== undefined) this.reference = details.reference;
  }
}

export interface TemplateIssue {
  /** Where in the template object, e.g. `manifest.sections[1].source` or `sections["posts.md"]`. */
  path: string;
  message: string;
}

/** A template whose manifest or section files do not have the required shape. */
export class TemplateSchemaError extends Error {
  readonly issues: TemplateIssue[];

  constructor(issues: TemplateIssue[], options?: { cause?: unknown }) {
    super(
      `the template is not valid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      options,
    );
    this.name = 'TemplateSchemaError';
    this.issues = issues;
  }
}

/** A template folder that cannot be read: missing folder or file, or a manifest that is not JSON. */
export class TemplateLoadError extends Error {
  /** The folder or file that could not be read. */
  readonly path: string;

  constructor(message: string, path: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TemplateLoadError';
    this.path = path;
  }
}

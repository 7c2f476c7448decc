/**
 * Prints, as JSON, what each `{{ }}` expression given in argv renders to, and the time zone and
 * locale this process runs with. date-filter.test.ts starts it with TZ and LC_ALL of other
 * machines, to show that dates print the same whatever the host.
 */
import { TemplateError } from '../../../functions/narrative/template-error.js';
import { print } from './narrative-test-kit.js';

/** What the runner writes to stdout. */
export interface HostRender {
  timeZone: string;
  locale: string;
  /** The text of each expression, or `error: ` and the template error's detail. */
  texts: string[];
}

function render(expression: string): string {
  try {
    return print(expression);
  } catch (error) {
    if (error instanceof TemplateError) return `error: ${error.detail}`;
    throw error;
  }
}

const expressions: unknown = JSON.parse(process.argv[2] ?? '[]');
if (!Array.isArray(expressions)) throw new TypeError('argv[2] must be a JSON list of expressions');
const { timeZone, locale } = Intl.DateTimeFormat().resolvedOptions();
const result: HostRender = { timeZone, locale, texts: expressions.map(String).map(render) };
process.stdout.write(JSON.stringify(result));

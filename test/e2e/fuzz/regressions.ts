import type { HandlerName, RouteDefinition } from '../../../functions/http/routes.js';
import { plainJsonBody } from './arbitraries/bodies.js';
import type { FuzzFixture } from './arbitraries/fixture.js';
import type { Authorization } from './arbitraries/headers.js';
import type { FuzzRequest } from './arbitraries/requests.js';

/** The fixed seed of a route's generated requests: the same in `npm test` and `npm run fuzz`. */
export function routeSeed(route: RouteDefinition): number {
  let hash = 20_261_125;
  for (const char of `${route.method} ${route.path}`) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return hash;
}

const asWriter: Authorization = { kind: 'token', token: 'writer', form: 'Bearer' };

/** The seeded template with its `posts.md` section replaced. */
function withSection(fixture: FuzzFixture, source: string) {
  return { ...fixture.template, sections: { ...fixture.template.sections, 'posts.md': source } };
}

/**
 * Requests fuzzing once failed on, replayed first on every run so that the bug stays fixed.
 * Each names what it found.
 */
export const REGRESSIONS: Partial<Record<HandlerName, (fixture: FuzzFixture) => FuzzRequest[]>> = {
  // A request line over Node's 16 KiB header limit was refused by the HTTP parser with a
  // bare `431` and an empty body, not in API Gateway's `{"message"}` shape.
  'get-health': () => [
    {
      method: 'GET',
      target: `/health?LIMIT=${'%F0%9F%9A%80'.repeat(2_000)}`,
      authorization: asWriter,
      headers: {},
    },
  ],
  // Bytes that are not ASCII in the path were refused by the parser with an empty 400.
  'put-programme': (fixture) => [
    {
      method: 'PUT',
      target: `/programmes/${'é'.repeat(63)}`,
      authorization: asWriter,
      headers: { 'content-type': 'application/json', 'if-match': '"1"' },
      body: plainJsonBody(fixture.programme),
    },
  ],
  // Markdown nested thousands deep overflowed the Markdown reader's stack: a section with no
  // Liquid is read at upload, and the upload answered 500 (found with seed -1227864298,
  // path "229:0:0:11:1:1:19:19:27:23:19:21:19:26:23:24:24:24:24"). Now a 400 naming the line.
  'put-template': (fixture) => [
    {
      method: 'PUT',
      target: `/templates/${fixture.templateId}`,
      authorization: asWriter,
      headers: { 'content-type': 'application/json' },
      body: plainJsonBody(
        withSection(fixture, `Plain.\n\n${'*'.repeat(5_000)}x${'*'.repeat(5_000)}\n`),
      ),
    },
  ],
  // The same Markdown behind Liquid is read only at bid time, where it was a 500 (found with
  // seed -1492416758, path "51:1:0:0:0:1:1:2:2:2:2"), now a 422 naming section and line; and
  // a chart value of 1e308 overflowed the bar scale to NaN, a 500, now drawn.
  'create-bid': (fixture) =>
    [
      `${'> '.repeat(5_000)}deep`,
      '```chart\ntype: bar\ntitle: T\nlabels: [a]\nvalues: [1e308]\n```',
    ].map((snippet) => ({
      method: 'POST',
      target: '/bids',
      authorization: asWriter,
      headers: { 'content-type': 'application/json' },
      body: plainJsonBody({ programmeId: fixture.programmeId, templateId: fixture.templateId }),
      before: [
        {
          method: 'PUT',
          target: `/templates/${fixture.templateId}`,
          authorization: asWriter,
          headers: { 'content-type': 'application/json' },
          body: plainJsonBody(
            withSection(fixture, `${fixture.template.sections['posts.md'] ?? ''}\n\n${snippet}\n`),
          ),
        },
      ],
    })),
  // The parser's refusal of a HEAD request carried a body, which the client could not read.
  'get-programme': (fixture) => [
    {
      method: 'HEAD',
      target: `/programmes/${fixture.programmeId}?LIMIT=${'x'.repeat(40_000)}`,
      authorization: asWriter,
      headers: {},
    },
    {
      method: 'HEAD',
      target: `/programmes/${fixture.programmeId}?LIMIT=é`,
      authorization: asWriter,
      headers: {},
    },
  ],
};

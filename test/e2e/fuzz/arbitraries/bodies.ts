import fc from 'fast-check';
import type { FuzzFixture } from './fixture.js';
import { oddText, oddValue } from './values.js';

/**
 * Request bodies. Near valid: a valid document (the example programme, the NIHR ICAT
 * template, a bid request, a review) with a few fields replaced by odd values, removed,
 * duplicated past a list limit, or joined by unknown fields; or with plausible new
 * values, which the API should accept. Far from valid: any JSON, invalid JSON, deep
 * nesting, bytes that are not UTF-8, bodies at and over the size limits.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

/** Every path in a document, containers and leaves alike. */
function pathsOf(value: Json, at: Path = []): Path[] {
  const out: Path[] = [at];
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) out.push(...pathsOf(item, [...at, i]));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) out.push(...pathsOf(item, [...at, key]));
  }
  return out;
}

type Container = Json[] | { [key: string]: Json };

function parentOf(doc: Json, path: Path): Container | undefined {
  let node: Json = doc;
  for (const key of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, Json>)[key as string] as Json;
  }
  return node !== null && typeof node === 'object' ? node : undefined;
}

function valueAt(doc: Json, path: Path): Json | undefined {
  let node: Json | undefined = doc;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, Json>)[key as string];
  }
  return node;
}

/** Plausible replacements: what a real edit would do, usually valid. */
function plausible(current: Json | undefined, pick: number): Json {
  if (typeof current === 'number')
    return [0, 1, 2, 13, 28, 55, 86, 116, 2015, 2027][pick % 10] ?? 0;
  if (typeof current === 'string') {
    return ['Updated text', 'Zoë Ångström-Łukasiewicz', 'ACF – £ “quoted”', current.toUpperCase()][
      pick % 4
    ] as string;
  }
  if (Array.isArray(current)) return current.slice(0, pick % (current.length + 1));
  return current ?? null;
}

export type Mutation =
  | { op: 'set'; at: number; value: unknown }
  | { op: 'plausible'; at: number; pick: number }
  | { op: 'delete'; at: number }
  | { op: 'add'; at: number; key: string; value: unknown }
  | { op: 'repeat'; at: number; times: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    arbitrary: fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: oddValue }),
    weight: 5,
  },
  {
    arbitrary: fc.record({ op: fc.constant('plausible' as const), at: fc.nat(), pick: fc.nat() }),
    weight: 4,
  },
  { arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat() }), weight: 2 },
  {
    arbitrary: fc.record({
      op: fc.constant('add' as const),
      at: fc.nat(),
      key: fc.oneof(
        fc.constantFrom('traniees', '__proto__', 'constructor', 'id', '', 'PK', 'version'),
        oddText,
      ),
      value: oddValue,
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('repeat' as const),
      at: fc.nat(),
      times: fc.constantFrom(2, 50, 51, 200),
    }),
    weight: 1,
  },
);

/** Up to `most` mutations, none in a third of documents: those should be accepted. */
const mutations = (most: number) =>
  fc.oneof(
    { arbitrary: fc.constant([] as Mutation[]), weight: 1 },
    { arbitrary: fc.array(mutation, { minLength: 1, maxLength: most }), weight: 2 },
  );

/** The document with each mutation applied at the path its index picks. */
export function mutate(document: unknown, mutations: readonly Mutation[]): unknown {
  const doc = structuredClone(document) as Json;
  const paths = pathsOf(doc);
  let root: Json = doc;
  for (const m of mutations) {
    const path = paths[m.at % paths.length] ?? [];
    if (path.length === 0) {
      if (m.op === 'set') root = m.value as Json;
      continue;
    }
    const parent = parentOf(root, path);
    const key = path[path.length - 1] as string | number;
    if (!parent) continue;
    const target = parent as Record<string, Json>;
    switch (m.op) {
      case 'set':
        target[key] = m.value as Json;
        break;
      case 'plausible':
        target[key] = plausible(valueAt(root, path), m.pick);
        break;
      case 'delete':
        if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
        else delete target[key];
        break;
      case 'add': {
        const container = valueAt(root, path);
        if (container !== null && typeof container === 'object' && !Array.isArray(container)) {
          Object.defineProperty(container, m.key, {
            value: m.value,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        } else if (Array.isArray(container)) container.push(m.value as Json);
        break;
      }
      case 'repeat': {
        const container = valueAt(root, path);
        if (Array.isArray(container) && container.length > 0) {
          const first = container[0] as Json;
          while (container.length < m.times) container.push(structuredClone(first));
        }
        break;
      }
    }
  }
  return root;
}

/** A body as sent: its bytes, and a short description for failure reports. */
export interface Body {
  bytes: Uint8Array;
  describe: string;
}

const utf8 = (text: string, describe: string): Body => ({
  bytes: new Uint8Array(Buffer.from(text, 'utf8')),
  describe,
});

/** How a JSON document is written: plainly, or with a BOM, cut short, or a key duplicated. */
const serialised = (value: unknown, how: number, cut: number): Body => {
  const text = JSON.stringify(value) ?? 'undefined';
  const preview = text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text;
  switch (how % 20) {
    case 17:
      return utf8(`\ufeff${text}`, `BOM + ${preview}`);
    case 18:
      return utf8(text.slice(0, cut % Math.max(1, text.length)), `cut short: ${preview}`);
    case 19:
      return utf8(text.replace('{', '{"id":"other-id",'), `duplicate key: ${preview}`);
    default:
      return utf8(text, preview);
  }
};

export const jsonBody = (document: fc.Arbitrary<unknown>): fc.Arbitrary<Body> =>
  fc.tuple(document, fc.nat(), fc.nat()).map(([value, how, cut]) => serialised(value, how, cut));

const MiB = 1024 * 1024;

/** Bodies nowhere near any route's shape. */
export const farBody: fc.Arbitrary<Body> = fc.oneof(
  { arbitrary: jsonBody(oddValue), weight: 6 },
  { arbitrary: jsonBody(fc.jsonValue({ maxDepth: 4 })), weight: 3 },
  {
    arbitrary: fc
      .constantFrom(
        '',
        ' ',
        '\n',
        '{',
        '}',
        '{"a":1,}',
        "{'a': 1}",
        '{"a": NaN}',
        '{"a": Infinity}',
        '{"a": 1e999999}',
        '{"a": -}',
        '{"a": 01}',
        '{"a": "\\ud800"}',
        '{"a": "\\u0000"}',
        '{"a":1}{"b":2}',
        '// comment\n{}',
        '{"__proto__": {"admin": true}}',
        '{"constructor": {"prototype": {"x": 1}}}',
        'null',
        'true',
        '0',
        '"text"',
        '[]',
        'undefined',
        '<xml/>',
        'programmeId=x&templateId=y',
      )
      .map((text) => utf8(text, JSON.stringify(text))),
    weight: 4,
  },
  {
    arbitrary: fc
      .tuple(
        fc.constantFrom('[', '{"a":', '[{"a":[', '"'),
        fc.constantFrom(1_000, 100_000, 400_000),
      )
      .map(([open, n]) => utf8(open.repeat(n), `${JSON.stringify(open)} × ${n}`)),
    weight: 1,
  },
  {
    arbitrary: fc
      .tuple(
        fc.constantFrom(1_000, 10_000, 5_000_000),
        fc.constantFrom('array' as const, 'object' as const),
      )
      .map(([depth, kind]) => {
        const open = kind === 'array' ? '['.repeat(depth) : '{"a":'.repeat(depth);
        const close = kind === 'array' ? ']'.repeat(depth) : '}'.repeat(depth);
        return utf8(`${open}1${close}`, `${kind} nested ${depth} deep`);
      }),
    weight: 1,
  },
  {
    arbitrary: fc.constantFrom(
      { bytes: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), describe: 'invalid UTF-8' },
      {
        bytes: new Uint8Array([0x22, 0xed, 0xa0, 0x80, 0x22]),
        describe: 'UTF-8 encoded lone surrogate',
      },
      { bytes: new Uint8Array([0x22, 0xc0, 0xaf, 0x22]), describe: 'overlong UTF-8' },
      { bytes: new Uint8Array(Buffer.from('{"a":1}', 'utf16le')), describe: 'UTF-16LE JSON' },
      {
        bytes: new Uint8Array([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 0x7b, 0x7d]),
        describe: 'two BOMs',
      },
      { bytes: new Uint8Array(64), describe: '64 NUL bytes' },
    ),
    weight: 1,
  },
  {
    arbitrary: fc
      .uint8Array({ maxLength: 200 })
      .map((bytes) => ({ bytes, describe: 'random bytes' })),
    weight: 1,
  },
  {
    arbitrary: fc
      .constantFrom(MiB - 20, MiB, MiB + 1, 3 * MiB)
      .map((n) => utf8(`{"a":"${'x'.repeat(Math.max(0, n - 8))}"}`, `${n}-byte JSON`)),
    weight: 1,
  },
);

/** `{id}` of the body: the path's id, the seeded one, or another. */
const bodyId = (pathId: string, fixtureId: string) =>
  fc.oneof({ arbitrary: fc.constant(pathId), weight: 6 }, fc.constant(fixtureId), oddValue);

/** A document near valid as JSON (7 in 10), or a body far from valid (3 in 10). */
function nearOrFar(document: fc.Arbitrary<unknown>): fc.Arbitrary<Body> {
  return fc.oneof({ arbitrary: jsonBody(document), weight: 7 }, { arbitrary: farBody, weight: 3 });
}

export function programmeBody(fixture: FuzzFixture, pathId: string): fc.Arbitrary<Body> {
  const document = fc
    .tuple(bodyId(pathId, fixture.programmeId), fc.array(mutation, { maxLength: 3 }))
    .map(([id, mutations]) => mutate({ ...fixture.programme, id }, mutations));
  return nearOrFar(document);
}

const liquidSnippets = fc.constantFrom(
  '{{ figures.posts.total }}',
  '{{ programme.name | upcase }}',
  '{{ programme.nope }}',
  '{{ figures.progression[99].rate }}',
  '{{ x | wordz }}',
  '{{ 55 | percent: 0 }}',
  '{{ 55 | percent: "x" }}',
  '{{ 1e308 | number }}',
  '{{ -1 | words }}',
  '{{ 5 | plural }}',
  '{{ programme.highlights | list }}',
  '{{ programme.constructor }}',
  '{{ programme.__proto__ }}',
  '{{ programme | json }}',
  '{{',
  '}}',
  '{%',
  '{% if %}',
  '{% if programme.name %}',
  '{% endif %}',
  '{% raw %}',
  '{% include "x" %}',
  '{% render "../../etc/passwd" %}',
  '{% assign x = "y" %}{{ x }}',
  '{% capture x %}',
  '{% for i in (1..100000000) %}x{% endfor %}',
  '{% for i in (1..3000) %}{% for j in (1..3000) %}x{% endfor %}{% endfor %}',
  '{% for p in programme.posts %}{{ p.scheme }} {% endfor %}',
  '{% tablerow x in programme.posts %}{{ x }}{% endtablerow %}',
  '{% cycle "a", "b" %}',
  '```chart\ntype: bar\ntitle: T\nlabels: [a, b]\nvalues: [1, 2]\n```',
  '```chart\ntype: bar\ntitle: T\nlabels: [a]\nvalues: [1e308]\n```',
  '```chart\ntype: pie\n```',
  '```chart\n!!js/function x\n```',
  '```chart\na: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n```',
  '```chart\ntype: bar\nlabels: [{{ programme.name }}]\nvalues: [-5]\n```',
  `${'> '.repeat(5_000)}deep quote`,
  `${'* '.repeat(3_000)}deep list`,
  `${'*'.repeat(5_000)}deep emphasis${'*'.repeat(5_000)}`,
  `${'1. '.repeat(3_000)}deep numbered list`,
  `|${'a|'.repeat(500)}\n|${'-|'.repeat(500)}\n|${'1|'.repeat(500)}`,
  '# heading\n\n**bold *italic***',
  `${'word '.repeat(20_000)}`,
);

type TemplateEdit =
  | { kind: 'manifest'; mutations: Mutation[] }
  /** A snippet written into a line (`inline`) or as a paragraph of its own between two lines. */
  | { kind: 'insert'; section: number; at: number; snippet: string; inline: boolean }
  | { kind: 'replace'; section: number; source: string }
  | { kind: 'extra'; name: string; source: string }
  | { kind: 'drop'; section: number }
  | { kind: 'sections'; mutations: Mutation[] };

const templateEdit: fc.Arbitrary<TemplateEdit> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('manifest' as const),
      mutations: fc.array(mutation, { minLength: 1, maxLength: 2 }),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      section: fc.nat(),
      at: fc.nat(),
      snippet: liquidSnippets,
      inline: fc.boolean(),
    }),
    weight: 5,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('replace' as const),
      section: fc.nat(),
      source: oddText,
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('extra' as const),
      name: fc.oneof(
        fc.constantFrom('extra.md', '../x.md', '.md', '__proto__', 'posts.MD'),
        oddText,
      ),
      source: oddText,
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ kind: fc.constant('drop' as const), section: fc.nat() }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('sections' as const),
      mutations: fc.array(mutation, { minLength: 1, maxLength: 2 }),
    }),
    weight: 1,
  },
);

function editTemplate(
  template: FuzzFixture['template'],
  id: unknown,
  edits: readonly TemplateEdit[],
): unknown {
  let manifest: unknown = { ...template.manifest, id };
  let sections: unknown = { ...template.sections };
  for (const edit of edits) {
    const names = Object.keys(sections as object);
    const pick = (n: number) => names[n % Math.max(1, names.length)] ?? 'posts.md';
    const table = sections as Record<string, unknown>;
    const editsSections = edit.kind !== 'manifest' && edit.kind !== 'sections';
    // Earlier edits may have replaced the sections with something that holds none.
    if (editsSections && (typeof sections !== 'object' || sections === null)) continue;
    switch (edit.kind) {
      case 'manifest':
        manifest = mutate(manifest, edit.mutations);
        break;
      case 'sections':
        sections = mutate(sections, edit.mutations);
        break;
      case 'insert': {
        const name = pick(edit.section);
        const source = String(table[name] ?? '');
        if (edit.inline) {
          const at = edit.at % (source.length + 1);
          table[name] = `${source.slice(0, at)}${edit.snippet}${source.slice(at)}`;
        } else {
          // Markdown takes effect at the start of a line: block quotes, lists, fences.
          const lines = source.split('\n');
          const at = edit.at % (lines.length + 1);
          table[name] = [...lines.slice(0, at), '', edit.snippet, '', ...lines.slice(at)].join(
            '\n',
          );
        }
        break;
      }
      case 'replace':
        table[pick(edit.section)] = edit.source;
        break;
      case 'extra':
        Object.defineProperty(table, edit.name, {
          value: edit.source,
          enumerable: true,
          writable: true,
          configurable: true,
        });
        break;
      case 'drop':
        delete table[pick(edit.section)];
        break;
    }
  }
  return { manifest, sections };
}

export function templateBody(fixture: FuzzFixture, pathId: string): fc.Arbitrary<Body> {
  const document = fc
    .tuple(
      bodyId(pathId, fixture.templateId),
      fc.oneof(
        { arbitrary: fc.constant([] as TemplateEdit[]), weight: 1 },
        { arbitrary: fc.array(templateEdit, { minLength: 1, maxLength: 3 }), weight: 2 },
      ),
    )
    .map(([id, edits]) => editTemplate(fixture.template, id, edits));
  return nearOrFar(document);
}

export function bidRequestBody(fixture: FuzzFixture): fc.Arbitrary<Body> {
  const base = fc.record(
    {
      programmeId: fc.oneof(
        { arbitrary: fc.constant(fixture.programmeId), weight: 10 },
        fc.constant('no-such-programme'),
        oddValue,
      ),
      templateId: fc.oneof(
        { arbitrary: fc.constant(fixture.templateId), weight: 10 },
        fc.constant('no-such-template'),
        oddValue,
      ),
      templateVersion: fc.option(
        fc.oneof(
          { arbitrary: fc.constant(1), weight: 6 },
          fc.constantFrom(2, 0, 9999, 10_000, 1.5, -1),
          oddValue,
        ),
        { freq: 2, nil: undefined },
      ),
      snapshotId: fc.option(
        fc.oneof(
          { arbitrary: fc.constantFrom(...fixture.snapshotIds), weight: 6 },
          fc.constant('20200101T000000000Z-00000000'),
          oddValue,
        ),
        { freq: 2, nil: undefined },
      ),
    },
    { requiredKeys: ['programmeId', 'templateId'] },
  );
  const document = fc
    .tuple(base, mutations(2))
    .map(([doc, mutations]) => mutate(JSON.parse(JSON.stringify(doc)), mutations));
  return nearOrFar(document);
}

export function reviewBody(): fc.Arbitrary<Body> {
  const base = fc.record(
    {
      decision: fc.oneof(
        { arbitrary: fc.constantFrom('approve', 'request-changes'), weight: 6 },
        fc.constantFrom('APPROVE', 'approve ', 'reject', 'approved', ''),
        oddValue,
      ),
      comment: fc.oneof(
        {
          arbitrary: fc.constantFrom('Figures match the annual report.', 'Zoë: check £ totals'),
          weight: 4,
        },
        oddText,
        oddValue,
      ),
    },
    { requiredKeys: [] },
  );
  const document = fc.tuple(base, mutations(2)).map(([doc, mutations]) => mutate(doc, mutations));
  return nearOrFar(document);
}

/** Text a programme may hold (trimmed, 1–2,000 characters) that a renderer may trip on. */
const edgeText = fc.constantFrom(
  'x',
  'Zoë Ångström-Łukasiewicz – £',
  '\u202eevil\u202c',
  'lone \ud800 surrogate',
  '🚀👩‍👩‍👧𝕏',
  '{{ programme.name }}',
  '{% for i in (1..9) %}x{% endfor %}',
  'NaN',
  'undefined',
  'null',
  '[object Object]',
  '**bold** _it_ <b>html</b> &amp;',
  '# heading',
  '| a | b |\n|---|---|',
  '```chart\ntype: bar\n```',
  'line\nbreak',
  'Ł'.repeat(2_000),
  `${'word '.repeat(399)}word`,
  'a'.repeat(2_000),
  `${'supercalifragilistic'.repeat(100)}`,
);

const edgeCount = fc.constantFrom(0, 1, 999, 1_000, 1_000_000, 2 ** 31, 2 ** 53 - 1);

const edgeCohort = fc
  .constantFrom<[number, number]>(
    [0, 0],
    [1, 0],
    [1, 1],
    [3, 2],
    [200, 1],
    [2 ** 53 - 1, 2 ** 53 - 1],
    [2 ** 53 - 1, 1],
  )
  .map(([total, progressed]) => ({ total, progressed }));

type ProgrammeEdit =
  | { kind: 'text'; at: number; value: string }
  | { kind: 'count'; at: number; value: number }
  | { kind: 'cohort'; at: number; value: { total: number; progressed: number } }
  | { kind: 'years'; at: number; from: number; to: number }
  | { kind: 'fill'; list: 'posts' | 'progression' | 'highlights' | 'partnerships'; size: number }
  | { kind: 'empty'; list: 'posts' | 'progression' | 'highlights' | 'partnerships' };

const programmeEdit: fc.Arbitrary<ProgrammeEdit> = fc.oneof(
  fc.record({ kind: fc.constant('text' as const), at: fc.nat(), value: edgeText }),
  fc.record({ kind: fc.constant('count' as const), at: fc.nat(), value: edgeCount }),
  fc.record({ kind: fc.constant('cohort' as const), at: fc.nat(), value: edgeCohort }),
  fc.record({
    kind: fc.constant('years' as const),
    at: fc.nat(),
    from: fc.constantFrom(1900, 2026, 2100),
    to: fc.constantFrom(2026, 2100),
  }),
  fc.record({
    kind: fc.constant('fill' as const),
    list: fc.constantFrom(
      'posts' as const,
      'progression' as const,
      'highlights' as const,
      'partnerships' as const,
    ),
    size: fc.constantFrom(10, 50),
  }),
  fc.record({
    kind: fc.constant('empty' as const),
    list: fc.constantFrom(
      'posts' as const,
      'progression' as const,
      'highlights' as const,
      'partnerships' as const,
    ),
  }),
);

const COUNT_KEYS = new Set(['awarded', 'current', 'count']);
const TEXT_SKIP = new Set(['id', 'kind']);

/**
 * A programme the API should accept whose figures sit at the edges: the largest safe
 * counts, empty cohorts, lists at their 50-entry limit, text at 2,000 characters, in
 * scripts and shapes (Liquid, Markdown, bidirectional overrides, lone surrogates) that
 * a template and renderer must print as plain text.
 */
export function edgeProgramme(fixture: FuzzFixture): fc.Arbitrary<unknown> {
  return fc.array(programmeEdit, { minLength: 1, maxLength: 3 }).map((edits) => {
    const doc = structuredClone(fixture.programme) as unknown as Record<string, Json>;
    for (const edit of edits) {
      const paths = pathsOf(doc as Json);
      const leaves = (test: (key: string | number, value: Json | undefined) => boolean) =>
        paths.filter(
          (p) => p.length > 0 && test(p[p.length - 1] as string | number, valueAt(doc as Json, p)),
        );
      const setAt = (path: Path | undefined, value: Json) => {
        if (!path) return;
        const parent = parentOf(doc as Json, path) as Record<string, Json> | undefined;
        if (parent) parent[path[path.length - 1] as string] = value;
      };
      switch (edit.kind) {
        case 'text': {
          const texts = leaves((k, v) => typeof v === 'string' && !TEXT_SKIP.has(String(k)));
          setAt(texts[edit.at % texts.length], edit.value);
          break;
        }
        case 'count': {
          const counts = leaves((k, v) => typeof v === 'number' && COUNT_KEYS.has(String(k)));
          setAt(counts[edit.at % counts.length], edit.value);
          break;
        }
        case 'cohort': {
          const cohorts = doc.progression as Record<string, Json>[];
          const cohort = cohorts[edit.at % Math.max(1, cohorts.length)];
          if (cohort) {
            Object.assign(cohort, edit.value);
            delete cohort.breakdown;
          }
          break;
        }
        case 'years': {
          const posts = doc.posts as Record<string, Json>[];
          const post = posts[edit.at % Math.max(1, posts.length)];
          if (post) post.period = { from: Math.min(edit.from, edit.to), to: edit.to };
          break;
        }
        case 'fill': {
          const list = doc[edit.list] as Json[];
          const first = list[0];
          if (first !== undefined) {
            while (list.length < edit.size) list.push(structuredClone(first));
          }
          break;
        }
        case 'empty':
          doc[edit.list] = [];
          break;
      }
    }
    return doc;
  });
}

type ManifestEdit =
  | { field: 'title' | 'competition' | 'author'; value: string }
  | { field: 'heading'; section: number; value: string }
  | { field: 'wordLimit'; section: number; value: number }
  | { field: 'lang'; value: string };

/** Manifest values the schema accepts that a renderer may still trip on. */
const manifestEdit: fc.Arbitrary<ManifestEdit> = fc.oneof(
  fc.record({
    field: fc.constantFrom('title' as const, 'competition' as const, 'author' as const),
    value: fc.constantFrom(
      '{{ programme.lead.name }}',
      '{{ programme.name }} – {{ figures.posts.total | words }}',
      'Zoë Ångström-Łukasiewicz – £ 🚀 \u202eevil',
      'x',
      'T'.repeat(200),
      'lone \ud800 surrogate',
      '{{ programme.highlights | list }}',
    ),
  }),
  fc.record({
    field: fc.constant('heading' as const),
    section: fc.nat(),
    value: fc.constantFrom(
      '{{ programme.name }}',
      'H'.repeat(200),
      '🚀',
      'Posts: {{ figures.posts.total }}',
    ),
  }),
  fc.record({
    field: fc.constant('wordLimit' as const),
    section: fc.nat(),
    value: fc.constantFrom(1, 2, 100_000),
  }),
  fc.record({
    field: fc.constant('lang' as const),
    value: fc.constantFrom('cy', 'zh-Hant-TW', 'ar', 'xx-yyyyyyyy', 'de-DE'),
  }),
);

function editManifest(template: unknown, edits: readonly ManifestEdit[]): unknown {
  const doc = structuredClone(template) as {
    manifest: Record<string, unknown> & { sections: Record<string, unknown>[] };
  };
  for (const edit of edits) {
    const sections = doc.manifest.sections;
    if (edit.field === 'heading' || edit.field === 'wordLimit') {
      const section = sections[edit.section % Math.max(1, sections.length)];
      if (section) section[edit.field] = edit.value;
    } else doc.manifest[edit.field] = edit.value;
  }
  return doc;
}

/**
 * The fixture's template with Liquid or Markdown snippets written into its sections, or
 * with edge values in its manifest (title, author, headings, word limits, language).
 */
export function templateWithSnippets(fixture: FuzzFixture): fc.Arbitrary<unknown> {
  const insert = fc.record({
    kind: fc.constant('insert' as const),
    section: fc.nat(),
    at: fc.nat(),
    snippet: liquidSnippets,
    inline: fc.boolean(),
  });
  const snippets = fc
    .array(insert, { minLength: 1, maxLength: 2 })
    .map((edits) => editTemplate(fixture.template, fixture.templateId, edits));
  const manifest = fc
    .array(manifestEdit, { minLength: 1, maxLength: 3 })
    .map((edits) => editManifest(fixture.template, edits));
  return fc.oneof({ arbitrary: snippets, weight: 2 }, manifest);
}

/** A document as the body a client would send. */
export function plainJsonBody(document: unknown): Body {
  return serialised(document, 0, 0);
}

import { readFileSync } from 'node:fs';
import type { Programme } from '../../../functions/programmes/programme-schema.js';

const root = new URL('../../../', import.meta.url);

export const exampleProgramme: Programme = JSON.parse(
  readFileSync(new URL('local/example-programme.json', root), 'utf8'),
);

/** The example programme under another id, with one change applied. */
export function programmeWith(id: string, change: (doc: any) => void = () => undefined): Programme {
  const doc = structuredClone(exampleProgramme) as any;
  doc.id = id;
  change(doc);
  return doc;
}

/** A small valid template, as the body of PUT /templates/{id}. */
export function minimalTemplate(id: string, body = 'We hold {{ figures.posts.total }} posts.\n') {
  return {
    manifest: {
      id,
      title: '{{ programme.name }}: test bid',
      competition: 'Test competition',
      sections: [{ id: 'posts', heading: 'Posts', source: 'posts.md', wordLimit: 400 }],
    },
    sections: { 'posts.md': body },
  };
}

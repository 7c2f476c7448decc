import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DraftBid, draftBid } from '../../../functions/bids/draft-bid.js';
import { loadTemplateFolder } from '../../../functions/narrative/load-template-folder.js';
import { TemplateError } from '../../../functions/narrative/template-error.js';
import type { TemplateSource } from '../../../functions/narrative/template-schema.js';
import { parseProgramme } from '../../../functions/programmes/parse-programme.js';
import type { Programme } from '../../../functions/programmes/programme-schema.js';
import { snapshotOfDocument } from '../../../functions/snapshots/snapshot-of.js';
import { type PdfContents, readPdf } from '../render/pdf-text.js';

const FORBIDDEN = /\bNaN\b|undefined|\bnull\b|\[object Object\]/;
const DATE = '2026-11-24';

const example = parseProgramme(
  JSON.parse(
    readFileSync(new URL('../../../local/example-programme.json', import.meta.url), 'utf8'),
  ),
);
let template: TemplateSource;

beforeAll(async () => {
  template = await loadTemplateFolder(
    fileURLToPath(new URL('../../../templates/nihr-icat', import.meta.url)),
  );
});

function draft(programme: Programme, source: TemplateSource = template): Promise<DraftBid> {
  return draftBid({
    programme,
    snapshot: snapshotOfDocument(programme, `${DATE}T00:00:00.000Z`),
    template: source,
    date: DATE,
  });
}

/** The PDF's text with line breaks and extra spaces folded, so phrases can be searched whole. */
function flat(contents: PdfContents): string {
  return contents.text.replace(/\s+/g, ' ');
}

describe('Function: draftBid with the NIHR ICAT template', () => {
  let bid: DraftBid;
  let contents: PdfContents;

  beforeAll(async () => {
    bid = await draft(example);
    contents = await readPdf(bid.pdf.bytes);
  });

  it('writes the programme’s figures into the bid as a reader sees them', () => {
    // Assess
    const text = flat(contents);
    for (const phrase of [
      'awarded forty-one posts for 2026 to 2027',
      'supports 116 trainees',
      '55 of 86 Academic Clinical Fellows (64%)',
      'Fifty-five of 73 clinical lecturers (75%)',
      'seventeen of them as research-active consultants',
      'Academic Clinical Fellow (twenty-eight posts)',
      'Academic Clinical Lecturer (thirteen posts)',
      'Birmingham Health Partners links the university with NHS trusts',
      'Research Retreat, trainee experience survey and peer support',
      'Kristien Boelaert, ICAT Academic Lead, Professor of Endocrinology',
    ]) {
      expect(text).toContain(phrase);
    }
  });

  it('never prints NaN, undefined, null or [object Object]', () => {
    expect(contents.text).not.toMatch(FORBIDDEN);
  });

  it('has one outline entry per section and one for the data sources', () => {
    expect(contents.outline).toEqual([
      'Programme summary',
      'Posts requested and held',
      'Progression of trainees',
      'NHS and university partnerships',
      'Data sources',
    ]);
  });

  it('lists every number it used with the fields it came from', () => {
    // Assess
    const byName = new Map(bid.document.sources.map((s) => [s.name, s]));
    expect(byName.get('figures.posts.total')).toEqual({
      name: 'figures.posts.total',
      value: '41',
      sources: ['posts[0].awarded', 'posts[1].awarded'],
    });
    expect(byName.get('figures.progression[0].rate')?.sources).toEqual([
      'progression[0].progressed',
      'progression[0].total',
    ]);
    expect(byName.get('programme.progression[1].breakdown[0].count')?.value).toBe('17');
    expect(byName.get('programme.launchedYear')?.value).toBe('2015');
    expect(bid.document.sources.every((s) => s.sources.length > 0)).toBe(true);
    const appendix = flat(contents).slice(flat(contents).lastIndexOf('Data sources'));
    expect(appendix).toContain(bid.document.snapshot.sha256);
    expect(appendix).toContain(`The ${bid.document.sources.length} figures used`);
    // Long names wrap inside their cell, so only names that fit on one line are matched whole.
    for (const source of bid.document.sources.filter((s) => s.name.length < 32)) {
      expect(appendix).toContain(`${source.name} ${source.value} ${source.sources.join(', ')}`);
    }
  });

  it('stays within every word limit of the template', () => {
    expect(bid.warnings).toEqual([]);
  });

  it('renders the same figures to the same bytes', async () => {
    const again = await draft(example);
    expect(again.pdf.sha256).toBe(bid.pdf.sha256);
  });
});

describe('Function: draftBid with changed figures', () => {
  it('rounds 23 of 40 to 58% everywhere the rate appears', async () => {
    // Prepare
    const programme = structuredClone(example);
    const fellows = programme.progression[0];
    if (!fellows) throw new Error('example has no progression');
    fellows.total = 40;
    fellows.progressed = 23;

    // Act
    const contents = await readPdf((await draft(programme)).pdf.bytes);

    // Assess
    const text = flat(contents);
    expect(text).toContain('23 of 40 Academic Clinical Fellows (58%)');
    expect(text).toContain('a progression rate of 58%');
    expect(text).not.toContain('57%');
  });

  it('keeps Unicode names and symbols intact from programme to PDF', async () => {
    const programme = structuredClone(example);
    programme.lead = { name: 'Zoë Ångström-Łukasiewicz', role: 'Academic Lead – £2m fund' };

    const contents = await readPdf((await draft(programme)).pdf.bytes);

    expect(flat(contents)).toContain('Zoë Ångström-Łukasiewicz, Academic Lead – £2m fund');
  });

  it('warns of a section over its word limit and still renders the bid', async () => {
    const tight = structuredClone(template);
    const posts = tight.manifest.sections.find((s) => s.id === 'posts');
    if (!posts) throw new Error('template has no posts section');
    posts.wordLimit = 100;

    const bid = await draft(example, tight);

    expect(bid.warnings).toEqual([
      { code: 'word-limit', section: 'posts', words: expect.any(Number), limit: 100 },
    ]);
    expect(bid.warnings[0]?.words).toBeGreaterThan(100);
    expect(bid.pdf.pages).toBeGreaterThan(1);
  });

  it('refuses a programme that lacks a figure the template uses, naming it and where', async () => {
    const { lead: _lead, ...withoutLead } = example;

    const error = await draft(withoutLead).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TemplateError);
    const templateError = error as TemplateError;
    expect(templateError.section).toBe('summary');
    expect(templateError.kind).toBe('unknown-variable');
    expect(templateError.reference).toContain('programme.lead');
    expect(templateError.line).toBeGreaterThan(1);
  });

  it('names the institution as the PDF’s author unless the template gives an author line', async () => {
    const withAuthor = structuredClone(template);
    withAuthor.manifest.author = 'Research Office, {{ programme.institution }}';

    const [plain, authored] = await Promise.all([draft(example), draft(example, withAuthor)]);

    expect(plain.document.author).toBe('University of Birmingham');
    expect(authored.document.author).toBe('Research Office, University of Birmingham');
    expect((await readPdf(authored.pdf.bytes)).info.Author).toBe(
      'Research Office, University of Birmingham',
    );
  });

  it('lists what changed since the previous snapshot in the appendix, and nothing when there is none', async () => {
    const changed = await draftBid({
      programme: example,
      snapshot: snapshotOfDocument(example, `${DATE}T00:00:00.000Z`),
      template,
      date: DATE,
      changesSincePrevious: {
        snapshotId: '20261001T020000000Z-1a2b3c4d',
        takenAt: '2026-10-01T02:00:00.000Z',
        changes: [
          { path: 'trainees.current', before: '110', after: '116' },
          { path: 'highlights[2]', before: '', after: 'peer support' },
        ],
      },
    });

    const text = flat(await readPdf(changed.pdf.bytes));
    const plain = flat(await readPdf((await draft(example)).pdf.bytes));

    expect(text).toContain('Changes since the previous snapshot');
    expect(text).toContain('snapshot 20261001T020000000Z-1a2b3c4d');
    expect(text).toContain('2 figures differ');
    expect(text).toContain('trainees.current 110 116');
    expect(text).toContain('highlights[2] – peer support');
    expect(plain).not.toContain('Changes since the previous snapshot');
  });
});

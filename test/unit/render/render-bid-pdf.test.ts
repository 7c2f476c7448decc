import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type {
  BidDocument,
  Block,
  DocumentSection,
  ListItem,
} from '../../../functions/document-model.js';
import {
  RENDERER_VERSION,
  type RenderedPdf,
  renderBidPdf,
} from '../../../functions/render/render-bid-pdf.js';
import {
  exampleBidDocument,
  withLongTable,
  withParagraph,
} from '../../fixtures/example-bid-document.js';
import {
  nodesWithRole,
  type PdfContents,
  readPdf,
  roles,
  type TextLine,
  textOf,
} from './pdf-text.js';

const UNICODE_NAME = 'Zoë Ångström-Łukasiewicz – £';
const GREEK = 'Θεραπεία και έρευνα: Ωmega Ψ';
/** A numbered row of the long at-a-glance table. */
const ROW = /^(\d+)\. (Academic|All|Current|Fellows|Lecturers|Research|ICAT|Programme)/;
const FORBIDDEN = /\bNaN\b|undefined|\bnull\b|\[object Object\]/;
/** Lines below this (points from the top) are the running footer. */
const FOOTER_TOP = 841.89 - 78;

function headingsOf(document: BidDocument): string[] {
  const headings = document.sections.map((section) => section.heading);
  for (const section of document.sections) {
    for (const block of section.blocks) {
      if (block.kind === 'heading') headings.push(block.content.map((run) => run.text).join(''));
    }
  }
  return [...headings, 'Data sources'];
}

/** Body lines of a page: no footer, no watermark. */
function bodyLines(contents: PdfContents, page: number): TextLine[] {
  return (contents.pages[page]?.lines ?? []).filter(
    (line) => line.top < FOOTER_TOP && line.text !== 'DRAFT',
  );
}

/** How many body lines holding `marker` each page has, for the pages that have any. */
function markedLinesPerPage(contents: PdfContents, marker: string): number[] {
  return contents.pages
    .map(
      (_, index) => bodyLines(contents, index).filter((line) => line.text.includes(marker)).length,
    )
    .filter((count) => count > 0);
}

const FILLER = 'Filler text that only exists to take up room on the page before the heading.';

/** Paragraphs that end a line lower down the section's first page for each step. */
function fillerBefore(step: number): Block[] {
  return [
    ...Array.from({ length: 9 + (step % 2) }, () => paragraph(FILLER.repeat(3))),
    paragraph(FILLER.repeat(1 + Math.floor(step / 2))),
  ];
}

function listItemCount(document: BidDocument): number {
  const count = (items: readonly ListItem[]): number =>
    items.reduce((sum, entry) => sum + 1 + count(entry.items), 0);
  return document.sections
    .flatMap((entry) => entry.blocks)
    .reduce((sum, block) => sum + (block.kind === 'list' ? count(block.items) : 0), 0);
}

/** Index of the page whose body starts with `text`, or -1. */
function pageStartingWith(contents: PdfContents, text: string): number {
  return contents.pages.findIndex((_, index) => bodyLines(contents, index)[0]?.text === text);
}

function squeeze(text: string): string {
  return text.replace(/\s+/g, '');
}

function paragraph(text: string): Block {
  return { kind: 'paragraph', content: [{ text }] };
}

function section(id: string, heading: string, blocks: Block[]): DocumentSection {
  return { id, heading, blocks, words: 0 };
}

describe('renderBidPdf', () => {
  let draft: RenderedPdf;
  let draftText: PdfContents;
  let final: RenderedPdf;
  let finalText: PdfContents;

  beforeAll(async () => {
    draft = await renderBidPdf(exampleBidDocument);
    draftText = await readPdf(draft.bytes);
    final = await renderBidPdf({ ...exampleBidDocument, draft: false });
    finalText = await readPdf(final.bytes);
  });

  it('writes a PDF whose page count and sha256 match its bytes', () => {
    // Assess
    expect(draft.bytes.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
    expect(draft.pages).toBe(draftText.pages.length);
    expect(draft.sha256).toBe(createHash('sha256').update(draft.bytes).digest('hex'));
    expect(draft.bytes.length).toBeLessThan(150 * 1024);
  });

  it('puts the competition, title, programme, institution, date and snapshot on the title page', () => {
    // Assess
    const title = draftText.pages[0]?.text ?? '';
    expect(title).toContain(exampleBidDocument.competition);
    expect(title.replace(/\n/g, ' ')).toContain(exampleBidDocument.title);
    expect(title).toContain(exampleBidDocument.programmeName);
    expect(title).toContain(exampleBidDocument.institution);
    expect(title).toContain('24 November 2026');
    expect(title).toContain(exampleBidDocument.snapshot.id);
    expect(title).toContain('1 November 2026');
  });

  it('writes every heading and the key figures into the text', () => {
    // Assess
    for (const heading of headingsOf(exampleBidDocument)) expect(draftText.text).toContain(heading);
    for (const figure of [
      '28',
      '13',
      '116',
      '55 of 86 (64%)',
      '55 of 73 (75%)',
      '17',
      '64%',
      '75%',
    ]) {
      expect(draftText.text).toContain(figure);
    }
    expect(draftText.text).toContain('Birmingham Health Partners');
  });

  it('never prints NaN, undefined, null or [object Object]', () => {
    // Assess
    expect(draftText.text).not.toMatch(FORBIDDEN);
    expect(finalText.text).not.toMatch(FORBIDDEN);
  });

  it('prints dashes, not NaN or undefined, for missing and non-finite values', async () => {
    // Prepare
    const hostile = {
      ...exampleBidDocument,
      author: undefined,
      sections: [
        {
          id: 'odd',
          heading: 'Odd values',
          words: Number.NaN,
          blocks: [
            {
              kind: 'chart',
              chart: {
                type: 'bar',
                title: 'Broken values',
                labels: ['one', undefined, 'three'],
                values: [Number.NaN, Number.POSITIVE_INFINITY, 5],
                unit: undefined,
              },
              alt: '',
            },
            {
              kind: 'table',
              header: [[{ text: 'A' }], [{ text: null }]],
              rows: [[[{ text: undefined }], [{ text: { nested: true } }]], []],
              align: [],
            },
            { kind: 'paragraph', content: [{ text: 'fine' }, { text: 42 }, {}] },
            { kind: 'list', ordered: true, start: Number.NaN, items: [{ content: [], items: [] }] },
            { kind: 'unknown' },
          ],
        },
      ],
      sources: [{ name: 'n', value: undefined, sources: [null, 'a.b'] }],
    } as unknown as BidDocument;
    // Act
    const contents = await readPdf((await renderBidPdf(hostile)).bytes);
    // Assess
    expect(contents.text).not.toMatch(FORBIDDEN);
    expect(contents.text).toContain('Broken values');
    expect(contents.text).toContain('–');
    expect(contents.text).toContain('5');
  });

  it('draws a chart whose value is near the largest number (1e308) instead of failing', async () => {
    // Prepare: found by request fuzzing, a ```chart value of 1e308 made the bar scale
    // overflow to NaN and POST /bids answer 500.
    const document: BidDocument = {
      ...exampleBidDocument,
      sections: [
        section('huge', 'Huge values', [
          {
            kind: 'chart',
            chart: { type: 'bar', title: 'Huge', labels: ['a', 'b'], values: [1e308, 5e307] },
            alt: 'Huge',
          },
        ]),
      ],
    };

    // Act
    const contents = await readPdf((await renderBidPdf(document)).bytes);

    // Assess
    expect(contents.text).toContain('Huge');
    expect(contents.text).not.toMatch(FORBIDDEN);
  });

  it(`keeps "${UNICODE_NAME}" intact through text extraction`, async () => {
    // Prepare
    const document: BidDocument = {
      ...exampleBidDocument,
      author: UNICODE_NAME,
      sections: [
        section('names', 'Names', [
          {
            kind: 'paragraph',
            content: [
              { text: `Led by ${UNICODE_NAME}, with ` },
              { text: UNICODE_NAME, bold: true },
            ],
          },
          {
            kind: 'table',
            header: [[{ text: 'Lead' }]],
            rows: [[[{ text: UNICODE_NAME, italic: true }]]],
            align: ['left'],
          },
        ]),
      ],
    };
    // Act
    const contents = await readPdf((await renderBidPdf(document)).bytes);
    // Assess
    const page = contents.pages[1]?.text ?? '';
    expect(page.split(UNICODE_NAME).length - 1).toBe(3);
    expect(contents.pages[0]?.text).toContain(`Prepared by ${UNICODE_NAME}`);
    expect(contents.info.Author).toBe(UNICODE_NAME);
  });

  it('adds one outline entry per section and one for the data sources appendix', () => {
    // Assess
    expect(draftText.outline).toEqual([
      ...exampleBidDocument.sections.map((entry) => entry.heading),
      'Data sources',
    ]);
  });

  it('starts each section on a new page under its heading', () => {
    // Assess
    for (const heading of [
      ...exampleBidDocument.sections.map((entry) => entry.heading),
      'Data sources',
    ]) {
      expect(pageStartingWith(draftText, heading), heading).toBeGreaterThan(0);
    }
  });

  it('prints "page X of Y" and the programme name on every page but the title page', () => {
    // Assess
    const count = draftText.pages.length;
    expect(draftText.pages[0]?.text).not.toMatch(/page \d+ of/);
    draftText.pages.slice(1).forEach((page, index) => {
      const footer = page.lines.filter((line) => line.top >= FOOTER_TOP).map((line) => line.text);
      expect(footer.join(' ')).toContain(`page ${index + 2} of ${count}`);
      expect(footer.join(' ')).toContain(exampleBidDocument.programmeName);
    });
  });

  it('marks every page of a draft with DRAFT and no page of a final bid', () => {
    // Assess
    for (const page of draftText.pages) expect(page.text).toContain('DRAFT');
    for (const page of finalText.pages) expect(page.text).not.toContain('DRAFT');
  });

  it('repeats the table header on every page a table spans', async () => {
    // Prepare
    const long = withLongTable(exampleBidDocument, 90);
    // Act
    const contents = await readPdf((await renderBidPdf(long)).bytes);
    // Assess
    const pages = contents.pages
      .map((page, index) => ({ page, index }))
      .filter(({ page }) => page.lines.some((line) => ROW.test(line.text)));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const { index } of pages) {
      const header = bodyLines(contents, index).find((line) => line.text.startsWith('Measure'));
      expect(header?.text, `page ${index + 1}`).toBe('Measure Figure Basis');
    }
    const rows = contents.pages
      .flatMap((page) => page.lines.map((line) => ROW.exec(line.text)?.[1]))
      .filter(Boolean);
    expect(rows.map(Number)).toEqual(Array.from({ length: 90 }, (_, index) => index + 1));
  });

  it('lists the snapshot, its hash, the renderer version and every source in the appendix', () => {
    // Assess
    const appendixStart = pageStartingWith(draftText, 'Data sources');
    const appendix = draftText.pages
      .slice(appendixStart)
      .map((page) => page.text)
      .join('\n');
    expect(appendix).toContain(exampleBidDocument.snapshot.id);
    expect(appendix).toContain(exampleBidDocument.snapshot.sha256);
    expect(appendix).toContain(`Bidwright PDF renderer ${RENDERER_VERSION}`);
    expect(appendix).toContain('1 November 2026, 09:00 UTC');
    const rows = draftText.structTrees
      .slice(appendixStart)
      .flatMap((tree) => nodesWithRole(tree, 'TR'))
      .map((row) => row.children.map((cell) => squeeze(textOf(draftText, cell))))
      .filter((row) => row.some((cell) => cell !== ''));
    // Squeezed: a long name cut at a dot reads back with a line break in it.
    for (const source of exampleBidDocument.sources) {
      expect(rows).toContainEqual(
        [source.name, source.value, source.sources.join(', ')].map(squeeze),
      );
    }
  });

  it('sets title, author, subject, language, producer and the bid date as both PDF dates', () => {
    // Assess
    const { info } = draftText;
    expect(info.Title).toBe(exampleBidDocument.title);
    expect(info.Author).toBe(exampleBidDocument.author);
    expect(info.Subject).toBe(exampleBidDocument.competition);
    expect(info.Language).toBe('en-GB');
    expect(info.Producer).toContain(RENDERER_VERSION);
    expect(info.Creator).toContain(RENDERER_VERSION);
    expect(info.CreationDate).toBe('D:20261124000000Z');
    expect(info.ModDate).toBe('D:20261124000000Z');
    expect(info.PDFFormatVersion).toBe('1.7');
    expect(draftText.xmp('dc:title')).toBe(exampleBidDocument.title);
  });

  it('keeps XML-special characters in the title valid in the XMP metadata', async () => {
    // Prepare
    const document = { ...exampleBidDocument, title: 'Fellows & lecturers <2026>' };
    // Act
    const contents = await readPdf((await renderBidPdf(document)).bytes);
    // Assess
    expect(contents.info.Title).toBe('Fellows & lecturers <2026>');
    expect(contents.xmp('dc:title')).toBe('Fellows & lecturers <2026>');
  });

  it('refuses a bid date that is not a calendar date', async () => {
    // Act and assess
    await expect(renderBidPdf({ ...exampleBidDocument, date: '2026-02-30' })).rejects.toThrow(
      /YYYY-MM-DD/,
    );
  });

  it('renders the same document to the same bytes twice in one process', async () => {
    // Act
    const again = await renderBidPdf(exampleBidDocument);
    const other = await renderBidPdf(withLongTable(exampleBidDocument, 40));
    const third = await renderBidPdf(exampleBidDocument);
    // Assess
    expect(again.sha256).toBe(draft.sha256);
    expect(third.sha256).toBe(draft.sha256);
    expect(third.pages).toBe(draft.pages);
    expect(other.sha256).not.toBe(draft.sha256);
  });

  it('renders the same bytes in a fresh process, whatever this process rendered before', async () => {
    // Prepare: here a bid with Greek text comes after the example, so its fonts' glyph sets
    // differ from those this process embedded before; in the fresh process it comes first.
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const script = [
      "const GREEK = 'Θεραπεία και έρευνα: Ωmega Ψ';",
      "Promise.all([import('./functions/render/render-bid-pdf.ts'), import('./test/fixtures/example-bid-document.ts')])",
      '.then(async ([r, f]) => process.stdout.write([',
      '(await r.renderBidPdf(f.withParagraph(f.exampleBidDocument, 1, GREEK))).sha256,',
      '(await r.renderBidPdf(f.exampleBidDocument)).sha256].join(" ")))',
    ].join('');
    await renderBidPdf(exampleBidDocument);
    const greek = await renderBidPdf(withParagraph(exampleBidDocument, 1, GREEK));
    // Act
    const { stdout } = await promisify(execFile)('npx', ['tsx', '-e', script], { cwd: root });
    // Assess
    expect(stdout.trim()).toBe(`${greek.sha256} ${draft.sha256}`);
  });

  it('gives the PDF a file ID that depends only on the document', async () => {
    // Prepare
    const id = (bytes: Buffer) => /\/ID \[<([0-9a-f]+)>/.exec(bytes.toString('latin1'))?.[1];
    // Act
    const other = await renderBidPdf({ ...exampleBidDocument, date: '2026-11-25' });
    // Assess
    expect(id(draft.bytes)).toMatch(/^[0-9a-f]{32}$/);
    expect(id(final.bytes)).toBe(id(draft.bytes));
    expect(id(other.bytes)).not.toBe(id(draft.bytes));
  });

  it('embeds subset Noto Sans and no standard font', () => {
    // Assess
    const raw = draft.bytes.toString('latin1');
    expect(raw).toMatch(/\/FontName \/[A-Z]{6}\+NotoSans-Regular/);
    expect(raw).toMatch(/\/FontName \/[A-Z]{6}\+NotoSans-Bold/);
    expect(raw).not.toContain('Helvetica');
    expect(raw).not.toContain('/Subtype /Image');
  });

  it('deflates every stream but those of a few bytes, which it stores as they are', () => {
    // Arrange
    const raw = draft.bytes.toString('latin1');
    const streams = new Map(
      [...raw.matchAll(/\n(\d+) 0 obj\n(<<(?:(?!endobj)[\s\S])*?>>)\nstream\n/g)].map(
        ([, id, dictionary = '']) => [
          id,
          { dictionary, length: Number(/\/Length (\d+)/.exec(dictionary)?.[1]) },
        ],
      ),
    );
    const cidSets = [...raw.matchAll(/\/CIDSet (\d+) 0 R/g)].map(([, id]) => streams.get(id ?? ''));

    // Assess
    expect(streams.size).toBeGreaterThan(10);
    expect(cidSets.length).toBeGreaterThan(1);
    for (const cidSet of cidSets) expect(cidSet?.length).toBeLessThan(32);
    for (const { dictionary, length } of streams.values()) {
      // XMP metadata stays readable as text, as PDF/A and PDF/UA readers expect.
      if (dictionary.includes('/Type /Metadata')) expect(dictionary).not.toContain('/Filter');
      else if (length < 32) expect(dictionary).not.toContain('/Filter');
      else expect(dictionary).toContain('/Filter /FlateDecode');
    }
  });

  it('tags headings, paragraphs, lists, tables and the chart, with real list labels', () => {
    // Assess
    const all = draftText.structTrees.flatMap(roles);
    for (const role of [
      'H1',
      'H2',
      'H3',
      'P',
      'L',
      'LI',
      'Lbl',
      'LBody',
      'Table',
      'TR',
      'TH',
      'TD',
      'Figure',
    ]) {
      expect(all, role).toContain(role);
    }
    // A label sits on its item's first page; pages the item runs on to show it empty.
    const labels = draftText.structTrees
      .flatMap((tree) => nodesWithRole(tree, 'Lbl'))
      .map((label) => textOf(draftText, label))
      .filter((label) => label !== '');
    const appendixFacts = 4;
    expect(labels).toHaveLength(listItemCount(exampleBidDocument) + appendixFacts);
    for (const label of labels) expect(label).toMatch(/^(•|–|\d+\.)$/);
    const [figure] = draftText.structTrees.flatMap((tree) => nodesWithRole(tree, 'Figure'));
    expect(figure?.alt).toContain('64%');
  });

  it('keeps a paragraph split over pages tagged as one P on both pages', async () => {
    // Prepare
    const words = Array.from({ length: 900 }, (_, index) => `w${index}`).join(' ');
    const document: BidDocument = {
      ...exampleBidDocument,
      sections: [section('long', 'Long', [paragraph(words)])],
    };
    // Act
    const contents = await readPdf((await renderBidPdf(document)).bytes);
    // Assess
    expect(contents.pages[1]?.text).toContain('w0');
    expect(contents.pages[2]?.text).toContain('w899');
    expect(nodesWithRole(contents.structTrees[1] ?? null, 'P')).toHaveLength(1);
    expect(nodesWithRole(contents.structTrees[2] ?? null, 'P')).toHaveLength(1);
  });

  it('never leaves a heading as the last line of a page', async () => {
    // Prepare: filler of growing length walks a heading down through the page foot.
    const documents = Array.from({ length: 16 }, (_, step) => ({
      ...exampleBidDocument,
      draft: false,
      sections: [
        section('stress', 'Stress', [
          ...fillerBefore(step),
          { kind: 'heading', level: 2, content: [{ text: 'Heading under test' }] },
          paragraph(FILLER.repeat(4)),
          { kind: 'heading', level: 3, content: [{ text: 'Second heading under test' }] },
          paragraph(FILLER.repeat(2)),
        ]),
      ],
    })) satisfies BidDocument[];
    for (const document of [
      exampleBidDocument,
      withLongTable(exampleBidDocument, 25),
      ...documents,
    ]) {
      // Act
      const contents = await readPdf((await renderBidPdf(document)).bytes);
      // Assess
      const headings = new Set(headingsOf(document));
      contents.pages.forEach((_, index) => {
        const last = bodyLines(contents, index).at(-1);
        expect(headings.has(last?.text ?? ''), `page ${index + 1}: "${last?.text}"`).toBe(false);
      });
    }
  });

  it('moves a short list item whole to the next page rather than splitting it', async () => {
    // Prepare: three-line items (each line marked with its item), started lower and lower.
    const item = (n: number) => ({
      content: [{ text: Array.from({ length: 22 }, (_, index) => `item${n}w${index}`).join(' ') }],
      items: [],
    });
    for (let step = 0; step < 16; step += 1) {
      const document: BidDocument = {
        ...exampleBidDocument,
        draft: false,
        sections: [
          section('items', 'Items', [
            ...fillerBefore(step),
            {
              kind: 'list',
              ordered: false,
              start: 1,
              items: Array.from({ length: 6 }, (_, n) => item(n)),
            },
          ]),
        ],
      };
      // Act
      const contents = await readPdf((await renderBidPdf(document)).bytes);
      // Assess
      for (let n = 0; n < 6; n += 1) {
        const pages = markedLinesPerPage(contents, `item${n}w`);
        expect(pages, `step ${step}, item ${n}`).toEqual([3]);
      }
    }
  });

  it('moves a table row that fits on a page whole to the next page, the first row too', async () => {
    // Prepare: four-line rows (each line marked with its row), started lower and lower.
    const cell = (n: number) => Array.from({ length: 36 }, (_, index) => `row${n}w${index}`);
    for (let step = 0; step < 16; step += 1) {
      const document: BidDocument = {
        ...exampleBidDocument,
        draft: false,
        sections: [
          section('rows', 'Rows', [
            ...fillerBefore(step),
            {
              kind: 'table',
              header: [[{ text: 'Row' }], [{ text: 'Text' }]],
              rows: Array.from({ length: 4 }, (_, n) => [
                [{ text: `r${n}` }],
                [{ text: cell(n).join(' ') }],
              ]),
              align: ['left', 'left'],
            },
          ]),
        ],
      };
      // Act
      const contents = await readPdf((await renderBidPdf(document)).bytes);
      // Assess
      for (let n = 0; n < 4; n += 1) {
        const pages = markedLinesPerPage(contents, `row${n}w`);
        expect(pages, `step ${step}, row ${n}`).toEqual([4]);
      }
    }
  });

  it('keeps at least two lines of a paragraph at the foot and the head of a page', async () => {
    // Prepare: a paragraph of marked lines, started lower and lower down the page.
    const marked = Array.from({ length: 60 }, (_, index) => `mark${index}`).join(' ');
    for (let step = 0; step < 16; step += 1) {
      const document: BidDocument = {
        ...exampleBidDocument,
        draft: false,
        sections: [section('orphans', 'Orphans', [...fillerBefore(step), paragraph(marked)])],
      };
      // Act
      const contents = await readPdf((await renderBidPdf(document)).bytes);
      // Assess
      const counts = markedLinesPerPage(contents, 'mark');
      for (const count of counts)
        expect(count, `step ${step}: ${counts.join('+')}`).toBeGreaterThanOrEqual(2);
    }
  });
});

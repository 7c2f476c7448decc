import type { BidDocument, Block, DocumentSection, Inline } from '../document-model.js';
import { text, writtenTimestamp } from './format.js';

export const APPENDIX_HEADING = 'Data sources';

/** Values that read as numbers line up on the right; words read better from the left. */
const NUMERIC = /^[-+–]?[£$€]?[\d.,]+%?$/;

/**
 * The closing appendix as an ordinary section, so it paginates like one (its table
 * splits and repeats its header): where the numbers came from — the snapshot's id, time
 * and content hash, the renderer's version, and every figure the bid used with the
 * programme fields behind it. It is the last outline entry.
 */
export function appendixSection(bid: BidDocument, rendererVersion: string): DocumentSection {
  const snapshot = bid.snapshot ?? { id: '', takenAt: '', sha256: '' };
  const fact = (label: string, value: string) => ({
    content: [{ text: `${label}: `, bold: true }, { text: value || '–' }],
    items: [],
  });
  const sources = Array.isArray(bid.sources) ? bid.sources : [];
  const blocks: Block[] = [
    paragraph(
      'Every figure in this bid was read from one frozen snapshot of the programme’s data; ' +
        'the same snapshot, template and renderer give the same document, byte for byte.',
    ),
    {
      kind: 'list',
      ordered: false,
      start: 1,
      items: [
        fact('Snapshot', text(snapshot.id)),
        fact('Taken at', writtenTimestamp(snapshot.takenAt)),
        fact('Content hash (SHA-256)', text(snapshot.sha256)),
        fact('Rendered by', `Bidwright PDF renderer ${rendererVersion}`),
      ],
    },
  ];
  if (sources.length === 0) {
    blocks.push(paragraph('No figures were read from the snapshot.'));
  } else {
    const introduction =
      sources.length === 1
        ? 'The 1 figure used, and the fields it came from:'
        : `The ${sources.length} figures used, and the fields they came from:`;
    blocks.push(paragraph(introduction), {
      kind: 'table',
      header: [[{ text: 'Figure' }], [{ text: 'Value' }], [{ text: 'Source fields' }]],
      rows: sources.map((source) => [
        cell(text(source?.name)),
        cell(text(source?.value)),
        cell((Array.isArray(source?.sources) ? source.sources : []).map(text).join(', ')),
      ]),
      align: [
        'left',
        sources.every((source) => NUMERIC.test(text(source?.value))) ? 'right' : 'left',
        'left',
      ],
    });
  }
  blocks.push(...changeBlocks(bid));
  return { id: 'data-sources', heading: APPENDIX_HEADING, blocks, words: 0 };
}

/** What moved since the snapshot before this one, so a reviewer sees what a redraft changed. */
function changeBlocks(bid: BidDocument): Block[] {
  const since = bid.changesSincePrevious;
  if (!since) return [];
  const heading: Block = {
    kind: 'heading',
    level: 2,
    content: [{ text: 'Changes since the previous snapshot' }],
  };
  const previous = `snapshot ${text(since.snapshotId)}, taken ${writtenTimestamp(since.takenAt)}`;
  const changes = Array.isArray(since.changes) ? since.changes : [];
  if (changes.length === 0) {
    return [heading, paragraph(`No figure differs from the previous ${previous}.`)];
  }
  return [
    heading,
    paragraph(
      `Compared with the previous ${previous}, ${changes.length} ${changes.length === 1 ? 'figure differs' : 'figures differ'}:`,
    ),
    {
      kind: 'table',
      header: [[{ text: 'Field' }], [{ text: 'Before' }], [{ text: 'Now' }]],
      rows: changes.map((change) => [
        cell(text(change?.path)),
        cell(text(change?.before)),
        cell(text(change?.after)),
      ]),
      align: ['left', 'left', 'left'],
    },
  ];
}

function paragraph(value: string): Block {
  return { kind: 'paragraph', content: [{ text: value }] };
}

function cell(value: string): Inline[] {
  return [{ text: value || '–' }];
}

import { text, writtenDate, writtenTimestamp } from './format.js';
import { fillRect, line } from './pdf-ops.js';
import type { StructElement } from './pdfkit-document.js';
import {
  BlockTooTallError,
  type RenderContext,
  structUnder,
  writeArtifact,
  writeTagged,
} from './render-context.js';
import { textObject } from './text-draw.js';
import { breakLines, type Line, plainRun } from './text-layout.js';
import { COLOR, PAGE, type TextStyle } from './theme.js';

const COMPETITION: TextStyle = { size: 12, leading: 17, color: COLOR.accent };
const TITLE: TextStyle = { size: 24, leading: 31, color: COLOR.accent };
const PROGRAMME: TextStyle = { size: 14, leading: 19, color: COLOR.text };
const INSTITUTION: TextStyle = { size: 12, leading: 17, color: COLOR.muted };
const DETAIL: TextStyle = { size: 10, leading: 15, color: COLOR.muted };
/** Where the first line starts, and the least top of the rule over the details. */
const TOP = 170;
const DETAILS_TOP = 600;
/** Space after each part of the page. */
const GAP = { competition: 14, title: 22, programme: 2, institution: 40, rule: 12 } as const;

/**
 * Page 1: what the bid is for and who makes it, then when it is dated and which frozen
 * snapshot of the figures it was drawn from, so a reader can tell two versions apart.
 * It carries no running footer and no outline entry, and it is one page: text too long to
 * fit on it is refused (BlockTooTallError), never run off its foot.
 */
export function drawTitlePage(ctx: RenderContext, parent: StructElement, date: Date): void {
  const { bid } = ctx;
  const { left, right, width } = ctx.frame;
  const wrap = (value: string, style: TextStyle, bold = false) =>
    breakLines(plainRun(value, bold ? 'bold' : 'regular'), style.size, width);
  const competition = wrap(text(bid.competition), COMPETITION);
  const title = wrap(text(bid.title), TITLE, true);
  const programme = wrap(text(bid.programmeName), PROGRAMME);
  const institution = wrap(text(bid.institution), INSTITUTION);
  const author = text(bid.author).trim();
  const snapshot = bid.snapshot ?? { id: '', takenAt: '' };
  const detail = (name: string, value: string): Piece => [name, wrap(value, DETAIL), DETAIL];
  const details = [
    detail('the date', `Dated ${writtenDate(date)}`),
    ...(author ? [detail('the author line', `Prepared by ${author}`)] : []),
    detail('the snapshot id', `Figures from snapshot ${text(snapshot.id) || '–'}`),
    detail('the snapshot time', `Snapshot taken ${writtenTimestamp(snapshot.takenAt)}`),
  ];
  checkFits(ctx, [
    ['the competition', competition, COMPETITION],
    ['the title', title, TITLE],
    ['the programme name', programme, PROGRAMME],
    ['the institution', institution, INSTITUTION],
    ...details,
  ]);
  writeArtifact(ctx, 'Layout', fillRect(0, 0, PAGE.width, 14, COLOR.accent));
  ctx.y = TOP;
  const paragraph = (lines: readonly Line[], style: TextStyle, tag = 'P') => {
    if (lines.length === 0) return;
    const element = structUnder(ctx, parent, tag);
    writeTagged(
      ctx,
      element,
      tag,
      textObject(ctx.fonts, lines, { x: left, top: ctx.y, width, style }),
    );
    element.end();
    ctx.y += lines.length * style.leading;
  };
  paragraph(competition, COMPETITION);
  ctx.y += GAP.competition;
  paragraph(title, TITLE, 'H1');
  ctx.y += GAP.title;
  paragraph(programme, PROGRAMME);
  ctx.y += GAP.programme;
  paragraph(institution, INSTITUTION);
  ctx.y = Math.max(ctx.y + GAP.institution, DETAILS_TOP);
  writeArtifact(ctx, 'Layout', line(left, ctx.y, right, ctx.y, 0.8, COLOR.rule));
  ctx.y += GAP.rule;
  for (const [, lines] of details) paragraph(lines, DETAIL);
}

/** A text of the title page: what to call it in an error, its lines and its style. */
type Piece = readonly [name: string, lines: readonly Line[], style: TextStyle];

/**
 * Refuses a title page whose text runs below the frame, naming its tallest text; the pieces
 * come in page order, the details last.
 */
function checkFits(ctx: RenderContext, pieces: readonly Piece[]): void {
  const height = (piece: Piece) => piece[1].length * piece[2].leading;
  const [competition, title, programme, institution, ...details] = pieces.map(height);
  const detailsTop = Math.max(
    TOP +
      (competition ?? 0) +
      GAP.competition +
      (title ?? 0) +
      GAP.title +
      (programme ?? 0) +
      GAP.programme +
      (institution ?? 0) +
      GAP.institution,
    DETAILS_TOP,
  );
  const bottom = detailsTop + GAP.rule + details.reduce((sum, value) => sum + value, 0);
  if (bottom <= ctx.frame.bottom + 0.01) return;
  const tallest = [...pieces].sort((a, b) => height(b) - height(a))[0];
  throw new BlockTooTallError(
    `the title page is taller than a page, ${tallest?.[0] ?? 'its text'} alone taking ${tallest?.[1].length ?? 0} lines; shorten the title, competition, programme name, institution or author line`,
    undefined,
    'title',
  );
}

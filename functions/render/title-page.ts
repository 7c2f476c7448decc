import { text, writtenDate, writtenTimestamp } from './format.js';
import { fillRect, line } from './pdf-ops.js';
import type { StructElement } from './pdfkit-document.js';
import { type RenderContext, structUnder, writeArtifact, writeTagged } from './render-context.js';
import { textObject } from './text-draw.js';
import { breakLines, plainRun } from './text-layout.js';
import { COLOR, PAGE, type TextStyle } from './theme.js';

const COMPETITION: TextStyle = { size: 12, leading: 17, color: COLOR.accent };
const TITLE: TextStyle = { size: 24, leading: 31, color: COLOR.accent };
const PROGRAMME: TextStyle = { size: 14, leading: 19, color: COLOR.text };
const INSTITUTION: TextStyle = { size: 12, leading: 17, color: COLOR.muted };
const DETAIL: TextStyle = { size: 10, leading: 15, color: COLOR.muted };
const DETAILS_TOP = 600;

/**
 * Page 1: what the bid is for and who makes it, then when it is dated and which frozen
 * snapshot of the figures it was drawn from, so a reader can tell two versions apart.
 * It carries no running footer and no outline entry.
 */
export function drawTitlePage(ctx: RenderContext, parent: StructElement, date: Date): void {
  const { bid } = ctx;
  const { left, right, width } = ctx.frame;
  writeArtifact(ctx, 'Layout', fillRect(0, 0, PAGE.width, 14, COLOR.accent));
  ctx.y = 170;
  const paragraph = (value: string, style: TextStyle, tag = 'P', bold = false) => {
    const lines = breakLines(plainRun(value, bold ? 'bold' : 'regular'), style.size, width);
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
  paragraph(text(bid.competition), COMPETITION);
  ctx.y += 14;
  paragraph(text(bid.title), TITLE, 'H1', true);
  ctx.y += 22;
  paragraph(text(bid.programmeName), PROGRAMME);
  ctx.y += 2;
  paragraph(text(bid.institution), INSTITUTION);
  ctx.y = Math.max(ctx.y + 40, DETAILS_TOP);
  writeArtifact(ctx, 'Layout', line(left, ctx.y, right, ctx.y, 0.8, COLOR.rule));
  ctx.y += 12;
  paragraph(`Dated ${writtenDate(date)}`, DETAIL);
  const author = text(bid.author).trim();
  if (author) paragraph(`Prepared by ${author}`, DETAIL);
  const snapshot = bid.snapshot ?? { id: '', takenAt: '' };
  paragraph(`Figures from snapshot ${text(snapshot.id) || '–'}`, DETAIL);
  paragraph(`Snapshot taken ${writtenTimestamp(snapshot.takenAt)}`, DETAIL);
}

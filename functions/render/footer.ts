import { line } from './pdf-ops.js';
import { type RenderContext, writeArtifact } from './render-context.js';
import { textObject } from './text-draw.js';
import { breakLines, type Line, plainRun } from './text-layout.js';
import { COLOR, PAGE, SPACE, TYPE } from './theme.js';

/**
 * The running footer of page `index` (0-based) of `count`: programme name on the left,
 * "page X of Y" on the right, over a hairline. Written after all pages exist (pdfkit
 * buffers them), so Y is known; a pagination artifact, outside the tag tree.
 */
export function drawFooter(ctx: RenderContext, index: number, count: number): void {
  const { left, right, width } = ctx.frame;
  const style = TYPE.footer;
  const baselineTop = PAGE.height - SPACE.footerBaseline - style.leading + 2;
  const pageLine = breakLines(
    plainRun(`page ${index + 1} of ${count}`, 'regular'),
    style.size,
    width,
  );
  const pageWidth = pageLine[0]?.width ?? 0;
  const nameWidth = width - pageWidth - 24;
  const name = truncate(ctx.bid.programmeName, nameWidth);
  const ruleY = baselineTop - 6;
  writeArtifact(
    ctx,
    'Pagination',
    [
      line(left, ruleY, right, ruleY, 0.5, COLOR.rule),
      textObject(ctx.fonts, name, { x: left, top: baselineTop, width: nameWidth, style }),
      textObject(ctx.fonts, pageLine, {
        x: left,
        top: baselineTop,
        width,
        style,
        align: 'right',
      }),
    ].join('\n'),
  );
}

/** The first line of `value`, ending in "…" when the rest had to go. */
function truncate(value: unknown, width: number): Line[] {
  const style = TYPE.footer;
  const text = typeof value === 'string' ? value : '';
  const lines = breakLines(plainRun(text, 'regular'), style.size, width);
  if (lines.length <= 1) return lines;
  const words = text.trim().split(/\s+/);
  while (words.length > 1) {
    words.pop();
    const shortened = breakLines(plainRun(`${words.join(' ')}…`, 'regular'), style.size, width);
    if (shortened.length === 1) return shortened;
  }
  return lines.slice(0, 1);
}

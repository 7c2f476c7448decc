import { face } from './fonts.js';
import { fillColor, num } from './pdf-ops.js';
import { type RenderContext, writeContent } from './render-context.js';
import { shape } from './shaping.js';
import { COLOR, PAGE } from './theme.js';

const WORD = 'DRAFT';
const SIZE = 120;
const OPACITY = 0.12;
const ANGLE = Math.PI / 4;

/**
 * "DRAFT" across the page at 45°, drawn last and on top of everything at low opacity,
 * so that chart bars and table fills cannot hide it while the text under it stays
 * readable. An artifact: it is not part of the bid's content.
 */
export function drawWatermark(ctx: RenderContext): void {
  const shaped = shape('bold', WORD);
  const width = (shaped.width * SIZE) / 1000;
  const capHeight = (face('bold').capHeight * SIZE) / 1000;
  const cos = Math.cos(ANGLE);
  const sin = Math.sin(ANGLE);
  // Text runs up and to the right; in top-down page space that is (cos, -sin), and the
  // glyphs' up direction is (-sin, -cos). Start so the word's centre is the page's.
  const x = PAGE.width / 2 - (cos * width) / 2 + (sin * capHeight) / 2;
  const y = PAGE.height / 2 + (sin * width) / 2 + (cos * capHeight) / 2;
  ctx.doc.markContent('Artifact', { type: 'Layout' });
  writeContent(ctx, 'q');
  ctx.doc.fillOpacity(OPACITY);
  writeContent(
    ctx,
    [
      fillColor(COLOR.watermark),
      'BT',
      ctx.fonts.select('bold', SIZE),
      `${num(cos, 4)} ${num(-sin, 4)} ${num(-sin, 4)} ${num(-cos, 4)} ${num(x)} ${num(y)} Tm`,
      `[${ctx.fonts.encode('bold', shaped)}] TJ`,
      'ET',
      'Q',
    ].join('\n'),
  );
  ctx.doc.endMarkedContent();
}

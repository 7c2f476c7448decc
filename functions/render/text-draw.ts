import type { DocumentFonts } from './document-fonts.js';
import { face } from './fonts.js';
import { fillColor, num } from './pdf-ops.js';
import type { Line } from './text-layout.js';
import type { Rgb, TextStyle } from './theme.js';

export type Align = 'left' | 'center' | 'right';

/**
 * Lines as one BT…ET text object: a font switch only where the face changes, one TJ per
 * run of a face, and the text matrix `1 0 0 -1 x y` that sets glyphs upright inside
 * pdfkit's flipped (top-down) page coordinates. Turned lines (`0 -1 -1 0 x y`) read upwards,
 * as a chart's narrow value labels do: then `x` and `top` are the left and top of the box
 * they fill, `width` its height, and the lines follow one another rightwards.
 */
export function textObject(
  fonts: DocumentFonts,
  lines: readonly Line[],
  options: {
    readonly x: number;
    /** Top of the first line box. */
    readonly top: number;
    readonly width: number;
    readonly style: TextStyle;
    readonly align?: Align;
    readonly color?: Rgb;
    readonly turned?: boolean;
  },
): string {
  const { style } = options;
  let content = `${fillColor(options.color ?? style.color)}\nBT`;
  let current = '';
  const baseline = baselineOffset(style);
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] as Line;
    const slack = options.width - line.width;
    const shift = options.align === 'right' ? slack : options.align === 'center' ? slack / 2 : 0;
    if (options.turned) {
      const x = options.x + index * style.leading + baseline;
      content += `\n0 -1 -1 0 ${num(x)} ${num(options.top + options.width - shift)} Tm`;
    } else {
      const y = options.top + index * style.leading + baseline;
      content += `\n1 0 0 -1 ${num(options.x + shift)} ${num(y)} Tm`;
    }
    let open = false;
    for (const item of line.pieces) {
      if (item.face !== current) {
        if (open) content += '] TJ';
        content += `\n${fonts.select(item.face, style.size)}\n[`;
        current = item.face;
        open = true;
      } else if (!open) {
        content += '\n[';
        open = true;
      }
      content += fonts.encode(item.face, item.shaped);
    }
    if (open) content += '] TJ';
  }
  return `${content}\nET`;
}

/** Distance from a line box's top to its baseline: the glyph box centred in the leading. */
export function baselineOffset(style: TextStyle): number {
  const { ascent, descent } = face('regular');
  const glyphHeight = ((ascent - descent) * style.size) / 1000;
  return (style.leading - glyphHeight) / 2 + (ascent * style.size) / 1000;
}

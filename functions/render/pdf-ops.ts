import type { Rgb } from './theme.js';

/**
 * Content-stream operators written as strings. pdfkit's own helpers normalise colours to
 * long decimals and add an operator per call; writing the few we need directly keeps the
 * streams short and lets a chart or a table row go out in one `addContent`.
 * Coordinates are pdfkit's: origin at the page's top left, y growing downwards.
 */

/**
 * A number as PDF syntax, rounded to `digits` decimals (1/100 pt by default); refuses NaN
 * and infinities, which would corrupt the file.
 */
export function num(value: number, digits = 2): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number for the PDF: ${value}`);
  const factor = 10 ** digits;
  const rounded = Math.round(value * factor) / factor;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

export function fillColor(color: Rgb): string {
  return `${num(color[0])} ${num(color[1])} ${num(color[2])} rg`;
}

export function strokeColor(color: Rgb): string {
  return `${num(color[0])} ${num(color[1])} ${num(color[2])} RG`;
}

export function rect(x: number, y: number, width: number, height: number): string {
  return `${num(x)} ${num(y)} ${num(width)} ${num(height)} re`;
}

export function fillRect(x: number, y: number, width: number, height: number, color: Rgb): string {
  return `${fillColor(color)}\n${rect(x, y, width, height)} f`;
}

/** A horizontal or vertical rule of `width` points. */
export function line(
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  width: number,
  color: Rgb,
): string {
  return `${strokeColor(color)}\n${num(width)} w\n${num(x1)} ${num(y1)} m\n${num(x2)} ${num(y2)} l S`;
}

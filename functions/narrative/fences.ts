/** A fenced block's opening run: its character (`` ` `` or `~`) and how many of it. */
export interface Fence {
  marker: string;
  length: number;
}

const FENCE_LINE = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/**
 * The fence a line opens and the rest of the line (the info string, e.g. `chart`), or
 * undefined: up to three spaces, then three or more backticks with no backtick after them,
 * or three or more tildes.
 */
export function openingFence(line: string): { fence: Fence; info: string } | undefined {
  const match = FENCE_LINE.exec(line);
  const run = match?.[1];
  if (!run) return undefined;
  const info = match[2] ?? '';
  const marker = run.charAt(0);
  if (marker === '`' && info.includes('`')) return undefined;
  return { fence: { marker, length: run.length }, info };
}

/** Whether a line closes `fence`: a run of its character at least as long, then nothing. */
export function closesFence(line: string, fence: Fence): boolean {
  const match = FENCE_LINE.exec(line);
  const run = match?.[1];
  return (
    run !== undefined &&
    run.charAt(0) === fence.marker &&
    run.length >= fence.length &&
    (match?.[2] ?? '').trim() === ''
  );
}

import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * What a reader of the PDF would get out of it, via pdfjs: each page's text as lines
 * (items grouped by baseline, top of the page first), the outline, the document
 * information and XMP metadata, and each page's structure tree.
 */
export interface TextLine {
  readonly text: string;
  /** Baseline, in points from the page's top. */
  readonly top: number;
  readonly left: number;
  /** Font size of the line's first item. */
  readonly size: number;
}

export interface PageText {
  readonly lines: readonly TextLine[];
  /** The page's lines joined with newlines. */
  readonly text: string;
  readonly height: number;
}

export interface StructNode {
  readonly role: string;
  readonly alt?: string;
  readonly children: readonly (StructNode | { readonly type: string })[];
}

export interface PdfContents {
  readonly pages: readonly PageText[];
  /** Text of each marked-content sequence, by pdfjs's id (what structure nodes point to). */
  readonly marked: ReadonlyMap<string, string>;
  readonly text: string;
  readonly outline: readonly string[];
  readonly info: Readonly<Record<string, unknown>>;
  readonly xmp: (name: string) => unknown;
  readonly structTrees: readonly (StructNode | null)[];
}

interface RawItem {
  str: string;
  transform: number[];
  hasEOL?: boolean;
}

export async function readPdf(bytes: Uint8Array): Promise<PdfContents> {
  const document = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  try {
    const pages: PageText[] = [];
    const structTrees: (StructNode | null)[] = [];
    const marked = new Map<string, string>();
    for (let number = 1; number <= document.numPages; number += 1) {
      const page = await document.getPage(number);
      const height = page.view[3] ?? 0;
      const content = await page.getTextContent({ includeMarkedContent: true });
      const items: RawItem[] = [];
      const open: (string | null)[] = [];
      for (const item of content.items) {
        if ('str' in item) {
          items.push(item);
          const id = open.at(-1);
          if (id) marked.set(id, `${marked.get(id) ?? ''}${item.str}${item.hasEOL ? '\n' : ''}`);
        } else if (item.type === 'beginMarkedContentProps' || item.type === 'beginMarkedContent') {
          open.push(item.id ?? null);
        } else if (item.type === 'endMarkedContent') {
          open.pop();
        }
      }
      pages.push(toLines(items, height));
      structTrees.push((await page.getStructTree()) as StructNode | null);
    }
    const outline = ((await document.getOutline()) ?? []).map((entry) => entry.title);
    const metadata = await document.getMetadata();
    return {
      pages,
      marked,
      text: pages.map((page) => page.text).join('\n'),
      outline,
      info: metadata.info as Record<string, unknown>,
      xmp: (name) => metadata.metadata?.get(name),
      structTrees,
    };
  } finally {
    await document.destroy();
  }
}

/** Items grouped into lines by baseline (within 1 pt), each line's items left to right. */
function toLines(items: readonly RawItem[], height: number): PageText {
  const rows: { top: number; items: RawItem[] }[] = [];
  for (const item of items) {
    if (item.str === '') continue;
    const top = height - (item.transform[5] ?? 0);
    const row = rows.find((candidate) => Math.abs(candidate.top - top) < 1);
    if (row) row.items.push(item);
    else rows.push({ top, items: [item] });
  }
  rows.sort((a, b) => a.top - b.top);
  const lines = rows.map((row) => {
    const sorted = [...row.items].sort((a, b) => (a.transform[4] ?? 0) - (b.transform[4] ?? 0));
    return {
      text: sorted
        .map((item) => item.str)
        .join('')
        .replace(/\s+/g, ' ')
        .trim(),
      top: row.top,
      left: sorted[0]?.transform[4] ?? 0,
      size: Math.hypot(sorted[0]?.transform[0] ?? 0, sorted[0]?.transform[1] ?? 0),
    };
  });
  return { lines, text: lines.map((line) => line.text).join('\n'), height };
}

/** Every role in a structure tree, depth first. */
export function roles(node: StructNode | null): string[] {
  if (!node) return [];
  const found: string[] = [];
  const walk = (current: StructNode | { readonly type: string }) => {
    if (!('role' in current)) return;
    found.push(current.role);
    for (const child of current.children ?? []) walk(child);
  };
  walk(node);
  return found;
}

/** Nodes of `role` in a structure tree. */
export function nodesWithRole(node: StructNode | null, role: string): StructNode[] {
  if (!node) return [];
  const found: StructNode[] = [];
  const walk = (current: StructNode | { readonly type: string }) => {
    if (!('role' in current)) return;
    if (current.role === role) found.push(current);
    for (const child of current.children ?? []) walk(child);
  };
  walk(node);
  return found;
}

/** The text a structure node holds on the pages its tree came from, whitespace collapsed. */
export function textOf(
  contents: PdfContents,
  node: StructNode | { readonly type: string },
): string {
  const collect = (
    current: StructNode | { readonly type: string; readonly id?: string },
  ): string => {
    if ('role' in current) return current.children.map(collect).join('');
    return 'id' in current && current.id ? (contents.marked.get(current.id) ?? '') : '';
  };
  return collect(node).replace(/\s+/g, ' ').trim();
}

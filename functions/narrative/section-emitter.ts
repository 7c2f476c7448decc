import type { Emitter } from 'liquidjs';
import { groupDigits } from '../group-digits.js';
import { closesFence, type Fence, openingFence } from './fences.js';

/** What outgrew its cap: a section's text, all sections together, a one-line text, a capture. */
export type OutputScope = 'section' | 'document' | 'line' | 'capture';

const SCOPE_TEXT: Record<OutputScope, string> = {
  section: 'the rendered section is longer than',
  document: 'the rendered sections together are longer than',
  line: 'the rendered text is longer than',
  capture: 'the text captured by {% capture %} is longer than',
};

/** Rendered text outgrew its output cap. */
export class OutputLimitError extends Error {
  readonly limit: number;
  readonly scope: OutputScope;

  /** `stated`: the cap as the author knows it, when `limit` is what is left of it. */
  constructor(limit: number, scope: OutputScope = 'section', stated = limit) {
    super(`${SCOPE_TEXT[scope]} ${groupDigits(stated)} characters`);
    this.name = 'OutputLimitError';
    this.limit = limit;
    this.scope = scope;
  }
}

/** Collects the text of a `{% capture %}`, stopping it at a size cap like a section's text. */
export class CaptureEmitter implements Emitter {
  buffer = '';

  constructor(private readonly limit: number) {}

  write(html: unknown): void {
    const text =
      typeof html === 'string' ? html : html === undefined || html === null ? '' : String(html);
    if (this.buffer.length + text.length > this.limit) {
      throw new OutputLimitError(this.limit, 'capture');
    }
    this.buffer += text;
  }
}

/**
 * Collects a section's rendered text, stops it at a size cap, and remembers which source line
 * each rendered line came from, so a Markdown or chart problem found after Liquid has run can
 * still be reported at the line the author wrote. Every template node announces its source line
 * (see `trackSourceLines` in liquid-engine.ts) before it writes.
 */
export class SectionEmitter implements Emitter {
  buffer = '';
  /** Whether the text is Markdown (a section body) rather than a plain line (title, heading). */
  readonly markdown: boolean;
  private readonly limit: number;
  private readonly scope: OutputScope;
  private readonly stated: number;
  /** Source line of each rendered line; index 0 is rendered line 1. */
  private readonly lineSources: number[] = [];
  private line = 1;
  /** Text copied from the source (a newline in it is a newline of the source), not a printed value. */
  private verbatim = false;
  /** The text written since the last newline: a slice of `buffer` would flatten it every line. */
  private partialLine = '';
  private fence: Fence | undefined;

  constructor(options: { limit: number; markdown: boolean; scope?: OutputScope; stated?: number }) {
    this.limit = options.limit;
    this.stated = options.stated ?? options.limit;
    this.markdown = options.markdown;
    this.scope = options.scope ?? 'section';
  }

  /** Whether the next write lands inside a fenced code block (a chart), where text is YAML, not Markdown. */
  get inFence(): boolean {
    return this.fence !== undefined;
  }

  at(line: number, verbatim: boolean): void {
    this.line = line;
    this.verbatim = verbatim;
  }

  write(html: unknown): void {
    const text =
      typeof html === 'string' ? html : html === undefined || html === null ? '' : String(html);
    if (text === '') return;
    if (this.buffer.length + text.length > this.limit) {
      throw new OutputLimitError(this.limit, this.scope, this.stated);
    }
    if (this.lineSources.length === 0) this.lineSources.push(this.line);
    let from = 0;
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', from)) {
      if (this.markdown) {
        const lineText =
          from === 0 ? this.partialLine + text.slice(0, newline) : text.slice(from, newline);
        this.trackFence(lineText);
      }
      if (this.verbatim) this.line += 1;
      this.lineSources.push(this.line);
      from = newline + 1;
    }
    if (this.markdown) this.partialLine = from > 0 ? text.slice(from) : this.partialLine + text;
    this.buffer += text;
  }

  /** The source line a rendered line (1-based) came from. */
  sourceLine(renderedLine: number): number {
    return this.lineSources[renderedLine - 1] ?? this.lineSources.at(-1) ?? 1;
  }

  private trackFence(line: string): void {
    if (this.fence === undefined) this.fence = openingFence(line)?.fence;
    else if (closesFence(line, this.fence)) this.fence = undefined;
  }
}

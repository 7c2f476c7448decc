/**
 * Render benchmark: `npx tsx bench/render.bench.ts [--runs 60] [--out bench/out/example.pdf]`.
 * Run it in a fresh process every time: the first render is only a first render once.
 *
 * Measures, for one input document: importing the renderer module (font parsing happens
 * here), the first render after that, then warm renders (median, p90, min), peak RSS, and
 * the PDF's size and pages. The input is built by `loadInput` and is not timed, so the
 * example fixture can be swapped for the full pipeline's output without touching the
 * measurement.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BidDocument } from '../functions/document-model.js';

interface Options {
  runs: number;
  out: string | undefined;
}

function parseOptions(args: readonly string[]): Options {
  const options: Options = { runs: 60, out: undefined };
  for (let index = 0; index < args.length; index += 1) {
    const value = args[index + 1];
    if (args[index] === '--runs' && value) options.runs = Math.max(1, Number.parseInt(value, 10));
    if (args[index] === '--out' && value) options.out = value;
  }
  return options;
}

/** The document to render. Not timed. */
async function loadInput(): Promise<BidDocument> {
  const { exampleBidDocument } = await import('../test/fixtures/example-bid-document.js');
  return exampleBidDocument;
}

function quantile(sorted: readonly number[], q: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

const ms = (value: number) => `${value.toFixed(2)} ms`;

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const input = await loadInput();
  console.log('render bench: importing renderer…');
  const importStart = performance.now();
  const { renderBidPdf, RENDERER_VERSION } = await import('../functions/render/render-bid-pdf.js');
  const importMs = performance.now() - importStart;

  console.log('render bench: first render…');
  const firstStart = performance.now();
  const first = await renderBidPdf(input);
  const firstMs = performance.now() - firstStart;

  const times: number[] = [];
  for (let run = 0; run < options.runs; run += 1) {
    const start = performance.now();
    const result = await renderBidPdf(input);
    times.push(performance.now() - start);
    if (result.sha256 !== first.sha256) throw new Error(`render ${run + 2} differs from the first`);
    if ((run + 1) % 10 === 0) console.log(`render bench: ${run + 1}/${options.runs} warm renders`);
  }
  times.sort((a, b) => a - b);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;

  if (options.out) {
    mkdirSync(dirname(options.out), { recursive: true });
    writeFileSync(options.out, first.bytes);
  }
  const report = {
    renderer: RENDERER_VERSION,
    node: process.version,
    cpus: `${availableParallelism()} × ${cpus()[0]?.model ?? 'unknown'}`,
    moduleImport: ms(importMs),
    firstRender: ms(firstMs),
    warmRuns: times.length,
    warmMedian: ms(quantile(times, 0.5)),
    warmP90: ms(quantile(times, 0.9)),
    warmMin: ms(times[0] ?? Number.NaN),
    peakRss: `${peakRssMb.toFixed(1)} MB`,
    pdfBytes: first.bytes.length,
    pdfKb: `${(first.bytes.length / 1024).toFixed(1)} KB`,
    pages: first.pages,
    sha256: first.sha256,
  };
  console.log(JSON.stringify(report, null, 2));
}

await main();

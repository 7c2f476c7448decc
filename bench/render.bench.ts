/**
 * Render benchmark: `npx tsx bench/render.bench.ts [--runs 60] [--out bench/out/example.pdf]`.
 * Run it in a fresh process every time: the first render is only a first render once.
 *
 * Measures the example bid (local/example-programme.json with templates/nihr-icat):
 * importing the engine (font parsing happens here), the first bid after that (narrative +
 * PDF), then warm bids and, apart, warm renders of the same document alone (median, p90,
 * min), peak RSS, and the PDF's size and pages. Reading the inputs is not timed.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { TemplateSource } from '../functions/narrative/template-schema.js';
import type { Programme } from '../functions/programmes/programme-schema.js';
import { median, percentile } from './percentile.js';

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

/** The folder holding package.json, found from here whether this file runs bundled or not. */
function projectRoot(): URL {
  let folder = new URL('./', import.meta.url);
  while (!existsSync(new URL('package.json', folder))) {
    const parent = new URL('../', folder);
    if (parent.href === folder.href) throw new Error('no package.json above the bench');
    folder = parent;
  }
  return folder;
}

/** The example programme and the NIHR ICAT template, read from disk. Not timed. */
async function loadInput(): Promise<{ programme: Programme; template: TemplateSource }> {
  const root = projectRoot();
  const { parseProgramme } = await import('../functions/programmes/parse-programme.js');
  const { loadTemplateFolder } = await import('../functions/narrative/load-template-folder.js');
  const programme = parseProgramme(
    JSON.parse(readFileSync(new URL('local/example-programme.json', root), 'utf8')),
  );
  const template = await loadTemplateFolder(fileURLToPath(new URL('templates/nihr-icat', root)));
  return { programme, template };
}

const ms = (value: number) => `${value.toFixed(2)} ms`;

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const { programme, template } = await loadInput();
  const { snapshotOfDocument } = await import('../functions/snapshots/snapshot-of.js');
  const input = {
    programme,
    template,
    snapshot: snapshotOfDocument(programme, '2026-11-24T00:00:00.000Z'),
    date: '2026-11-24',
  };

  console.log('render bench: importing the engine (narrative + renderer)…');
  const importStart = performance.now();
  const { draftBid } = await import('../functions/bids/draft-bid.js');
  const { renderBidPdf, RENDERER_VERSION } = await import('../functions/render/render-bid-pdf.js');
  const importMs = performance.now() - importStart;
  const rssAfterImportMb = process.resourceUsage().maxRSS / 1024;

  console.log('render bench: first bid…');
  const firstStart = performance.now();
  const first = await draftBid(input);
  const firstMs = performance.now() - firstStart;
  const rssAfterFirstMb = process.resourceUsage().maxRSS / 1024;

  const engineTimes: number[] = [];
  const renderTimes: number[] = [];
  for (let run = 0; run < options.runs; run += 1) {
    let start = performance.now();
    const bid = await draftBid(input);
    engineTimes.push(performance.now() - start);
    start = performance.now();
    const pdf = await renderBidPdf(first.document);
    renderTimes.push(performance.now() - start);
    if (bid.pdf.sha256 !== first.pdf.sha256 || pdf.sha256 !== first.pdf.sha256) {
      throw new Error(`run ${run + 2} differs from the first`);
    }
    if ((run + 1) % 10 === 0) console.log(`render bench: ${run + 1}/${options.runs} warm runs`);
  }
  engineTimes.sort((a, b) => a - b);
  renderTimes.sort((a, b) => a - b);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;

  if (options.out) {
    mkdirSync(dirname(options.out), { recursive: true });
    writeFileSync(options.out, first.pdf.bytes);
  }
  const report = {
    renderer: RENDERER_VERSION,
    node: process.version,
    cpus: `${availableParallelism()} × ${cpus()[0]?.model ?? 'unknown'}`,
    moduleImport: ms(importMs),
    firstBid: ms(firstMs),
    warmRuns: options.runs,
    warmBidMedian: ms(median(engineTimes)),
    warmBidP90: ms(percentile(engineTimes, 90)),
    warmRenderMedian: ms(median(renderTimes)),
    warmRenderMin: ms(renderTimes[0] ?? Number.NaN),
    peakRssAfterImport: `${rssAfterImportMb.toFixed(1)} MB`,
    peakRssAfterFirstBid: `${rssAfterFirstMb.toFixed(1)} MB`,
    peakRss: `${peakRssMb.toFixed(1)} MB`,
    heapUsedAtEnd: `${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(1)} MB`,
    pdfBytes: first.pdf.bytes.length,
    pdfKb: `${(first.pdf.bytes.length / 1024).toFixed(1)} KB`,
    pages: first.pdf.pages,
    sha256: first.pdf.sha256,
  };
  console.log(JSON.stringify(report, null, 2));
}

await main();

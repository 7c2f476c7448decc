/**
 * Bidwright's side of the Chromium comparison, bundled by esbuild and run by plain `node`
 * in a fresh process (bench/chromium.bench.ts does both): read the bid's document model,
 * render it to PDF once (the cold figure is measured from the parent's spawn to the end of
 * that first render), `--warmup` times unmeasured, then `--documents` more times. Prints one
 * line of JSON: when the first PDF was done (epoch ms), each warm time, the peak RSS
 * (VmHWM) and the first PDF, base64.
 *
 * It is bundled as CommonJS: Node starts a CommonJS entry about 6 ms sooner than an ES
 * module, as it does not bring up its ES module loader.
 *
 *   node bench/out/chromium/chromium-bidwright-side.cjs DOCUMENT.json --documents 50 [--warmup 20]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { BidDocument } from '../functions/document-model.js';
import { renderBidPdf } from '../functions/render/render-bid-pdf.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    documents: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '0' },
  },
});
const documentFile = positionals[0] ?? '';
if (!documentFile) throw new Error('usage: chromium-bidwright-side DOCUMENT.json [--documents N]');
const documents = Math.max(1, Number.parseInt(values.documents, 10));
const warmup = Math.max(0, Number.parseInt(values.warmup, 10));

/** Peak resident set size of this process, from the kernel (kB → bytes). */
function peakRssBytes(): number {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) * 1024 : process.resourceUsage().maxRSS * 1024;
}

async function main(): Promise<void> {
  const bid = JSON.parse(readFileSync(documentFile, 'utf8')) as BidDocument;
  const first = await renderBidPdf(bid);
  const firstDoneAt = performance.timeOrigin + performance.now();

  for (let run = 0; run < warmup; run += 1) await renderBidPdf(bid);
  const warmMs: number[] = [];
  for (let run = 0; run < documents; run += 1) {
    const started = performance.now();
    const pdf = await renderBidPdf(bid);
    warmMs.push(performance.now() - started);
    if (pdf.sha256 !== first.sha256) throw new Error(`document ${run + 2} differs from the first`);
  }

  process.stdout.write(
    `${JSON.stringify({
      firstDoneAt,
      warmMs,
      peakRssBytes: peakRssBytes(),
      pdfBase64: first.bytes.toString('base64'),
    })}\n`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

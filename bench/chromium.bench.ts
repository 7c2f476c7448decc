/**
 * Bidwright's renderer against headless Chromium on the example bid, in one run
 * (`npm run bench:chromium`; not a test).
 *
 * Both sides start from the same document model: the example programme with the NIHR ICAT
 * template through the narrative (untimed). Bidwright draws it with its PDF renderer;
 * Chromium prints the equivalent HTML page built from the same model (bench/bid-html.ts:
 * same fonts, A4, page geometry, footer, chart as SVG) with `page.pdf({format: 'A4'})`.
 *
 * - Cold: Bidwright = a fresh `node` process running the esbuild bundle of
 *   bench/chromium-bidwright-side.ts (CommonJS), from spawn to its first PDF (without
 *   NODE_EXTRA_CA_CERTS, see withoutExtraCaCerts in bench/machine.ts); Chromium = launch, new
 *   page, HTML, first PDF. `--cold` starts of each, the two sides taking turns, each once
 *   the last one's processes are gone and the machine is idle (see settle); the median
 *   reported. A start takes this machine's time to a tenth or more either way, so there are
 *   more of them than of the rounds below.
 * - Warm: `--rounds` fresh processes / browsers a side, each printing `--documents` PDFs in
 *   the same process / the same browser page, each time from the document model (for
 *   Chromium: build the HTML, set it, print), after `--warmup` unmeasured ones on both sides
 *   (both JITs warm up); the median reported.
 * - Peak memory: Bidwright = the process's VmHWM; Chromium = the browser's process tree,
 *   the sum of every process's VmRSS sampled every 10 ms (also given: the peak sum of their
 *   PSS, which counts the pages they share once).
 * - File size, and page count through pdfjs.
 *
 * Chromium is Debian's `chromium` (never a browser downloaded by an npm package), driven by
 * puppeteer-core. When /usr/bin/chromium is missing the bench installs it with apt-get (as
 * root, or through `sudo -n`); when that cannot be done it says so and exits 0.
 *
 *   npm run bench:chromium -- [--documents 50] [--warmup 300] [--rounds 3] [--cold 9]
 *     [--chromium /usr/bin/chromium]
 *     [--node-flags="--max-semi-space-size=4"] [--out bench/out/chromium]
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Browser, Page } from 'puppeteer-core';
import { draftBid } from '../functions/bids/draft-bid.js';
import type { BidDocument } from '../functions/document-model.js';
import { loadTemplateFolder } from '../functions/narrative/load-template-folder.js';
import { parseProgramme } from '../functions/programmes/parse-programme.js';
import { RENDERER_VERSION } from '../functions/render/render-bid-pdf.js';
import { FACE_FILES, type FaceName } from '../functions/render/typeface.js';
import { snapshotOfDocument } from '../functions/snapshots/snapshot-of.js';
import { EXAMPLE_PROGRAMME_FILE, EXAMPLE_TEMPLATE_DIR } from '../local/seed.js';
import { type BidHtml, bidHtml, type FontUrls } from './bid-html.js';
import { machineLine, withoutExtraCaCerts } from './machine.js';
import { bundleLikeRenderFunction } from './render-bundle.js';

/** The bid typeface: the TTFs both sides set the bid in. */
const TYPEFACE = new URL('../functions/render/fonts/', import.meta.url);
const DEFAULT_CHROMIUM = '/usr/bin/chromium';
/** The flags the comparison is specified with; nothing else is passed to the browser. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const { values: args } = parseArgs({
  options: {
    documents: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '300' },
    rounds: { type: 'string', default: '3' },
    cold: { type: 'string', default: '9' },
    chromium: { type: 'string', default: DEFAULT_CHROMIUM },
    'node-flags': { type: 'string', default: '' },
    out: { type: 'string', default: fileURLToPath(new URL('out/chromium', import.meta.url)) },
  },
});
const documents = Math.max(1, Number.parseInt(args.documents, 10));
const warmup = Math.max(0, Number.parseInt(args.warmup, 10));
const rounds = Math.max(1, Number.parseInt(args.rounds, 10));
const coldRuns = Math.max(1, Number.parseInt(args.cold, 10));
const nodeFlags = args['node-flags'].split(/\s+/).filter(Boolean);
const outDir = resolve(args.out);

const log = (line: string) => process.stderr.write(`${line}\n`);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const now = () => performance.timeOrigin + performance.now();

// ——— Chromium: found, or installed, or skipped ———

function run(command: string, commandArgs: string[]): boolean {
  log(`$ ${command} ${commandArgs.join(' ')}`);
  const result = spawnSync(command, commandArgs, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

/** Installs Debian's chromium with apt-get, as root or through passwordless sudo. */
function installChromium(): void {
  const asRoot = process.getuid?.() === 0;
  const hasSudo = !asRoot && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
  if (!asRoot && !hasSudo) {
    log('not root and no passwordless sudo: cannot run apt-get');
    return;
  }
  const apt = (aptArgs: string[]) =>
    asRoot ? run('apt-get', aptArgs) : run('sudo', ['-n', 'apt-get', ...aptArgs]);
  if (apt(['install', '-y', 'chromium'])) return;
  if (apt(['update'])) apt(['install', '-y', 'chromium']);
}

function chromiumVersion(executable: string): string | undefined {
  try {
    return execFileSync(executable, ['--version'], { encoding: 'utf8', stdio: 'pipe' }).trim();
  } catch {
    return undefined;
  }
}

function ensureChromium(executable: string): string | undefined {
  let version = existsSync(executable) ? chromiumVersion(executable) : undefined;
  if (version === undefined && executable === DEFAULT_CHROMIUM) {
    log(`${executable} is missing: installing Debian's chromium package…`);
    installChromium();
    version = existsSync(executable) ? chromiumVersion(executable) : undefined;
  }
  return version;
}

// ——— Memory of a process tree, from /proc ———

function statusField(pid: number, field: 'VmRSS'): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function pssBytes(pid: number): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const match = /^Pss:\s+(\d+) kB$/m.exec(rollup);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The ids of the machine's processes, from /proc. */
function processIds(): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number);
}

/** `root` and every process under it. */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const pid of processIds()) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(parent) ?? [];
      list.push(pid);
      children.set(parent, list);
    } catch {
      // The process ended while we looked.
    }
  }
  const tree: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/**
 * Samples a process tree until stopped: the summed VmRSS every 10 ms (what the comparison
 * reports), and the summed PSS every 200 ms (reading smaps_rollup costs more), which counts
 * the pages the processes share (libraries, the zygote's forked memory) once.
 */
class TreeMemory {
  peakRss = 0;
  peakPss = 0;
  processes = 0;
  private readonly timer: NodeJS.Timeout;
  private pids: number[] = [];
  private lastScan = 0;
  private lastPss = 0;

  constructor(private readonly root: number) {
    this.sample();
    this.timer = setInterval(() => this.sample(), 10);
  }

  sample(): void {
    const now = performance.now();
    if (now - this.lastScan > 100) {
      this.pids = processTree(this.root);
      this.processes = Math.max(this.processes, this.pids.length);
      this.lastScan = now;
    }
    let rss = 0;
    for (const pid of this.pids) rss += statusField(pid, 'VmRSS');
    this.peakRss = Math.max(this.peakRss, rss);
    if (now - this.lastPss > 200) {
      this.lastPss = now;
      this.peakPss = Math.max(
        this.peakPss,
        this.pids.reduce((sum, pid) => sum + pssBytes(pid), 0),
      );
    }
  }

  stop(): void {
    this.sample();
    clearInterval(this.timer);
  }
}

// ——— PDFs ———

async function pageCount(bytes: Uint8Array): Promise<number> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const pages = pdf.numPages;
  await pdf.destroy();
  return pages;
}

/** The example bid's document model, through the narrative, as the API would render it. */
async function exampleDocument(): Promise<BidDocument> {
  const programme = parseProgramme(JSON.parse(readFileSync(EXAMPLE_PROGRAMME_FILE, 'utf8')));
  const template = await loadTemplateFolder(EXAMPLE_TEMPLATE_DIR);
  const bid = await draftBid({
    programme,
    template,
    snapshot: snapshotOfDocument(programme, '2026-11-24T00:00:00.000Z'),
    date: '2026-11-24',
  });
  return bid.document;
}

interface PageFonts {
  /** file: URLs of the four faces, for the page's @font-face rules. */
  page: FontUrls;
  /** Their folder, for fontconfig: the footer template sees no web font of the page. */
  folder: string;
}

/** The bid typeface's own files (functions/render/fonts), so both sides set the same faces. */
function notoSans(): PageFonts {
  const url = (face: FaceName) => new URL(FACE_FILES[face].file, TYPEFACE).href;
  return {
    page: {
      regular: url('regular'),
      bold: url('bold'),
      italic: url('italic'),
      boldItalic: url('boldItalic'),
    },
    folder: fileURLToPath(TYPEFACE),
  };
}

// ——— Bidwright's side ———

interface SideReport {
  firstDoneAt: number;
  warmMs: number[];
  peakRssBytes: number;
  pdfBase64: string;
}

async function bundleBidwrightSide(): Promise<string> {
  const outfile = join(outDir, 'chromium-bidwright-side.cjs');
  await bundleLikeRenderFunction(new URL('chromium-bidwright-side.ts', import.meta.url), outfile, {
    minify: true,
    format: 'cjs',
  });
  return outfile;
}

/** Processes of any Chromium (the browser, its zygotes, renderers and crash handlers). */
function chromiumProcesses(): number[] {
  return processIds().filter((pid) => {
    try {
      return /^chrom/.test(readFileSync(`/proc/${pid}/comm`, 'utf8'));
    } catch {
      return false;
    }
  });
}

/** Busy share of all cores over `ms`, from /proc/stat. */
async function cpuBusy(ms: number): Promise<number> {
  const sample = () => {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return { idle, total: fields.reduce((sum, value) => sum + value, 0) };
  };
  const before = sample();
  await sleep(ms);
  const after = sample();
  const total = after.total - before.total;
  return total > 0 ? 1 - (after.idle - before.idle) / total : 0;
}

/**
 * Waits, before either side's cold start, until the last round's browser has left no process
 * behind (its zygotes and crash handlers exit after `browser.close()` returns) and the
 * machine has been nearly idle for a moment, at most ten seconds in all: a cold start that
 * shares the cores with the other side's teardown measures the teardown.
 */
async function settle(): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (chromiumProcesses().length > 0 && performance.now() < deadline) await sleep(50);
  while ((await cpuBusy(250)) > 0.15 && performance.now() < deadline) {
    // Someone else is still busy.
  }
}

/** One fresh `node` process: spawn to first PDF, then the warm PDFs. */
function runBidwrightSide(
  bundle: string,
  documentFile: string,
  warm: number,
  warmUp: number,
): Promise<SideReport & { coldMs: number }> {
  const passes = ['--documents', String(warm), '--warmup', String(warmUp)];
  return new Promise((resolvePromise, reject) => {
    const started = now();
    const child = spawn(process.execPath, [...nodeFlags, bundle, documentFile, ...passes], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: withoutExtraCaCerts(process.env),
    });
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) {
        reject(new Error(`Bidwright's side exited with ${code}`));
        return;
      }
      const report = JSON.parse(output) as SideReport;
      resolvePromise({ ...report, coldMs: report.firstDoneAt - started });
    });
  });
}

// ——— Chromium's side ———

interface ChromiumRun {
  coldMs: number;
  warmMs: number[];
  peakRssBytes: number;
  peakPssBytes: number;
  processes: number;
  pdf: Uint8Array;
}

async function printPdf(page: Page, bid: BidDocument, fonts: PageFonts): Promise<Uint8Array> {
  const document: BidHtml = bidHtml(bid, fonts.page, RENDERER_VERSION);
  await page.setContent(document.html, { waitUntil: 'load' });
  return page.pdf({
    format: 'A4',
    printBackground: true,
    displayHeaderFooter: true,
    headerTemplate: '<span></span>',
    footerTemplate: document.footerTemplate,
    margin: document.margin,
    tagged: true,
  });
}

/**
 * Launch to first PDF, then `warm` more PDFs on the same page. With none (a cold start
 * alone), the browser's memory is not sampled: the sampler's scans of /proc would share the
 * cores with the start being timed.
 */
async function runChromium(
  executable: string,
  bid: BidDocument,
  fonts: PageFonts,
  blankPage: string,
  fontconfigFile: string,
  warm: number,
  warmUp: number,
): Promise<ChromiumRun> {
  const { launch } = await import('puppeteer-core');
  const started = now();
  const browser: Browser = await launch({
    executablePath: executable,
    headless: true,
    args: CHROMIUM_ARGS,
    ignoreDefaultArgs: true,
    pipe: true,
    env: { ...process.env, FONTCONFIG_FILE: fontconfigFile },
  });
  const pid = browser.process()?.pid;
  if (pid === undefined) throw new Error('the browser has no process id');
  const memory = warm > 0 ? new TreeMemory(pid) : undefined;
  try {
    const page = await browser.newPage();
    // A file: page, so that the bid's @font-face rules may load the TTFs from disk.
    await page.goto(blankPage, { waitUntil: 'load' });
    const pdf = await printPdf(page, bid, fonts);
    const coldMs = now() - started;
    for (let run = 0; run < warmUp; run += 1) await printPdf(page, bid, fonts);
    const warmMs: number[] = [];
    for (let run = 0; run < warm; run += 1) {
      const begun = performance.now();
      await printPdf(page, bid, fonts);
      warmMs.push(performance.now() - begun);
      if ((run + 1) % 10 === 0) log(`  chromium: ${run + 1}/${warm} warm documents`);
    }
    memory?.stop();
    return {
      coldMs,
      warmMs,
      peakRssBytes: memory?.peakRss ?? 0,
      peakPssBytes: memory?.peakPss ?? 0,
      processes: memory?.processes ?? 0,
      pdf,
    };
  } finally {
    memory?.stop();
    await browser.close();
  }
}

// ——— The run ———

async function main(): Promise<void> {
  const version = ensureChromium(args.chromium);
  if (version === undefined) {
    log(
      args.chromium === DEFAULT_CHROMIUM
        ? `SKIPPED: no Chromium at ${DEFAULT_CHROMIUM}, and Debian's "chromium" package could not ` +
            'be installed (apt-get needs root or passwordless sudo, and the package archive). ' +
            'Install it (apt-get install chromium) and run again.'
        : `SKIPPED: no working Chromium at ${args.chromium} (only ${DEFAULT_CHROMIUM} is ` +
            'installed by the bench). Pass the path of a Chromium binary, or leave --chromium out.',
    );
    process.exit(0);
  }
  log(machineLine([version]));
  mkdirSync(outDir, { recursive: true });
  const bid = await exampleDocument();
  const documentFile = join(outDir, 'example-bid-document.json');
  writeFileSync(documentFile, JSON.stringify(bid));
  const fonts = notoSans();
  const blankPage = join(outDir, 'blank.html');
  writeFileSync(blankPage, '<!DOCTYPE html><html><head><meta charset="utf-8"></head></html>');
  // The system's fonts plus the four Noto Sans faces, so the footer template finds them too.
  const fontconfigFile = join(outDir, 'fonts.conf');
  writeFileSync(
    fontconfigFile,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>${fonts.folder}</dir></fontconfig>\n`,
  );
  writeFileSync(join(outDir, 'example-bid.html'), bidHtml(bid, fonts.page, RENDERER_VERSION).html);
  const bundle = await bundleBidwrightSide();

  const chromiumRun = (warm: number, warmUp: number) =>
    runChromium(
      args.chromium,
      bid,
      fonts,
      pathToFileURL(blankPage).href,
      fontconfigFile,
      warm,
      warmUp,
    );
  const bidwright: (SideReport & { coldMs: number })[] = [];
  const chromium: ChromiumRun[] = [];
  for (let round = 1; round <= rounds; round += 1) {
    log(
      `round ${round} of ${rounds}: Bidwright, fresh node process, 1 + ${warmup} + ${documents} PDFs…`,
    );
    await settle();
    bidwright.push(await runBidwrightSide(bundle, documentFile, documents, warmup));
    log(`round ${round} of ${rounds}: Chromium, fresh browser, 1 + ${warmup} + ${documents} PDFs…`);
    await settle();
    chromium.push(await chromiumRun(documents, warmup));
  }
  const cold = { bidwright: [] as number[], chromium: [] as number[] };
  for (let start = 1; start <= coldRuns; start += 1) {
    await settle();
    cold.bidwright.push((await runBidwrightSide(bundle, documentFile, 1, 0)).coldMs);
    await settle();
    cold.chromium.push((await chromiumRun(0, 0)).coldMs);
    log(
      `cold start ${start} of ${coldRuns}: Bidwright ${Math.round(cold.bidwright.at(-1) ?? 0)} ms, Chromium ${Math.round(cold.chromium.at(-1) ?? 0)} ms`,
    );
  }

  const bidwrightPdf = Buffer.from(bidwright[0]?.pdfBase64 ?? '', 'base64');
  const chromiumPdf = chromium[0]?.pdf ?? new Uint8Array();
  writeFileSync(join(outDir, 'bidwright.pdf'), bidwrightPdf);
  writeFileSync(join(outDir, 'chromium.pdf'), chromiumPdf);
  const pages = {
    bidwright: await pageCount(bidwrightPdf),
    chromium: await pageCount(chromiumPdf),
  };

  const side = {
    bidwright: {
      warm: median(bidwright.map((r) => median(r.warmMs))),
      cold: median(cold.bidwright),
      memory: median(bidwright.map((r) => r.peakRssBytes)),
    },
    chromium: {
      warm: median(chromium.map((r) => median(r.warmMs))),
      cold: median(cold.chromium),
      memory: median(chromium.map((r) => r.peakRssBytes)),
    },
  };
  const range = (values: readonly number[], format: (n: number) => string) => {
    const sorted = [...values].sort((a, b) => a - b);
    return `${format(median(sorted))} (${format(sorted[0] ?? Number.NaN)}–${format(sorted[sorted.length - 1] ?? Number.NaN)})`;
  };
  const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
  const mb = (n: number) => `${(n / 2 ** 20).toFixed(1)} MB`;
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const ratio = (slow: number, fast: number) => slow / fast;
  const ratios = {
    warm: ratio(side.chromium.warm, side.bidwright.warm),
    cold: ratio(side.chromium.cold, side.bidwright.cold),
    memory: ratio(side.chromium.memory, side.bidwright.memory),
  };
  const pssPeak = median(chromium.map((r) => r.peakPssBytes));
  const verdict = (value: number, goal: number) => (value >= goal ? 'met' : '**not met**');
  const lines = [
    `${documents} warm documents a process, measured after the first and ${warmup} more, in ${rounds} fresh processes a side; ${coldRuns} cold starts a side; median (min–max).`,
    '',
    '| | warm median per document | cold: start + first document | peak memory | PDF | pages |',
    '| --- | --- | --- | --- | --- | --- |',
    `| Bidwright (node ${nodeFlags.join(' ') || 'defaults'}) | ${range(
      bidwright.map((r) => median(r.warmMs)),
      ms,
    )} | ${range(cold.bidwright, ms)} | ${range(
      bidwright.map((r) => r.peakRssBytes),
      mb,
    )} | ${kb(bidwrightPdf.byteLength)} | ${pages.bidwright} |`,
    `| Chromium (${version}) | ${range(
      chromium.map((r) => median(r.warmMs)),
      ms,
    )} | ${range(cold.chromium, ms)} | ${range(
      chromium.map((r) => r.peakRssBytes),
      mb,
    )} | ${kb(chromiumPdf.byteLength)} | ${pages.chromium} |`,
    '',
    '| goal | ratio | |',
    '| --- | --- | --- |',
    `| ≥ 30× faster warm | ${ratios.warm.toFixed(1)}× | ${verdict(ratios.warm, 30)} |`,
    `| ≥ 10× faster cold | ${ratios.cold.toFixed(1)}× | ${verdict(ratios.cold, 10)} |`,
    `| ≥ 5× less memory | ${ratios.memory.toFixed(1)}× | ${verdict(ratios.memory, 5)} |`,
    '',
    `Chromium's peak memory counting shared pages once (sum of PSS, sampled every 200 ms; median of ${rounds}): ${mb(pssPeak)} over up to ${chromium[0]?.processes ?? 0} processes, ${(pssPeak / side.bidwright.memory).toFixed(1)}× Bidwright's peak RSS.`,
    `PDFs written to ${outDir}/bidwright.pdf and chromium.pdf.`,
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

await main();

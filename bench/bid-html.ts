/**
 * The example bid as one HTML page, for the Chromium comparison (bench/chromium.bench.ts):
 * built from the same `BidDocument` the PDF renderer draws, with the renderer's own
 * appendix, page geometry, type sizes, colours and Noto Sans faces, so that headless
 * Chromium prints the same content in the same layout. Sections start a page, sub-headings
 * keep with what follows, table headers repeat, the chart is inline SVG and is never split,
 * the DRAFT watermark repeats on every page; the running footer ("page X of Y") is
 * Chromium's footer template, left off the title page by a zero bottom margin there.
 */
import type {
  BarChart,
  BidDocument,
  Block,
  DocumentSection,
  Inline,
  ListItem,
} from '../functions/document-model.js';
import { appendixSection } from '../functions/render/appendix.js';
import {
  formatNumber,
  parseBidDate,
  text,
  writtenDate,
  writtenTimestamp,
} from '../functions/render/format.js';
import { listLabels } from '../functions/render/list.js';
import { COLOR, MARGIN, type Rgb, SPACE, TYPE } from '../functions/render/theme.js';

/** Where each Noto Sans face is loaded from (a file: or data: URL). */
export interface FontUrls {
  regular: string;
  bold: string;
  italic: string;
  boldItalic: string;
}

export interface BidHtml {
  html: string;
  /** For page.pdf({ footerTemplate }): programme name left, "page X of Y" right. */
  footerTemplate: string;
  /** Page margins for page.pdf(), the renderer's frame, in CSS pixels. */
  margin: { top: string; right: string; bottom: string; left: string };
}

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const rgb = ([r, g, b]: Rgb): string =>
  `rgb(${Math.round(r * 255)} ${Math.round(g * 255)} ${Math.round(b * 255)})`;

const pt = (value: number): string => `${value}pt`;

/** Points as CSS pixels (96 to the inch), the unit page.pdf() takes. */
const px = (value: number): string => `${((value * 96) / 72).toFixed(3)}px`;

function inlines(content: readonly Inline[]): string {
  return content
    .map((run) => {
      let html = escapeHtml(text(run.text));
      if (run.italic) html = `<em>${html}</em>`;
      if (run.bold) html = `<strong>${html}</strong>`;
      return html;
    })
    .join('');
}

function list(items: readonly ListItem[], ordered: boolean, start: number, depth: number): string {
  const labels = listLabels(ordered, depth, start, items.length);
  const rows = items.map((item, index) => {
    const nested =
      item.items.length > 0 ? list(item.items, ordered, item.start ?? 1, depth + 1) : '';
    const label = escapeHtml(labels[index] ?? '');
    return `<li><span class="lbl">${label}</span><div class="lbody">${inlines(item.content)}${nested}</div></li>`;
  });
  return `<${ordered ? 'ol' : 'ul'}>${rows.join('')}</${ordered ? 'ol' : 'ul'}>`;
}

/** The bar chart as SVG, laid out as functions/render/chart.ts lays it out. */
function chart(data: BarChart, alt: string, width: number): string {
  const plotHeight = 150;
  const count = Math.max(data.labels.length, data.values.length);
  const slot = count > 0 ? width / count : width;
  const unit = text(data.unit);
  const label = TYPE.chartLabel;
  const valueRoom = label.leading + 4;
  const values = data.values.filter((v) => Number.isFinite(v));
  const highest = Math.max(0, ...values);
  const lowest = Math.min(0, ...values);
  const span = highest - lowest || 1;
  const barArea = plotHeight - (lowest < 0 ? 2 * valueRoom : valueRoom);
  const baseline = valueRoom + (barArea * highest) / span;
  const barWidth = Math.min(64, slot * 0.6);
  const parts: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const value = data.values[index];
    const centre = index * slot + slot / 2;
    let valueY = baseline - 4;
    if (value !== undefined && Number.isFinite(value) && value !== 0) {
      const barHeight = (barArea * Math.abs(value)) / span;
      const barTop = value > 0 ? baseline - barHeight : baseline;
      parts.push(
        `<rect x="${centre - barWidth / 2}" y="${barTop}" width="${barWidth}" height="${barHeight}" fill="${rgb(COLOR.bar)}"/>`,
      );
      valueY = value > 0 ? barTop - 4 : barTop + barHeight + label.size + 2;
    }
    parts.push(
      `<text x="${centre}" y="${valueY}" class="value">${escapeHtml(`${formatNumber(value)}${unit}`)}</text>`,
      `<foreignObject x="${index * slot + 3}" y="${plotHeight + 5}" width="${slot - 6}" height="${3 * label.leading}"><div class="clabel">${escapeHtml(text(data.labels[index]))}</div></foreignObject>`,
    );
  }
  parts.push(
    `<line x1="0" y1="${baseline}" x2="${width}" y2="${baseline}" stroke="${rgb(COLOR.text)}" stroke-width="0.8"/>`,
  );
  const height = plotHeight + 5 + 3 * label.leading;
  return `<figure class="chart" role="img" aria-label="${escapeHtml(alt)}"><figcaption>${escapeHtml(text(data.title))}</figcaption><svg width="${pt(width)}" height="${pt(height)}" viewBox="0 0 ${width} ${height}">${parts.join('')}</svg></figure>`;
}

function block(item: Block, width: number): string {
  switch (item.kind) {
    case 'heading':
      return `<h${item.level}>${inlines(item.content)}</h${item.level}>`;
    case 'paragraph':
      return `<p>${inlines(item.content)}</p>`;
    case 'list':
      return list(item.items, item.ordered, item.start, 0);
    case 'table': {
      const align = (column: number) => `text-align:${item.align[column] ?? 'left'}`;
      const header = item.header
        .map((cell, column) => `<th style="${align(column)}">${inlines(cell)}</th>`)
        .join('');
      const rows = item.rows
        .map(
          (row) =>
            `<tr>${row.map((cell, column) => `<td style="${align(column)}">${inlines(cell)}</td>`).join('')}</tr>`,
        )
        .join('');
      return `<table><thead><tr>${header}</tr></thead><tbody>${rows}</tbody></table>`;
    }
    case 'chart':
      return chart(item.chart, item.alt, width);
  }
}

function section(value: DocumentSection, width: number): string {
  const heading = escapeHtml(text(value.heading).trim() || text(value.id));
  return `<section><h1>${heading}</h1>${value.blocks.map((b) => block(b, width)).join('')}</section>`;
}

function fontFaces(fonts: FontUrls): string {
  const face = (url: string, weight: number, style: string) =>
    `@font-face{font-family:"Noto Sans";src:url("${url}") format("truetype");font-weight:${weight};font-style:${style}}`;
  return [
    face(fonts.regular, 400, 'normal'),
    face(fonts.bold, 700, 'normal'),
    face(fonts.italic, 400, 'italic'),
    face(fonts.boldItalic, 700, 'italic'),
  ].join('');
}

function css(fonts: FontUrls, width: number): string {
  const body = TYPE.body;
  return `${fontFaces(fonts)}
@page{size:A4;margin:${pt(MARGIN.top)} ${pt(MARGIN.right)} ${pt(MARGIN.bottom)} ${pt(MARGIN.left)}}
@page :first{margin:0}
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;font-family:"Noto Sans";font-size:${pt(body.size)};line-height:${pt(body.leading)};color:${rgb(body.color)};font-kerning:normal;width:${pt(width)}}
.title{position:relative;width:210mm;height:297mm;break-after:page;padding:0 ${pt(MARGIN.right)} 0 ${pt(MARGIN.left)}}
.title .band{position:absolute;left:0;top:0;width:100%;height:14pt;background:${rgb(COLOR.accent)}}
.title .competition{position:absolute;top:170pt;left:${pt(MARGIN.left)};right:${pt(MARGIN.right)};margin:0;font-size:12pt;line-height:17pt;color:${rgb(COLOR.accent)}}
.title h1{margin:14pt 0 22pt;font-size:24pt;line-height:31pt;color:${rgb(COLOR.accent)};font-weight:700}
.title .programme{margin:0 0 2pt;font-size:14pt;line-height:19pt;color:${rgb(COLOR.text)}}
.title .institution{margin:0;font-size:12pt;line-height:17pt;color:${rgb(COLOR.muted)}}
.title .details{position:absolute;top:600pt;left:${pt(MARGIN.left)};right:${pt(MARGIN.right)};border-top:0.8pt solid ${rgb(COLOR.rule)};padding-top:12pt}
.title .details p{margin:0;font-size:10pt;line-height:15pt;color:${rgb(COLOR.muted)}}
section{break-before:page}
section>h1{margin:0 0 ${pt(SPACE.afterH1)};padding-bottom:4pt;border-bottom:1pt solid ${rgb(COLOR.accent)};font-size:${pt(TYPE.h1.size)};line-height:${pt(TYPE.h1.leading)};color:${rgb(TYPE.h1.color)}}
h2,h3,h4{margin:${pt(SPACE.beforeHeading)} 0 ${pt(SPACE.afterHeading)};break-after:avoid}
h2{font-size:${pt(TYPE.h2.size)};line-height:${pt(TYPE.h2.leading)};color:${rgb(TYPE.h2.color)}}
h3{font-size:${pt(TYPE.h3.size)};line-height:${pt(TYPE.h3.leading)}}
h4{font-size:${pt(TYPE.h4.size)};line-height:${pt(TYPE.h4.leading)};font-style:italic}
p{margin:${pt(SPACE.block)} 0 0;orphans:2;widows:2}
ul,ol{margin:${pt(SPACE.block)} 0 0;padding:0;list-style:none}
li{display:flex;margin-top:${pt(SPACE.listItem)}}
li .lbl{flex:0 0 ${pt(SPACE.listIndent)}}
li .lbody{flex:1}
li ul,li ol{margin-top:0}
table{margin-top:${pt(SPACE.block + 2)};width:100%;border-collapse:collapse;font-size:${pt(TYPE.table.size)};line-height:${pt(TYPE.table.leading)}}
thead{display:table-header-group}
tr{break-inside:avoid}
th{background:${rgb(COLOR.headerFill)};font-weight:700;border-bottom:0.8pt solid ${rgb(COLOR.accent)}}
th,td{padding:${pt(SPACE.cellPadY)} ${pt(SPACE.cellPadX)};vertical-align:top}
td{border-bottom:0.6pt solid ${rgb(COLOR.rule)}}
tbody tr:nth-child(even) td{background:${rgb(COLOR.stripe)}}
.chart{margin:${pt(SPACE.block + 4)} 0 0;break-inside:avoid}
.chart figcaption{font-weight:700;font-size:${pt(TYPE.chartTitle.size)};line-height:${pt(TYPE.chartTitle.leading)};margin-bottom:8pt}
.chart svg{display:block;font-family:"Noto Sans";font-size:${TYPE.chartLabel.size}px}
.chart .value{text-anchor:middle;font-weight:700;fill:${rgb(COLOR.text)}}
.chart .clabel{text-align:center;font-size:${TYPE.chartLabel.size}px;line-height:${TYPE.chartLabel.leading}px}
.watermark{position:fixed;left:50%;top:50%;transform:translate(-50%,-50%) rotate(-45deg);font-size:120pt;font-weight:700;color:${rgb(COLOR.watermark)};opacity:0.12;pointer-events:none}`;
}

/**
 * The bid's HTML page. `fonts` says where the four faces are loaded from; the page holds
 * no script and reaches nothing but those files.
 */
export function bidHtml(bid: BidDocument, fonts: FontUrls, rendererVersion: string): BidHtml {
  const width = 595.28 - MARGIN.left - MARGIN.right;
  const date = parseBidDate(bid.date);
  const author = text(bid.author).trim();
  const title = `<div class="title"><div class="band"></div><div class="competition">${escapeHtml(text(bid.competition))}<h1>${escapeHtml(text(bid.title))}</h1><p class="programme">${escapeHtml(text(bid.programmeName))}</p><p class="institution">${escapeHtml(text(bid.institution))}</p></div><div class="details"><p>Dated ${escapeHtml(writtenDate(date))}</p>${author ? `<p>Prepared by ${escapeHtml(author)}</p>` : ''}<p>Figures from snapshot ${escapeHtml(text(bid.snapshot.id) || '–')}</p><p>Snapshot taken ${escapeHtml(writtenTimestamp(bid.snapshot.takenAt))}</p></div></div>`;
  const sections = [...bid.sections, appendixSection(bid, rendererVersion)]
    .map((s) => section(s, width))
    .join('');
  const watermark = bid.draft ? '<div class="watermark" aria-hidden="true">DRAFT</div>' : '';
  const html = `<!DOCTYPE html><html lang="${escapeHtml(text(bid.lang) || 'en')}"><head><meta charset="utf-8"><title>${escapeHtml(text(bid.title))}</title><style>${css(fonts, width)}</style></head><body>${watermark}${title}${sections}</body></html>`;
  const footer = TYPE.footer;
  // The footer is a document of its own that loads nothing: "Noto Sans" here is the
  // system's (the bench adds the four faces to Chromium's fontconfig).
  const footerTemplate = `<div style="width:100%;margin:0 ${pt(MARGIN.left)} ${pt(SPACE.footerBaseline - footer.leading)};padding-top:4pt;border-top:0.5pt solid ${rgb(COLOR.rule)};display:flex;justify-content:space-between;font-family:&quot;Noto Sans&quot;;font-size:${pt(footer.size)};color:${rgb(footer.color)};-webkit-print-color-adjust:exact"><span>${escapeHtml(text(bid.programmeName))}</span><span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;
  return {
    html,
    footerTemplate,
    margin: {
      top: px(MARGIN.top),
      right: px(MARGIN.right),
      bottom: px(MARGIN.bottom),
      left: px(MARGIN.left),
    },
  };
}

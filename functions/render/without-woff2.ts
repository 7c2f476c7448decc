/**
 * Stands in for `brotli/decompress.js` in the Lambda bundles (esbuild `alias`, see
 * infra/bidwright-function.ts). fontkit needs Brotli only to open WOFF2 files, and half a
 * megabyte of decoder and dictionary would ship for it; the renderer opens nothing but its
 * own TTF faces (functions/render/fonts.ts), so a bundle fails loudly here if that changes.
 */
export default function decompress(): never {
  throw new Error('WOFF2 fonts cannot be opened: the renderer embeds TrueType faces only');
}

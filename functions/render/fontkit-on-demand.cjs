/**
 * What the PDF-rendering function's bundle sees as `fontkit` (esbuild `alias`, see
 * infra/bidwright-function.ts). The renderer reads its faces itself (truetype-font.ts) and
 * hands pdfkit its own parsed fonts, so fontkit is needed only for text beyond the fast
 * shaper's reach (shaping.ts), and then only its `create`. Loading it made up about half of
 * a cold start's module load; it is bundled apart as `fontkit.cjs` beside `index.mjs` and
 * required here the first time a face is opened.
 */
let fontkit;

/**
 * fontkit's `create`, from the file beside the bundle.
 *
 * @param {Uint8Array} bytes
 * @param {string} [postscriptName]
 */
exports.create = function create(bytes, postscriptName) {
  fontkit ??= require('./fontkit.cjs');
  return fontkit.create(bytes, postscriptName);
};

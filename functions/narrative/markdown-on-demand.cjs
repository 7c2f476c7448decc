/**
 * What the upload function's bundle sees as `marked` and as `yaml` (esbuild `alias`, see
 * APART_BUNDLES in infra/bidwright-function.ts): the three things the narrative uses of
 * them, loaded from their own bundle, `markdown.cjs` beside `index.mjs`, the first time one
 * is called. Its check reads Markdown and chart YAML only in a section without Liquid or a
 * chart written out in full, and the two were a third of its module.
 */
let readers;

function load() {
  readers ??= require('./markdown.cjs');
  return readers;
}

/**
 * marked's `Lexer`; `new Lexer(options)` returns marked's own lexer.
 *
 * @param {import('marked').MarkedOptions} [options]
 */
exports.Lexer = function Lexer(options) {
  return new (load().Lexer)(options);
};

/** yaml's `LineCounter`; `new LineCounter()` returns yaml's own. */
exports.LineCounter = function LineCounter() {
  return new (load().LineCounter)();
};

/**
 * yaml's `parseDocument`.
 *
 * @param {string} source
 * @param {import('yaml').ParseOptions & import('yaml').DocumentOptions & import('yaml').SchemaOptions} [options]
 */
exports.parseDocument = function parseDocument(source, options) {
  return load().parseDocument(source, options);
};

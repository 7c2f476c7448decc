const { inflateRawSync } = require('node:zlib');

/**
 * Stands in for `tiny-inflate` in the Lambda bundles (esbuild `alias`, see
 * infra/bidwright-function.ts): the same call, done by Node's zlib instead of JavaScript.
 * fontkit and unicode-properties inflate their Unicode tables with it as they load, and the
 * JavaScript inflater spent about a tenth of the render function's module load there.
 * CommonJS, as tiny-inflate is, because unicode-trie `require`s it.
 *
 * Like tiny-inflate, it fills `dest` with the raw DEFLATE `source` and returns `dest`, or
 * the filled part of it when the data is shorter.
 *
 * @param {Uint8Array} source
 * @param {Uint8Array} dest
 * @returns {Uint8Array}
 */
module.exports = function inflate(source, dest) {
  const inflated = inflateRawSync(source, {
    maxOutputLength: Math.max(1, dest.length),
  });
  dest.set(inflated);
  return inflated.length < dest.length ? dest.slice(0, inflated.length) : dest;
};

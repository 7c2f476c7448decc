/**
 * Stands in for `linebreak` in the Lambda bundles (esbuild `alias`, see
 * infra/bidwright-function.ts). pdfkit's own `text()` layout uses it, and decoding its
 * Unicode table cost a few milliseconds of every cold start; the renderer lays out lines
 * itself (functions/render/text-layout.ts) and never calls `text()`, so a bundle fails
 * loudly here if that changes.
 */
export default class LineBreaker {
  constructor() {
    throw new Error(
      "pdfkit's text() layout is not available: lines are laid out by text-layout.ts",
    );
  }
}

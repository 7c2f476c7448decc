/**
 * Stands in for `@noble/ciphers/aes` in the Lambda bundles (esbuild `alias`, see
 * infra/bidwright-function.ts). pdfkit imports AES for password-protected PDFs, and building
 * its tables cost about 7 ms of every cold start; bids are never encrypted, so a bundle
 * fails loudly here if that changes.
 */
function refuse(): never {
  throw new Error('PDF encryption is not available: bids are written unencrypted');
}

export const cbc = refuse;
export const ecb = refuse;

import { getBidPdf } from '../bids/get-bid-pdf.js';
import { httpHandler, type Provider } from '../http/http-handler.js';
import { pathParameter } from '../http/request.js';
import { json } from '../http/response.js';
import { bidIdSchema } from '../ids/ids.js';
import {
  type PdfLinkDependencies,
  productionPdfLinkDependencies,
} from './pdf-link-dependencies.js';

/** `{url, expiresAt}`: a presigned link valid for 5 minutes; the download is audited. */
export function createGetBidPdfHandler(dependencies: Provider<PdfLinkDependencies>) {
  return httpHandler('get-bid-pdf', dependencies, async (request, deps) => {
    const id = pathParameter(request, 'id', bidIdSchema);
    return json(200, await getBidPdf(deps, { id, by: request.caller.name }));
  });
}

export const handler = createGetBidPdfHandler(productionPdfLinkDependencies);

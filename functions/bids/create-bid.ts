import type { Clock } from '../clock.js';
import type { ChangesSincePrevious, SnapshotRef } from '../document-model.js';
import {
  ConflictError,
  IdempotencyKeyReusedError,
  NotFoundError,
  UnrenderableBidError,
} from '../errors/errors.js';
import type { IdGenerator } from '../ids/ids.js';
import { TemplateError } from '../narrative/template-error.js';
import { UncoveredCharacterError } from '../render/coverage.js';
import { diffFigures, type JsonValue } from '../snapshots/diff-figures.js';
import type { Snapshot } from '../snapshots/snapshot.js';
import { snapshotFor } from '../snapshots/take-snapshot.js';
import type { BidStore } from '../stores/bid-store.js';
import type { PdfStore } from '../stores/pdf-store.js';
import type { ProgrammeStore } from '../stores/programme-store.js';
import { SnapshotFiguresStoredError, type SnapshotStore } from '../stores/snapshot-store.js';
import { pdfObjectKey } from '../stores/table-definition.js';
import type { TemplateStore } from '../stores/template-store.js';
import { templateProblem } from '../templates/parse-template.js';
import type { TemplateVersion } from '../templates/template-version.js';
import type { Bid } from './bid.js';
import type { CreateBidRequest } from './create-bid-request.js';
import type { DraftBid, DraftBidInput } from './draft-bid.js';
import {
  IDEMPOTENCY_TTL_SECONDS,
  IdempotencyKeyTakenError,
  type IdempotencyRecord,
  idempotencyScope,
  requestHash,
} from './idempotency.js';

/** The bid engine (`draftBid`), injected so that only this use case loads the renderer. */
export type RenderBid = (input: DraftBidInput) => Promise<DraftBid>;

export interface CreateBidDependencies {
  programmes: ProgrammeStore;
  snapshots: SnapshotStore;
  templates: TemplateStore;
  bids: BidStore;
  pdfs: PdfStore;
  clock: Clock;
  ids: IdGenerator;
  renderBid: RenderBid;
}

export interface Caller {
  /** The token's subject: idempotency keys are scoped to it. */
  sub: string;
  /** How the caller is named in the audit trail. */
  name: string;
}

export interface CreateBidInput {
  request: CreateBidRequest;
  caller: Caller;
  idempotencyKey?: string;
}

/**
 * Renders a draft bid from one snapshot and one template version (`POST /bids`).
 *
 * 1. With an Idempotency-Key the caller used before: the same body returns that bid
 *    (`replayed`), a different body is a 409.
 * 2. Resolve the inputs, each unknown one a NotFoundError naming it: the template version
 *    (newest when not given), the programme, the snapshot (when not given: the newest, or
 *    a new one of the live figures if they changed since or there is none).
 * 3. Render, dated by the snapshot (the day its figures were frozen), so that the same
 *    snapshot, template version and renderer give the same bytes on any later day; a
 *    template that reads a figure the snapshot lacks is a 422 naming the figure, section
 *    and line.
 * 4. Upload the PDF, then write the bid, its `created` event, the idempotency record and,
 *    when the figures were frozen for this bid, the new snapshot in one transaction: a bid
 *    item never exists without its PDF (a PDF without an item is invisible), and a refused
 *    request stores no snapshot.
 * 5. If a concurrent duplicate won the key, delete this PDF and return the winner's bid;
 *    if the key turns out to hold this bid (its transaction committed unseen), keep it; if
 *    it holds another request's bid, delete this PDF and answer 409.
 * 6. If a concurrent request stored a snapshot of the same figures first, delete this PDF
 *    and start again from step 2, which now finds that snapshot (the PDF prints the
 *    snapshot's id, so it is rendered again).
 */
export async function createBid(
  deps: CreateBidDependencies,
  { request, caller, idempotencyKey }: CreateBidInput,
): Promise<{ bid: Bid; replayed: boolean }> {
  const idempotency =
    idempotencyKey === undefined
      ? undefined
      : { scope: idempotencyScope(caller.sub, idempotencyKey), requestHash: requestHash(request) };
  if (idempotency) {
    const earlier = await replay(deps.bids, idempotency, deps.clock.now());
    if (earlier) return { bid: earlier, replayed: true };
  }

  // Independent reads, made together; when both fail, the template's error is the one told.
  const [templateRead, sourceRead] = await Promise.allSettled([
    resolveTemplate(deps.templates, request),
    resolveSnapshot(deps, request, caller),
  ]);
  if (templateRead.status === 'rejected') throw templateRead.reason;
  if (sourceRead.status === 'rejected') throw sourceRead.reason;
  const template = templateRead.value;
  let source = sourceRead.value;
  for (let attempt = 1; ; attempt++) {
    try {
      return await renderAndStore(deps, request, caller, { source, template, idempotency });
    } catch (error) {
      if (!(error instanceof SnapshotFiguresStoredError) || attempt >= SNAPSHOT_ATTEMPTS) {
        throw error;
      }
      source = await resolveSnapshot(deps, request, caller);
    }
  }
}

/**
 * How many times a request renders before it gives up on figures that concurrent requests
 * keep freezing first: the second attempt finds their snapshot stored, so a third is needed
 * only when the figures changed again in between.
 */
const SNAPSHOT_ATTEMPTS = 3;

/** Steps 3 to 5: render from the snapshot, then store the bid (and a new snapshot) with its PDF. */
async function renderAndStore(
  deps: CreateBidDependencies,
  request: CreateBidRequest,
  caller: Caller,
  {
    source: { snapshot, stored, previous },
    template,
    idempotency,
  }: {
    source: SnapshotSource;
    template: TemplateVersion;
    idempotency: { scope: string; requestHash: string } | undefined;
  },
): Promise<{ bid: Bid; replayed: boolean }> {
  const draft = await render(deps, { snapshot, previous, template });
  const now = deps.clock.now();
  const bid: Bid = {
    id: deps.ids.bidId(),
    programmeId: request.programmeId,
    templateId: template.id,
    templateVersion: template.version,
    snapshotId: snapshot.id,
    status: 'draft',
    createdAt: now.toISOString(),
    createdBy: caller.name,
    pdf: { sha256: draft.pdf.sha256, bytes: draft.pdf.bytes.byteLength, pages: draft.pdf.pages },
    warnings: draft.warnings,
  };
  return store(deps, {
    bid,
    bytes: draft.pdf.bytes,
    idempotency: idempotency && {
      ...idempotency,
      bidId: bid.id,
      expiresAt: Math.floor(now.getTime() / 1000) + IDEMPOTENCY_TTL_SECONDS,
    },
    snapshot: stored ? undefined : snapshot,
  });
}

/**
 * Steps 4 and 5: the PDF, then the bid in one transaction, or the winner of the key. The PDF
 * is deleted only when the transaction certainly wrote nothing of this bid.
 */
async function store(
  { bids, pdfs, clock }: CreateBidDependencies,
  {
    bid,
    bytes,
    idempotency,
    snapshot,
  }: {
    bid: Bid;
    bytes: Uint8Array;
    idempotency: IdempotencyRecord | undefined;
    snapshot: Snapshot | undefined;
  },
): Promise<{ bid: Bid; replayed: boolean }> {
  const pdfKey = pdfObjectKey(bid.id, bid.pdf.sha256);
  const discardPdf = () => pdfs.delete(pdfKey).catch(() => undefined);
  await pdfs.put(pdfKey, bytes);
  try {
    await bids.create({
      bid,
      created: { type: 'created', at: bid.createdAt, by: bid.createdBy },
      ...(idempotency && { idempotency }),
      ...(snapshot && { snapshot }),
    });
    return { bid, replayed: false };
  } catch (error) {
    if (error instanceof SnapshotFiguresStoredError) {
      await discardPdf();
      throw error;
    }
    if (!(error instanceof IdempotencyKeyTakenError) || !idempotency) throw error;
    let winner: Bid | null;
    try {
      winner = await replay(bids, idempotency, clock.now());
    } catch (replayError) {
      // The key holds another request's body, so it holds another bid.
      if (replayError instanceof IdempotencyKeyReusedError) await discardPdf();
      throw replayError;
    }
    // The key may be held by this very bid: the transaction committed, its response was
    // lost, and the retry found its own record. Then the PDF is the bid's and stays.
    if (winner?.id === bid.id) return { bid, replayed: false };
    await discardPdf();
    if (!winner) {
      throw new ConflictError('the Idempotency-Key is in use; try again', { cause: error });
    }
    return { bid: winner, replayed: true };
  }
}

/** The bid an earlier request with this key made, or null when the key is unused. */
async function replay(
  bids: BidStore,
  { scope, requestHash: hash }: { scope: string; requestHash: string },
  now: Date,
): Promise<Bid | null> {
  const record = await bids.findIdempotency(scope, Math.floor(now.getTime() / 1000));
  if (!record) return null;
  if (record.requestHash !== hash) throw new IdempotencyKeyReusedError();
  const bid = await bids.get(record.bidId);
  if (!bid) throw new Error(`idempotency record points at a missing bid ${record.bidId}`);
  return bid;
}

async function resolveTemplate(
  templates: TemplateStore,
  { templateId, templateVersion }: CreateBidRequest,
): Promise<TemplateVersion> {
  const template = await templates.get(templateId, templateVersion);
  if (template) return template;
  if (templateVersion !== undefined && (await templates.latestVersion(templateId)) > 0) {
    throw new NotFoundError('template version', `${templateId}@${templateVersion}`);
  }
  throw new NotFoundError('template', templateId);
}

/**
 * The snapshot to render, whether it is stored yet, and the one before it (for the
 * appendix's changes), read together: the programme with the two newest snapshots, or with
 * the named snapshot and the one before it.
 */
async function resolveSnapshot(
  deps: CreateBidDependencies,
  { programmeId, snapshotId }: CreateBidRequest,
  caller: Caller,
): Promise<SnapshotSource> {
  if (snapshotId === undefined) {
    const [record, newest] = await Promise.all([
      deps.programmes.get(programmeId),
      deps.snapshots.latestAndPrevious(programmeId),
    ]);
    if (!record) throw new NotFoundError('programme', programmeId);
    const next = snapshotFor(deps, record.programme, newest.latest, caller.name);
    return { ...next, previous: next.stored ? newest.previous : newest.latest };
  }
  const [record, snapshot, previous] = await Promise.all([
    deps.programmes.get(programmeId),
    deps.snapshots.get(programmeId, snapshotId),
    deps.snapshots.previous(programmeId, snapshotId),
  ]);
  if (!record) throw new NotFoundError('programme', programmeId);
  if (!snapshot) throw new NotFoundError('snapshot', snapshotId);
  return { snapshot, stored: true, previous };
}

interface SnapshotSource {
  snapshot: Snapshot;
  stored: boolean;
  previous: Snapshot | null;
}

async function render(
  { renderBid }: Pick<CreateBidDependencies, 'renderBid'>,
  {
    snapshot,
    previous,
    template,
  }: { snapshot: Snapshot; previous: Snapshot | null; template: TemplateVersion },
): Promise<DraftBid> {
  const ref: SnapshotRef = { id: snapshot.id, takenAt: snapshot.takenAt, sha256: snapshot.sha256 };
  try {
    return await renderBid({
      programme: snapshot.programme,
      snapshot: ref,
      template: template.source,
      date: snapshot.takenAt.slice(0, 10),
      draft: true,
      ...(previous ? { changesSincePrevious: changesSince(previous, snapshot) } : {}),
    });
  } catch (error) {
    if (error instanceof TemplateError) {
      throw new UnrenderableBidError(
        `template "${template.id}" version ${template.version} cannot be rendered from snapshot ${snapshot.id}: ${error.message}`,
        [templateProblem(error)],
        { cause: error },
      );
    }
    if (error instanceof UncoveredCharacterError) {
      throw new UnrenderableBidError(
        `template "${template.id}" version ${template.version} cannot be rendered from snapshot ${snapshot.id}: ${error.message}`,
        [
          {
            ...(error.section ? { section: error.section } : {}),
            kind: 'typeface',
            message: error.message,
          },
        ],
        { cause: error },
      );
    }
    throw error;
  }
}

/** The appendix's list of what differs from the snapshot before this one. */
function changesSince(previous: Snapshot, snapshot: Snapshot): ChangesSincePrevious {
  const shown = (value: JsonValue | undefined) =>
    value === undefined || value === null
      ? ''
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  return {
    snapshotId: previous.id,
    takenAt: previous.takenAt,
    changes: diffFigures(previous.programme, snapshot.programme).map((change) => ({
      path: change.path,
      before: shown(change.before),
      after: shown(change.after),
    })),
  };
}

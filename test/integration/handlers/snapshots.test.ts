import { beforeAll, describe, expect, it } from 'vitest';
import { createCreateSnapshotHandler } from '../../../functions/handlers/create-snapshot.js';
import { createDiffSnapshotsHandler } from '../../../functions/handlers/diff-snapshots.js';
import { createGetSnapshotHandler } from '../../../functions/handlers/get-snapshot.js';
import { createListSnapshotsHandler } from '../../../functions/handlers/list-snapshots.js';
import { createPutProgrammeHandler } from '../../../functions/handlers/put-programme.js';
import { contentHash } from '../../../functions/snapshots/canonical-json.js';
import { asReviewer, httpEvent } from '../../fixtures/events/http-event.js';
import { programmeWith } from '../support/fixtures.js';
import { invoke } from '../support/invoke.js';
import { createTestStack, type TestStack } from '../support/test-stack.js';

let stack: TestStack;
let take: ReturnType<typeof createCreateSnapshotHandler>;
let list: ReturnType<typeof createListSnapshotsHandler>;
let getOne: ReturnType<typeof createGetSnapshotHandler>;
let diff: ReturnType<typeof createDiffSnapshotsHandler>;

beforeAll(async () => {
  stack = await createTestStack();
  take = createCreateSnapshotHandler(stack.deps);
  list = createListSnapshotsHandler(stack.deps);
  getOne = createGetSnapshotHandler(stack.deps);
  diff = createDiffSnapshotsHandler(stack.deps);
});

async function storeProgramme(id: string, change?: (doc: any) => void) {
  const reply = await invoke(
    createPutProgrammeHandler(stack.deps),
    httpEvent({
      method: 'PUT',
      route: '/programmes/{id}',
      params: { id },
      body: programmeWith(id, change),
    }),
  );
  expect(reply.status).toBeLessThan(300);
}

const takeEvent = (id: string, claims = {}) =>
  httpEvent({ method: 'POST', route: '/programmes/{id}/snapshots', params: { id }, ...claims });

describe('Handler: create-snapshot', () => {
  it('freezes the figures with 201, returns the same snapshot with 200 while they are unchanged, and a new one after a change', async () => {
    // Prepare
    await storeProgramme('frozen');

    // Act
    const first = await invoke(take, takeEvent('frozen'));
    const again = await invoke(take, takeEvent('frozen'));
    await storeProgramme('frozen', (doc) => (doc.trainees.current = 117));
    const changed = await invoke(take, takeEvent('frozen'));

    // Assess
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      programmeId: 'frozen',
      sha256: contentHash(programmeWith('frozen')),
      takenBy: 'ada.writer',
      programme: { id: 'frozen', trainees: { current: 116 } },
    });
    expect(again).toMatchObject({ status: 200, body: { id: first.body.id } });
    expect(changed.status).toBe(201);
    expect(changed.body.id).not.toBe(first.body.id);
    expect(changed.body.programme.trainees.current).toBe(117);
  });

  it('freezes the figures stored when it writes: a programme saved after it was read is read again', async () => {
    // Prepare: the programme is saved again once its figures were read, before they are stored.
    await storeProgramme('saved-meanwhile');
    const snapshots = stack.deps.snapshots;
    let saves = 0;
    const savedMeanwhile = Object.assign(Object.create(snapshots), {
      create: async (...args: Parameters<typeof snapshots.create>) => {
        if (saves++ === 0)
          await storeProgramme('saved-meanwhile', (doc) => (doc.trainees.current = 140));
        return snapshots.create(...args);
      },
    });
    const handler = createCreateSnapshotHandler({ ...stack.deps, snapshots: savedMeanwhile });

    // Act
    const reply = await invoke(handler, takeEvent('saved-meanwhile'));

    // Assess
    expect(reply.status).toBe(201);
    expect(reply.body.programme.trainees.current).toBe(140);
    expect(reply.body.sha256).toBe(
      contentHash(programmeWith('saved-meanwhile', (doc) => (doc.trainees.current = 140))),
    );
    expect((await stack.deps.snapshots.latest('saved-meanwhile'))?.id).toBe(reply.body.id);
  });

  it('answers 404 for an unknown programme and 403 for a reviewer, writing nothing', async () => {
    // Prepare
    await storeProgramme('reviewed-only');
    const before = await stack.tableItems();

    // Act
    const unknown = await invoke(take, takeEvent('no-such-programme'));
    const reviewer = await invoke(take, takeEvent('reviewed-only', { claims: asReviewer }));

    // Assess
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.details).toEqual([
      { resource: 'programme', id: 'no-such-programme' },
    ]);
    expect(reviewer.status).toBe(403);
    expect(await stack.tableItems()).toEqual(before);
  });
});

describe('Handler: list-snapshots and get-snapshot', () => {
  it('lists snapshots newest first in pages and returns one with its figures', async () => {
    // Prepare
    await storeProgramme('listed');
    const taken: string[] = [];
    for (const current of [1, 2, 3]) {
      await storeProgramme('listed', (doc) => (doc.trainees.current = current));
      taken.push((await invoke(take, takeEvent('listed'))).body.id);
    }
    const listEvent = (query: Record<string, string>) =>
      httpEvent({
        method: 'GET',
        route: '/programmes/{id}/snapshots',
        params: { id: 'listed' },
        query,
        claims: asReviewer,
      });

    // Act
    const first = await invoke(list, listEvent({ limit: '2' }));
    const second = await invoke(list, listEvent({ limit: '2', cursor: first.body.nextCursor }));
    const one = await invoke(
      getOne,
      httpEvent({
        method: 'GET',
        route: '/programmes/{id}/snapshots/{snapshotId}',
        params: { id: 'listed', snapshotId: taken[0] ?? '' },
        claims: asReviewer,
      }),
    );

    // Assess
    expect([...first.body.items, ...second.body.items].map((s: { id: string }) => s.id)).toEqual(
      [...taken].reverse(),
    );
    expect(first.body.items[0]).not.toHaveProperty('programme');
    expect(one).toMatchObject({
      status: 200,
      body: { id: taken[0], programme: { trainees: { current: 1 } } },
    });
  });

  it('answers 404 naming the snapshot or the programme, and 400 for a snapshot id of the wrong form', async () => {
    // Prepare
    await storeProgramme('without-snapshots');
    const getEvent = (id: string, snapshotId: string) =>
      httpEvent({
        method: 'GET',
        route: '/programmes/{id}/snapshots/{snapshotId}',
        params: { id, snapshotId },
      });

    // Act
    const noSnapshot = await invoke(
      getOne,
      getEvent('without-snapshots', '20260101T000000000Z-00000000'),
    );
    const noProgramme = await invoke(getOne, getEvent('nowhere', '20260101T000000000Z-00000000'));
    const hostile = await invoke(getOne, getEvent('without-snapshots', '../../PROFILE'));
    const emptyList = await invoke(
      list,
      httpEvent({ method: 'GET', route: '/programmes/{id}/snapshots', params: { id: 'nowhere' } }),
    );

    // Assess
    expect(noSnapshot.body.error.details).toEqual([
      { resource: 'snapshot', id: '20260101T000000000Z-00000000' },
    ]);
    expect(noProgramme.body.error.details).toEqual([{ resource: 'programme', id: 'nowhere' }]);
    expect(hostile).toMatchObject({
      status: 400,
      body: { error: { details: [{ path: 'snapshotId' }] } },
    });
    expect(emptyList.status).toBe(404);
  });
});

describe('Handler: diff-snapshots', () => {
  const diffEvent = (id: string, snapshotId: string, query: Record<string, string> = {}) =>
    httpEvent({
      method: 'GET',
      route: '/programmes/{id}/snapshots/{snapshotId}/diff',
      params: { id, snapshotId },
      query,
      claims: asReviewer,
    });

  async function takeTwo(id: string): Promise<[string, string]> {
    await storeProgramme(id);
    const first = (await invoke(take, takeEvent(id))).body.id;
    await storeProgramme(id, (doc) => {
      doc.trainees.current = 120;
      doc.progression[0].progressed = 43;
    });
    const second = (await invoke(take, takeEvent(id))).body.id;
    return [first, second];
  }

  it('lists the figures that changed between two snapshots, by id and as previous', async () => {
    // Prepare
    const [first, second] = await takeTwo('diffed');
    const expected = [
      { path: 'trainees.current', before: 116, after: 120 },
      { path: 'progression[0].progressed', before: 55, after: 43 },
      { path: 'figures.progression[0].progressed', before: 55, after: 43 },
      { path: 'figures.progression[0].rate', before: 64, after: 50 },
    ];

    // Act
    const byId = await invoke(diff, diffEvent('diffed', second, { against: first }));
    const previous = await invoke(diff, diffEvent('diffed', second, { against: 'previous' }));

    // Assess
    expect(byId).toMatchObject({
      status: 200,
      body: { programmeId: 'diffed', snapshotId: second, against: first, changes: expected },
    });
    expect(previous).toMatchObject({
      status: 200,
      body: { programmeId: 'diffed', snapshotId: second, against: first, changes: expected },
    });
  });

  it('answers 404 for the first snapshot against previous, and naming an unknown snapshot or programme', async () => {
    // Prepare
    const [first, second] = await takeTwo('diffed-missing');
    const unknown = '20260101T000000000Z-00000000';

    // Act
    const noPrevious = await invoke(
      diff,
      diffEvent('diffed-missing', first, { against: 'previous' }),
    );
    const unknownAgainst = await invoke(
      diff,
      diffEvent('diffed-missing', second, { against: unknown }),
    );
    const unknownSnapshot = await invoke(
      diff,
      diffEvent('diffed-missing', unknown, { against: first }),
    );
    const unknownProgramme = await invoke(diff, diffEvent('nowhere', second, { against: first }));

    // Assess
    expect(noPrevious.status).toBe(404);
    expect(noPrevious.body.error.message).toContain('no earlier snapshot');
    expect(noPrevious.body.error.details).toEqual([{ resource: 'previous snapshot', id: first }]);
    expect(unknownAgainst.status).toBe(404);
    expect(unknownAgainst.body.error.details).toEqual([{ resource: 'snapshot', id: unknown }]);
    expect(unknownSnapshot.status).toBe(404);
    expect(unknownSnapshot.body.error.details).toEqual([{ resource: 'snapshot', id: unknown }]);
    expect(unknownProgramme.body.error.details).toEqual([{ resource: 'programme', id: 'nowhere' }]);
  });

  it('answers 400 naming against when it is missing or not a snapshot id', async () => {
    // Prepare
    const [, second] = await takeTwo('diffed-invalid');

    // Act
    const missing = await invoke(diff, diffEvent('diffed-invalid', second));
    const malformed = await invoke(
      diff,
      diffEvent('diffed-invalid', second, { against: '../../PROFILE' }),
    );

    // Assess
    for (const reply of [missing, malformed]) {
      expect(reply).toMatchObject({
        status: 400,
        body: { error: { details: [{ path: 'against' }] } },
      });
    }
  });
});

import { ValidationError } from '../../errors/errors.js';
import { BID_ID, SNAPSHOT_ID } from '../../ids/ids.js';
import { SLUG } from '../../programmes/programme-schema.js';

/**
 * Every key the table holds (the layout is in table-definition.ts). Ids are checked again here, so that no
 * caller can put a `#` or an empty string into a key even if an earlier check was skipped.
 */

function checked(id: string, pattern: RegExp, what: string): string {
  if (!pattern.test(id)) {
    throw new ValidationError(what, [
      { path: '', message: `"${id.slice(0, 80)}" is not a ${what}` },
    ]);
  }
  return id;
}

const programmeId = (id: string) => checked(id, SLUG, 'programme id');
const templateId = (id: string) => checked(id, SLUG, 'template id');
const bidId = (id: string) => checked(id, BID_ID, 'bid id');
const snapshotId = (id: string) => checked(id, SNAPSHOT_ID, 'snapshot id');

export const PROGRAMMES_LIST = 'PROGRAMMES';
export const TEMPLATES_LIST = 'TEMPLATES';

export const programmePk = (id: string) => `PROG#${programmeId(id)}`;
export const templatePk = (id: string) => `TPL#${templateId(id)}`;
export const bidPk = (id: string) => `BID#${bidId(id)}`;

export const keys = {
  programme: (id: string) => ({ PK: programmePk(id), SK: 'PROFILE' }),
  snapshot: (programme: string, id: string) => ({
    PK: programmePk(programme),
    SK: `SNAP#${snapshotId(id)}`,
  }),
  /** Content hash of a programme's last stored snapshot: stops concurrent duplicates. */
  snapshotHead: (programme: string) => ({ PK: programmePk(programme), SK: 'SNAPHEAD' }),
  templateVersion: (id: string, version: number) => ({
    PK: templatePk(id),
    SK: `V#${String(version).padStart(4, '0')}`,
  }),
  templateLatest: (id: string) => ({ PK: templatePk(id), SK: 'LATEST' }),
  bid: (id: string) => ({ PK: bidPk(id), SK: 'META' }),
  bidEvent: (id: string, at: string, suffix: string) => ({
    PK: bidPk(id),
    SK: `EVENT#${at}#${suffix}`,
  }),
  idempotency: (scope: string) => ({ PK: `IDEM#${scope}`, SK: 'IDEM' }),
};

export type Key = { PK: string; SK: string };

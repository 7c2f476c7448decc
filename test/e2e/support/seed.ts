import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { loadTemplateFolder } from '../../../functions/narrative/load-template-folder.js';
import type { TemplateSource } from '../../../functions/narrative/template-schema.js';
import type { ApiClient } from '../../../local/api-client.js';
import { programmeWith } from '../../integration/support/fixtures.js';

export const nihrIcatTemplate = (): Promise<TemplateSource> =>
  loadTemplateFolder(fileURLToPath(new URL('../../../templates/nihr-icat', import.meta.url)));

export interface Seeded {
  programmeId: string;
  snapshotId: string;
  templateId: string;
  templateVersion: number;
}

/** The example programme under `programmeId`, a snapshot of it and the NIHR ICAT template, via the API. */
export async function seedOverHttp(writer: ApiClient, programmeId: string): Promise<Seeded> {
  const put = await writer.put(`/programmes/${programmeId}`, programmeWith(programmeId));
  expect(put.status).toBe(201);
  const snapshot = await writer.post<any>(`/programmes/${programmeId}/snapshots`);
  expect(snapshot.status).toBe(201);
  const template = await writer.put<any>('/templates/nihr-icat', await nihrIcatTemplate());
  expect(template.status).toBe(201);
  return {
    programmeId,
    snapshotId: snapshot.body.id,
    templateId: 'nihr-icat',
    templateVersion: template.body.version,
  };
}

import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_BUCKET_NAME } from '../../../local/emulators.js';

// The bucket convention, swapped for one the local stack could not have written out itself.
vi.mock('../../../functions/stores/table-definition.js', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  pdfBucketName: (stage: string) => `convention-${stage}-pdfs`,
}));

describe('Constant: DEFAULT_BUCKET_NAME', () => {
  it('names the local PDF bucket by the deployments’ bucket convention, for the stage local', () => {
    expect(DEFAULT_BUCKET_NAME).toBe('convention-local-pdfs');
  });
});

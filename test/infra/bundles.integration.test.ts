import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTemplateFolder } from '../../functions/narrative/load-template-folder.js';
import { pdfObjectKey } from '../../functions/stores/table-definition.js';
import { putTemplate } from '../../functions/templates/put-template.js';
import { APART_BUNDLES } from '../../infra/bidwright-function.js';
import { emulatorEnv } from '../../local/emulators.js';
import { httpEvent } from '../fixtures/events/http-event.js';
import { minimalTemplate, programmeWith } from '../integration/support/fixtures.js';
import { createTestStack, type TestStack } from '../integration/support/test-stack.js';
import { readPdf } from '../unit/render/pdf-text.js';
import {
  type Bundle,
  invokeBundle,
  isolate,
  removeBundleDirectories,
  synthBundles,
} from './support/bundles.js';

/** An error message of fontkit's cmap reader: in fontkit's code, minified or not. */
const FONTKIT_MARK = 'Unknown cmap format';
/** Error messages of marked and of yaml, likewise. */
const MARKED_MARK = 'input parameter is undefined or null';
const YAML_MARK = 'Implicit keys need to be on a single line';

/**
 * The Lambda bundles as CDK builds them (esbuild, one synth of the real app), each copied
 * into an empty directory with no node_modules around it, loaded by plain node and invoked
 * once against the emulators. Proves the bundles carry everything they need: the pdfkit
 * build, the Noto Sans faces create-bid's renderer reads, the AWS SDK.
 */
let bundles: Map<string, Bundle>;
let stack: TestStack;
let env: Record<string, string>;

beforeAll(async () => {
  bundles = synthBundles();
  stack = await createTestStack();
  env = emulatorEnv(
    process.env.AWS_ENDPOINT_URL_DYNAMODB ?? '',
    process.env.AWS_ENDPOINT_URL_S3 ?? '',
    stack.tableName,
    stack.bucketName,
  );
}, 120_000);

afterAll(() => removeBundleDirectories());

function bundle(handler: string): Bundle {
  const found = bundles.get(handler);
  if (!found) throw new Error(`no bundle for ${handler}`);
  return found;
}

describe('Lambda bundles under plain node', () => {
  it('get-health answers 200 from its bundle alone', async () => {
    const health = bundle('get-health');
    const run = await invokeBundle(
      isolate(health),
      health,
      httpEvent({ method: 'GET', route: '/health', claims: null }),
      {},
    );
    expect(run.result.statusCode).toBe(200);
    expect(JSON.parse(run.result.body ?? '{}')).toEqual({ status: 'ok' });
  });

  it("logs an unexpected error with our frames' TypeScript lines, from the shipped map", async () => {
    // Prepare: a table that is not there is an error no use case expects (a 500).
    const get = bundle('get-programme');
    // Act
    const run = await invokeBundle(
      isolate(get),
      get,
      httpEvent({ method: 'GET', route: '/programmes/{id}', params: { id: 'any' } }),
      { ...env, TABLE_NAME: 'no-such-table', POWERTOOLS_LOG_LEVEL: 'ERROR' },
    );
    // Assess
    expect(run.result.statusCode).toBe(500);
    const logged = run.logs.map((line) => JSON.parse(line) as { error?: { stack?: string } });
    const stack = logged.find((entry) => entry.error?.stack)?.error?.stack ?? '';
    expect(stack).toMatch(/^ResourceNotFoundException/);
    expect(stack).toMatch(/functions\/stores\/dynamodb\/programme-store\.ts:\d+:\d+/);
  });

  it('put-programme stores a programme in DynamoDB', async () => {
    const put = bundle('put-programme');
    const run = await invokeBundle(
      isolate(put),
      put,
      httpEvent({
        method: 'PUT',
        route: '/programmes/{id}',
        params: { id: 'bundled' },
        body: programmeWith('bundled'),
      }),
      env,
    );
    expect(run.result.statusCode).toBe(201);
    expect(await stack.deps.programmes.get('bundled')).not.toBeNull();
  });

  it('create-bid renders a PDF with the shipped fonts and puts it in S3', async () => {
    // Prepare: Greek in the programme's name is shaped by fontkit, which the bundle loads
    // from its own file, fontkit.cjs, only for such text.
    const source = await loadTemplateFolder(
      fileURLToPath(new URL('../../templates/nihr-icat', import.meta.url)),
    );
    await putTemplate(stack.deps, { id: 'nihr-icat', source, by: 'seed' });
    const create = bundle('create-bid');
    const code = readFileSync(join(create.assetDir, 'index.mjs'), 'utf8');
    const fontkit = readFileSync(join(create.assetDir, 'fontkit.cjs'), 'utf8');
    expect(fontkit).toContain(FONTKIT_MARK);
    expect(code).not.toContain(FONTKIT_MARK);
    await stack.deps.programmes.save({
      programme: programmeWith('bundled-bid', (doc) => {
        doc.name = 'Θεραπεία και έρευνα Programme';
      }),
      expected: { kind: 'any' },
      at: new Date().toISOString(),
      by: 'seed',
    });
    // Act
    const run = await invokeBundle(
      isolate(create),
      create,
      httpEvent({
        method: 'POST',
        route: '/bids',
        body: { programmeId: 'bundled-bid', templateId: 'nihr-icat' },
      }),
      env,
    );
    expect(run.result.statusCode, run.result.body).toBe(201);
    const bid = JSON.parse(run.result.body ?? '{}') as { id: string; pdf: { sha256: string } };
    expect(bid.pdf.sha256).toMatch(/^[0-9a-f]{64}$/);
    const pdf = await stack.deps.pdfs.get(pdfObjectKey(bid.id, bid.pdf.sha256));
    expect(
      Buffer.from(pdf ?? new Uint8Array())
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');
    expect((await readPdf(pdf ?? new Uint8Array())).text).toContain(
      'Θεραπεία και έρευνα Programme',
    );
  });

  it('put-template checks Markdown and charts with marked and yaml from their own file, markdown.cjs', async () => {
    // Prepare: a section without Liquid (read by marked, its chart by yaml), and a chart
    // written out in full among Liquid (yaml alone) whose values are not all numbers. The
    // code of marked and yaml is in the file apart only.
    const put = bundle('put-template');
    const code = readFileSync(join(put.assetDir, 'index.mjs'), 'utf8');
    const checks = readFileSync(join(put.assetDir, APART_BUNDLES.markdown.file), 'utf8');
    for (const mark of [MARKED_MARK, YAML_MARK]) {
      expect(checks).toContain(mark);
      expect(code).not.toContain(mark);
    }
    const chart = (first: string, values: string) =>
      `${first}\n\n\`\`\`chart\ntype: bar\ntitle: Posts\nlabels: [ACF, ACL]\nvalues: ${values}\n\`\`\`\n`;
    const put1 = (body: unknown) =>
      invokeBundle(
        isolate(put),
        put,
        httpEvent({ method: 'PUT', route: '/templates/{id}', params: { id: 'apart' }, body }),
        env,
      );

    // Act
    const stored = await put1(minimalTemplate('apart', chart('Our posts.', '[28, 12]')));
    const refused = await put1(
      minimalTemplate('apart', chart('We hold {{ figures.posts.total }} posts.', '[28, lots]')),
    );

    // Assess
    expect(stored.result.statusCode, stored.result.body).toBe(201);
    expect(refused.result.statusCode).toBe(400);
    expect(JSON.parse(refused.result.body ?? '{}').error.details).toEqual([
      expect.objectContaining({ section: 'posts', line: 7, kind: 'chart' }),
    ]);
    expect(await stack.deps.templates.latestVersion('apart')).toBe(1);
  });

  it('ships beside each index.mjs every file apart that it loads, and no other', () => {
    for (const { handler, assetDir } of bundles.values()) {
      const code = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
      for (const { file } of Object.values(APART_BUNDLES)) {
        expect(existsSync(join(assetDir, file)), `${handler}: ${file}`).toBe(
          code.includes(`./${file}`),
        );
      }
    }
  });

  it('take-snapshots freezes the stored programmes from its bundle, with no bucket name', async () => {
    const take = bundle('take-snapshots');
    const { BUCKET_NAME: _, ...tableOnly } = env;
    const event = JSON.parse(
      readFileSync(new URL('../fixtures/events/scheduled-event.json', import.meta.url), 'utf8'),
    );
    const run = await invokeBundle(isolate(take), take, event, {
      ...tableOnly,
      POWERTOOLS_METRICS_DISABLED: 'true',
    });
    expect(run.result).toMatchObject({ failed: 0 });
    expect(run.result.scanned).toBeGreaterThanOrEqual(1);
    expect(await stack.deps.snapshots.latest('bundled')).toMatchObject({ takenBy: 'schedule' });
  });
});

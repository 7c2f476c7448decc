import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createDependencies } from './functions/handlers/dependencies.js';
import { loadTemplateFolder } from './functions/narrative/load-template-folder.js';
import { putTemplate } from './functions/templates/put-template.js';
import { LOCAL_CREDENTIALS, startEmulators } from './local/emulators.js';
import { httpEvent } from './test/fixtures/events/http-event.js';

const programme = JSON.parse(readFileSync('local/example-programme.json', 'utf8'));
const emulators = await startEmulators({ tableName: 'tbl', bucketName: 'bkt' });
Object.assign(process.env, emulators.env);
const deps = createDependencies({
  tableName: 'tbl',
  bucketName: 'bkt',
  region: LOCAL_CREDENTIALS.region,
});
await deps.programmes.save({
  programme,
  expected: { kind: 'any' },
  at: new Date().toISOString(),
  by: 'x',
});
await putTemplate(deps, {
  id: 'nihr-icat',
  source: await loadTemplateFolder('templates/nihr-icat'),
  by: 'x',
});
writeFileSync(
  '/tmp/scratch/ev.json',
  JSON.stringify(
    httpEvent({
      method: 'POST',
      route: '/bids',
      body: { programmeId: programme.id, templateId: 'nihr-icat' },
    }),
  ),
);
for (const args of [[], [], [], ['--cpu-prof', '--cpu-prof-dir=/tmp/scratch/cbp']]) {
  const r = spawnSync(
    process.execPath,
    [...args, 'test/infra/support/run-bundle.mjs', '/tmp/scratch/cb2', '/tmp/scratch/ev.json'],
    {
      env: {
        PATH: process.env.PATH,
        ...emulators.env,
        TABLE_NAME: 'tbl',
        BUCKET_NAME: 'bkt',
        POWERTOOLS_LOG_LEVEL: 'SILENT',
        NODE_OPTIONS: '--enable-source-maps --max-semi-space-size=4',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      encoding: 'utf8',
    },
  );
  const line = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}');
  console.log(
    args.join(' '),
    'load',
    line.loadMs?.toFixed(0),
    'first',
    line.firstResponseMs?.toFixed(0),
    line.result?.statusCode,
    r.stderr.slice(0, 200),
  );
}
await emulators.stop();

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createDependencies } from './functions/handlers/dependencies.js';
import { startEmulators, LOCAL_CREDENTIALS } from './local/emulators.js';
import { httpEvent } from './test/fixtures/events/http-event.js';
const programme = JSON.parse(readFileSync('local/example-programme.json', 'utf8'));
const emulators = await startEmulators({ tableName: 'tbl', bucketName: 'bkt' });
const deps = createDependencies({ tableName: 'tbl', bucketName: 'bkt', region: LOCAL_CREDENTIALS.region });
Object.assign(process.env, emulators.env);
await deps.programmes.save({ programme, expected: { kind: 'any' }, at: new Date().toISOString(), by: 'x' });
writeFileSync('/tmp/scratch/ev-gp.json', JSON.stringify(httpEvent({ method: 'GET', route: '/programmes/{id}', params: { id: programme.id } })));
const env = { PATH: process.env.PATH, ...emulators.env, TABLE_NAME: 'tbl', POWERTOOLS_LOG_LEVEL: 'SILENT', NODE_OPTIONS: '--enable-source-maps', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
for (let i = 0; i < 3; i++) spawnSync(process.execPath, ['test/infra/support/run-bundle.mjs', '/tmp/scratch/gp2', '/tmp/scratch/ev-gp.json'], { env, encoding: 'utf8' });
for (const args of [[], [], [], ['--cpu-prof', '--cpu-prof-dir=/tmp/scratch/gpp']]) {
  const r = spawnSync(process.execPath, [...args, 'test/infra/support/run-bundle.mjs', '/tmp/scratch/gp2', '/tmp/scratch/ev-gp.json'], { env, encoding: 'utf8' });
  const line = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}');
  console.log(args.join(' '), 'load', line.loadMs?.toFixed(1), 'first', line.firstResponseMs?.toFixed(1), line.result?.statusCode, r.stderr.slice(0, 300));
}
await emulators.stop();

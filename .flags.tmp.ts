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
const base = { PATH: process.env.PATH, ...emulators.env, TABLE_NAME: 'tbl', POWERTOOLS_LOG_LEVEL: 'SILENT', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
const dir = process.argv[2];
for (let i = 0; i < 3; i++) spawnSync(process.execPath, ['test/infra/support/run-bundle.mjs', dir, '/tmp/scratch/ev-gp.json'], { env: base, encoding: 'utf8' });
for (const opts of ['--enable-source-maps', '', '--enable-source-maps --always-sparkplug', '--enable-source-maps --no-opt', '--enable-source-maps --max-lazy', '--enable-source-maps --stack-size=2000']) {
  const loads = [], firsts = [];
  for (let i = 0; i < 7; i++) {
    const r = spawnSync(process.execPath, ['test/infra/support/run-bundle.mjs', dir, '/tmp/scratch/ev-gp.json'], { env: { ...base, NODE_OPTIONS: opts }, encoding: 'utf8' });
    try { const line = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}'); loads.push(line.loadMs); firsts.push(line.firstResponseMs); } catch { console.log(opts, r.stderr.slice(0, 200)); break; }
  }
  const med = (a) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)]?.toFixed(1);
  console.log(JSON.stringify(opts), 'load', med(loads), 'first', med(firsts));
}
await emulators.stop();

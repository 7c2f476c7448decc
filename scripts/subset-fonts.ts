/**
 * Writes the bid typeface into functions/render/fonts/ (`npm run fonts`): each Noto Sans
 * face from the pinned @expo-google-fonts/noto-sans package, cut down by HarfBuzz's
 * subsetter (subset-font) to the blocks in functions/render/typeface.ts, plus the font
 * licence. The output is deterministic; test/unit/render/typeface.test.ts fails when the
 * committed files differ from what this writes.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FACE_FILES, type FaceName } from '../functions/render/typeface.js';
import { subsetFace } from './subset-face.js';

const OUT = fileURLToPath(new URL('../functions/render/fonts/', import.meta.url));
const packageRoot = dirname(
  createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans/package.json'),
);

for (const name of Object.keys(FACE_FILES) as FaceName[]) {
  const bytes = await subsetFace(name);
  writeFileSync(join(OUT, FACE_FILES[name].file), bytes);
  console.log(`${FACE_FILES[name].file}: ${bytes.length.toLocaleString('en-GB')} bytes`);
}
copyFileSync(join(packageRoot, 'LICENSE_FONT'), join(OUT, 'OFL.txt'));
console.log('OFL.txt: the Noto Sans licence');

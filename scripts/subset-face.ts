import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import subsetFont from 'subset-font';
import { FACE_FILES, type FaceName, typefaceCharacters } from '../functions/render/typeface.js';

/** One face of the bid typeface, cut from the npm package's full Noto Sans face. */
export async function subsetFace(name: FaceName): Promise<Buffer> {
  const root = dirname(
    createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans/package.json'),
  );
  const full = readFileSync(join(root, FACE_FILES[name].source));
  return subsetFont(full, typefaceCharacters(), { targetFormat: 'truetype' });
}

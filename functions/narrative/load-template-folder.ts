import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { TemplateLoadError } from './template-error.js';
import { parseManifest, parseTemplateSource, type TemplateSource } from './template-schema.js';

/** How a template folder is read; the default is the local file system. */
export interface FolderReader {
  isFolder(path: string): Promise<boolean>;
  /** The file's text; rejects with a Node-style `code` ('ENOENT') when it is missing. */
  readText(path: string): Promise<string>;
}

export const fileSystemReader: FolderReader = {
  isFolder: async (path) => (await stat(path)).isDirectory(),
  readText: (path) => readFile(path, 'utf8'),
};

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

async function readText(reader: FolderReader, path: string, missing: string): Promise<string> {
  try {
    return (await reader.readText(path)).replace(/^\uFEFF/, '');
  } catch (error) {
    throw new TemplateLoadError(
      isMissing(error) ? missing : `cannot read ${path}: ${(error as Error).message}`,
      path,
      { cause: error },
    );
  }
}

/**
 * Reads a template folder — manifest.json and the section files it names — into the same
 * object `PUT /templates/{id}` takes, checked for shape (TemplateSchemaError). Other files in
 * the folder (a README, drafts) are ignored. Liquid and Markdown are checked by
 * `validateTemplate`, or at render time.
 */
export async function loadTemplateFolder(
  dir: string,
  reader: FolderReader = fileSystemReader,
): Promise<TemplateSource> {
  let isFolder: boolean;
  try {
    isFolder = await reader.isFolder(dir);
  } catch (error) {
    throw new TemplateLoadError(`the template folder ${dir} does not exist`, dir, { cause: error });
  }
  if (!isFolder) throw new TemplateLoadError(`the template path ${dir} is not a folder`, dir);

  const manifestPath = join(dir, 'manifest.json');
  const manifestText = await readText(
    reader,
    manifestPath,
    `the template folder ${dir} has no manifest.json`,
  );
  let manifestJson: unknown;
  try {
    manifestJson = JSON.parse(manifestText);
  } catch (error) {
    throw new TemplateLoadError(
      `${manifestPath} is not valid JSON: ${(error as Error).message}`,
      manifestPath,
      { cause: error },
    );
  }
  const manifest = parseManifest(manifestJson);

  const sections: Record<string, string> = {};
  for (const section of manifest.sections) {
    if (Object.hasOwn(sections, section.source)) continue;
    sections[section.source] = await readText(
      reader,
      join(dir, section.source),
      `section "${section.id}" names ${section.source}, which is not in ${dir}`,
    );
  }
  return parseTemplateSource({ manifest: manifestJson, sections });
}

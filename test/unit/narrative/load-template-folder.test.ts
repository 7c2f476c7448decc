import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadTemplateFolder } from '../../../functions/narrative/load-template-folder.js';
import { renderNarrative } from '../../../functions/narrative/render-narrative.js';
import {
  TemplateLoadError,
  TemplateSchemaError,
} from '../../../functions/narrative/template-error.js';
import { validateTemplate } from '../../../functions/narrative/validate-template.js';
import { blockTexts, exampleScope } from './narrative-test-kit.js';

const fixtures = fileURLToPath(new URL('../../fixtures/templates/', import.meta.url));

describe('Function: loadTemplateFolder', () => {
  it('reads the manifest and the section files it names, ignoring other files', async () => {
    // Act
    const template = await loadTemplateFolder(`${fixtures}minimal`);

    // Assess
    expect(template.manifest).toMatchObject({ id: 'minimal', lang: 'en-GB' });
    expect(Object.keys(template.sections).sort()).toEqual(['posts.md', 'progression.md']);
  });

  it('gives a template that validates and renders', async () => {
    // Prepare
    const template = await validateTemplate(await loadTemplateFolder(`${fixtures}minimal`));

    // Act
    const narrative = renderNarrative(template, exampleScope());

    // Assess
    expect(narrative.sections.map((section) => blockTexts(section.blocks))).toEqual([
      ['We hold forty-one posts.'],
      ['Academic Clinical Fellows: 55 of 86 (64%)', 'Clinical Lecturers: 55 of 73 (75%)'],
    ]);
  });

  it('refuses a folder that does not exist', async () => {
    // Act
    const loading = loadTemplateFolder(`${fixtures}no-such-template`);

    // Assess
    await expect(loading).rejects.toThrow(TemplateLoadError);
    await expect(loading).rejects.toThrow(/the template folder .*no-such-template does not exist/);
  });

  it('refuses a folder without manifest.json', async () => {
    // Act
    const loading = loadTemplateFolder(`${fixtures}no-manifest`);

    // Assess
    await expect(loading).rejects.toThrow(/has no manifest\.json/);
  });

  it('refuses a manifest that names a missing section file, naming the section', async () => {
    // Act
    const loading = loadTemplateFolder(`${fixtures}missing-source`);

    // Assess
    await expect(loading).rejects.toThrow(
      /section "posts" names absent\.md, which is not in .*missing-source/,
    );
  });

  it('refuses a manifest whose source reaches outside the folder, naming the field', async () => {
    // Act
    const error = await loadTemplateFolder(`${fixtures}bad-manifest`).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(TemplateSchemaError);
    expect((error as TemplateSchemaError).issues).toEqual([
      {
        path: 'manifest.sections[0].source',
        message: 'must be a file name ending in .md, such as "posts.md", with no folder or ".."',
      },
    ]);
  });

  it('refuses a manifest that is not JSON, naming the file', async () => {
    // Prepare: a broken manifest held in memory (the linter will not keep one in the repository)
    const reader = {
      isFolder: async () => true,
      readText: async () => '{ "id": "broken", ',
    };

    // Act
    const error = await loadTemplateFolder('templates/broken', reader).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(TemplateLoadError);
    expect((error as TemplateLoadError).path).toBe('templates/broken/manifest.json');
    expect((error as Error).message).toMatch(
      /^templates\/broken\/manifest\.json is not valid JSON: /,
    );
  });
});

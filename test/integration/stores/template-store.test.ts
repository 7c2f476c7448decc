import { beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../functions/clock.js';
import { ValidationError } from '../../../functions/errors/errors.js';
import { contentHash } from '../../../functions/snapshots/canonical-json.js';
import type { TemplateStore } from '../../../functions/stores/template-store.js';
import { parseTemplate } from '../../../functions/templates/parse-template.js';
import { putTemplate } from '../../../functions/templates/put-template.js';
import type { TemplateVersion } from '../../../functions/templates/template-version.js';
import { VersionTakenError } from '../../../functions/templates/version-taken-error.js';
import { minimalTemplate } from '../support/fixtures.js';
import { createTestStack } from '../support/test-stack.js';

let templates: TemplateStore;

beforeAll(async () => {
  templates = (await createTestStack()).deps.templates;
});

async function versionOf(id: string, version: number, body?: string): Promise<TemplateVersion> {
  const source = await parseTemplate(minimalTemplate(id, body));
  return {
    id,
    version,
    source,
    sha256: contentHash(source),
    createdAt: new Date().toISOString(),
    createdBy: 'writer',
  };
}

describe('Class: DynamoDbTemplateStore', () => {
  describe('Method: createVersion', () => {
    it('refuses to store a version number twice and keeps the first', async () => {
      // Prepare
      await templates.createVersion(await versionOf('once', 1, 'First.\n'));

      // Act
      const again = templates.createVersion(await versionOf('once', 1, 'Second.\n'));

      // Assess
      await expect(again).rejects.toBeInstanceOf(VersionTakenError);
      expect((await templates.get('once', 1))?.source.sections['posts.md']).toBe('First.\n');
      expect(await templates.latestVersion('once')).toBe(1);
    });

    it('refuses a version that skips ahead of the latest pointer', async () => {
      // Prepare
      await templates.createVersion(await versionOf('gapless', 1));

      // Act
      const skip = templates.createVersion(await versionOf('gapless', 3));

      // Assess
      await expect(skip).rejects.toBeInstanceOf(VersionTakenError);
      expect(await templates.get('gapless', 3)).toBeNull();
    });

    it('gives each of 8 concurrent uploads its own version number', async () => {
      // Prepare
      const bodies = Array.from({ length: 8 }, (_, n) => `Upload ${n}.\n`);

      // Act
      const stored = await Promise.all(
        bodies.map(async (body) =>
          putTemplate(
            { templates, clock: systemClock },
            { id: 'busy', source: await parseTemplate(minimalTemplate('busy', body)), by: 'w' },
          ),
        ),
      );

      // Assess
      expect(stored.map((v) => v.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      for (const version of stored) {
        const found = await templates.get('busy', version.version);
        expect(found?.source).toEqual(version.source);
      }
      expect((await templates.get('busy'))?.version).toBe(8);
    });
  });

  describe('Method: get', () => {
    it('returns null for an unknown template or version', async () => {
      expect(await templates.get('unknown-template')).toBeNull();
      expect(await templates.get('once', 99)).toBeNull();
    });
  });

  describe('Method: list', () => {
    it('pages through templates with their newest version', async () => {
      // Prepare
      const own = (await createTestStack()).deps.templates;
      for (const id of ['t-a', 't-b', 't-c']) await own.createVersion(await versionOf(id, 1));
      await own.createVersion(await versionOf('t-b', 2));

      // Act
      const first = await own.list({ limit: 2 });
      const second = await own.list({ limit: 2, cursor: first.nextCursor ?? '' });
      const whole = await own.list({ limit: 3 });

      // Assess
      expect([...first.items, ...second.items].map((t) => [t.id, t.latestVersion])).toEqual([
        ['t-a', 1],
        ['t-b', 2],
        ['t-c', 1],
      ]);
      expect(whole.items).toHaveLength(3);
      expect(whole.nextCursor).toBeUndefined();
      await expect(own.list({ limit: 2, cursor: 'eyJ4IjoxfQ' })).rejects.toBeInstanceOf(
        ValidationError,
      );
    });
  });
});

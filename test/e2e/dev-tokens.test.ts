import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEV_TOKEN_LIFETIME,
  devAuthorizerConfig,
  issueDevTokens,
  loadOrCreateDevKeys,
  writeDevTokens,
} from '../../local/dev-tokens.js';
import { createJwtAuthorizer } from '../../local/jwt-authorizer.js';

/** The dev key pair and tokens files under `.bidwright/` (here, a temporary folder). */
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bidwright-tokens-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Module: dev-tokens', () => {
  it('makes the key pair once, readable by its owner only, and reuses it', async () => {
    // Act
    const first = await loadOrCreateDevKeys(join(dir, 'dev-keys.json'));
    const second = await loadOrCreateDevKeys(join(dir, 'dev-keys.json'));

    // Assess
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.keys).toEqual(first.keys);
    expect((await stat(join(dir, 'dev-keys.json'))).mode & 0o777).toBe(0o600);
  });

  it('replaces a keys file that holds no usable key pair', async () => {
    // Prepare
    const file = join(dir, 'broken-keys.json');
    await writeFile(file, '{"privateKey": 1');

    // Act
    const { created, keys } = await loadOrCreateDevKeys(file);

    // Assess
    expect(created).toBe(true);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(keys);
  });

  it('writes a token per role that the dev authorizer accepts with that role’s group', async () => {
    // Prepare
    const { keys } = await loadOrCreateDevKeys(join(dir, 'dev-keys.json'));
    const authorize = createJwtAuthorizer(devAuthorizerConfig(keys));

    // Act
    await writeDevTokens(join(dir, 'dev-tokens.json'), await issueDevTokens(keys));
    const tokens = JSON.parse(await readFile(join(dir, 'dev-tokens.json'), 'utf8'));
    const outcomes = await Promise.all(
      ['writer', 'reviewer', 'admin'].map((role) => authorize(`Bearer ${tokens[role]}`)),
    );

    // Assess
    expect(Object.keys(tokens)).toEqual(['writer', 'reviewer', 'admin']);
    expect(
      outcomes.map((outcome) => (outcome.ok ? outcome.context.claims['cognito:groups'] : outcome)),
    ).toEqual(['[writers]', '[reviewers]', '[admins]']);
    const { exp = 0, iat = 0 } = decodeJwt(tokens.writer);
    expect(DEV_TOKEN_LIFETIME).toBe('30d');
    expect(exp - iat).toBe(30 * 24 * 60 * 60);
  });
});

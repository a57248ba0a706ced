import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cacheKey, recipeHash } from '../../scripts/tools/cache-key.js';

const base = { tool: 'tofu', version: 'v1.12.6', goVersion: 'go version go1.26.8 linux/amd64', recipeHash: 'abc' };

describe('cache key', () => {
  it('is stable for the same inputs', () => {
    expect(cacheKey(base)).toBe(cacheKey({ ...base }));
  });

  it.each([
    ['the tool version', { version: 'v1.12.7' }],
    ['the go version', { goVersion: 'go version go1.26.9 linux/amd64' }],
    ['the recipe', { recipeHash: 'abd' }],
    ['the tool', { tool: 'etcd' }],
  ])('changes with %s', (_, change) => {
    expect(cacheKey({ ...base, ...change })).not.toBe(cacheKey(base));
  });

  it('hashes the recipe by the text of its files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'socle-recipe-'));
    const file = join(dir, 'recipe.ts');
    await writeFile(file, 'const version = "v1";\n');
    const before = await recipeHash([pathToFileURL(file)]);
    expect(await recipeHash([pathToFileURL(file)])).toBe(before);
    await writeFile(file, 'const version = "v2";\n');
    expect(await recipeHash([pathToFileURL(file)])).not.toBe(before);
  });
});

/** The key of a cache entry: what was built, by which Go, by which recipe text. */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

export interface CacheKeyInput {
  tool: string;
  version: string;
  /** `go version` output. */
  goVersion: string;
  recipeHash: string;
}

export function cacheKey(k: CacheKeyInput): string {
  return sha256(JSON.stringify([k.tool, k.version, k.goVersion, k.recipeHash]));
}

export async function recipeHash(sources: URL[]): Promise<string> {
  const texts = await Promise.all(sources.map((s) => readFile(s, 'utf8')));
  return sha256(JSON.stringify(texts));
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

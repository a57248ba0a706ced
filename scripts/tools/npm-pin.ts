/** The exact version package.json pins for an npm dependency, as a Go module version (`v` + semver). */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export async function npmPinnedVersion(repoRoot: string, name: string): Promise<string> {
  const pkg = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const pinned = pkg.dependencies?.[name];
  if (!pinned || !/^\d+\.\d+\.\d+$/.test(pinned)) {
    throw new Error(`package.json: dependencies["${name}"] is ${pinned === undefined ? 'absent' : `"${pinned}"`}; pin an exact version (npm install --save-exact ${name}@X.Y.Z)`);
  }
  return `v${pinned}`;
}

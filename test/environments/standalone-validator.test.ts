/**
 * The environment schema's validator that `npm run build` compiles once into standalone code
 * (environments/schema-compiler.ts) reports exactly what ajv compiling the schema at run time
 * reports: every file of the malformed corpus and every example gives the same problems (codes,
 * paths, positions, messages, hints) through the compiled tree's loader (dist/, built by
 * test/compiled-tree-setup.ts) as through the sources' loader.
 */
import { execa } from 'execa';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../cli/capture-io.js';

const SCRIPT = join(REPO_ROOT, 'test/environments/fixtures/problems-of.mjs');
const FILES = [
  ...readdirSync(join(REPO_ROOT, 'test/environments/malformed')).map((f) => `test/environments/malformed/${f}`),
  ...readdirSync(join(REPO_ROOT, 'environments/examples')).map((f) => `environments/examples/${f}`),
].sort();

describe('the standalone environment validator (dist/)', () => {
  it('reports what the run-time compiled schema reports, for the malformed corpus and the examples', async () => {
    const [compiled, sources] = await Promise.all([
      execa('node', [SCRIPT, 'dist', ...FILES], { cwd: REPO_ROOT }),
      execa('node', ['--import', 'tsx', SCRIPT, '.', ...FILES], { cwd: REPO_ROOT }),
    ]);
    const expected = JSON.parse(sources.stdout) as Record<string, unknown>;
    expect(Object.values(expected).filter((p) => p !== 'valid').length).toBeGreaterThan(40);
    expect(JSON.parse(compiled.stdout)).toEqual(expected);
  });
});

/**
 * The compiled CLI (`bin/socle.js` → dist/bundle/, what `npm ci` builds: tsc's output bundled by
 * esbuild) writes what the TypeScript sources write: every file of `socle synth`, byte for byte, for
 * each example. A module reading a file beside itself (a script, PHP, Lua, a schema) that the build
 * failed to copy, or whose URL the bundle failed to keep, fails here.
 */
import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../scripts/cli.js';
import { captureIo, REPO_ROOT } from './capture-io.js';

const BIN = join(REPO_ROOT, 'bin', 'socle.js');
const scratch = mkdtempSync(join(tmpdir(), 'socle-compiled-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Every artifact synth wrote (the list it records), read through its links. */
function artifacts(out: string): Map<string, string> {
  const { files } = JSON.parse(readFileSync(join(out, '.socle-output'), 'utf8')) as { files: string[] };
  return new Map(files.map((f) => [f, readFileSync(join(out, f), 'utf8')]));
}

describe.each(['pilot', 'metropole-9000', 'departement-cleura'])('socle synth %s', (example) => {
  it('writes the same files from dist/ as from the sources', async () => {
    const fromSources = join(scratch, `${example}-sources`);
    const fromDist = join(scratch, `${example}-dist`);
    const io = captureIo();
    const sourcesExit = await main(['synth', example, '--out', fromSources, '--quiet'], io);
    const compiled = await execa('node', [BIN, 'synth', example, '--out', fromDist, '--quiet'], { cwd: REPO_ROOT, reject: false, env: { NO_COLOR: '1' } });
    // Nothing on stderr: in particular not bin/socle.js's note that it fell back to the sources.
    expect(compiled.stderr).toBe('');
    expect(compiled.exitCode).toBe(sourcesExit);
    const expected = artifacts(fromSources);
    const actual = artifacts(fromDist);
    expect([...actual.keys()]).toEqual([...expected.keys()]);
    // The reports name the folder they describe (relative to where synth ran), and nothing else differs.
    const named = (content: string) => content.replaceAll(fromDist, fromSources).replaceAll(relative(REPO_ROOT, fromDist), relative(REPO_ROOT, fromSources));
    for (const [file, content] of expected) expect(file.startsWith('reports/') ? named(actual.get(file)!) : actual.get(file), file).toBe(content);
  });
});

/**
 * Builds one of the real suites' Go test programs (socle's own code: `<folder>/main.go` with its
 * go.mod and go.sum, e.g. the Pulumi stand-ins of test/real/pulumi/ with the Pulumi SDK at the
 * CLI's version) once per source hash into the tools cache, under the file name its suite runs it by.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { execa } from 'execa';
import { cacheRoot } from '../../../scripts/tools/cache.js';

export type TestProgram = { dir: string; binary: string } | { missing: string };

/** `test/real/<source>` built as `<dir>/<binary>`; `ldflags` such as `-X main.version=…`. */
export async function buildTestProgram(source: string, binary: string, ldflags: readonly string[] = []): Promise<TestProgram> {
  const sourceDir = join(import.meta.dirname, '..', source);
  const go = await execa('go', ['version'], { reject: false });
  if (go.exitCode !== 0) return { missing: `go is not installed: the test program is built from test/real/${source}` };
  const hash = createHash('sha256');
  for (const f of ['go.mod', 'go.sum', 'main.go']) hash.update(readFileSync(join(sourceDir, f)));
  hash.update(go.stdout).update(ldflags.join(' '));
  const dir = join(cacheRoot(process.env), 'socle-test-programs', `${basename(source)}-${hash.digest('hex').slice(0, 16)}`);
  const path = join(dir, binary);
  if (!existsSync(path)) {
    mkdirSync(dir, { recursive: true });
    const staging = `${path}.${process.pid}`;
    const args = ['build', '-trimpath', ...(ldflags.length > 0 ? ['-ldflags', ldflags.join(' ')] : []), '-o', staging, '.'];
    const build = await execa('go', args, { cwd: sourceDir, reject: false, all: true, env: { GOFLAGS: '-mod=readonly', GOTOOLCHAIN: 'local' } });
    if (build.exitCode !== 0) {
      rmSync(staging, { force: true });
      return { missing: `go build of test/real/${source} failed: ${build.all?.slice(-400)}` };
    }
    renameSync(staging, path);
  }
  return { dir, binary: path };
}

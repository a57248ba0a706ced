/**
 * Builds the test's resource provider (record-provider/main.go: socle's own Go code, with the
 * Pulumi SDK at the CLI's version from the Go module proxy) once per source hash into the tools
 * cache, and lays it out under the names of the providers socle's workloads state holds.
 */
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { cacheRoot } from '../../../scripts/tools/cache.js';

const SOURCE = join(import.meta.dirname, 'record-provider');

/** A folder to put first on PATH: pulumi-resource-<name> for each provider, all the recorder. */
export async function recordProviders(names: readonly string[]): Promise<{ dir: string } | { missing: string }> {
  const go = await execa('go', ['version'], { reject: false });
  if (go.exitCode !== 0) return { missing: 'go is not installed: the test provider is built from test/real/pulumi/record-provider' };
  const hash = createHash('sha256');
  for (const f of ['go.mod', 'go.sum', 'main.go']) hash.update(readFileSync(join(SOURCE, f)));
  hash.update(go.stdout);
  const dir = join(cacheRoot(process.env), 'socle-test-programs', `record-provider-${hash.digest('hex').slice(0, 16)}`);
  const binary = join(dir, 'record-provider');
  if (!existsSync(binary)) {
    mkdirSync(dir, { recursive: true });
    const staging = `${binary}.${process.pid}`;
    const build = await execa('go', ['build', '-trimpath', '-o', staging, '.'], { cwd: SOURCE, reject: false, all: true, env: { GOFLAGS: '-mod=readonly', GOTOOLCHAIN: 'local' } });
    if (build.exitCode !== 0) {
      rmSync(staging, { force: true });
      return { missing: `go build of test/real/pulumi/record-provider failed: ${build.all?.slice(-400)}` };
    }
    renameSync(staging, binary);
  }
  for (const name of names) {
    const named = join(dir, `pulumi-resource-${name}`);
    if (!existsSync(named)) {
      copyFileSync(binary, named);
      chmodSync(named, 0o755);
    }
  }
  return { dir };
}

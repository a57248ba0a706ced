/**
 * The test's resource provider (record-provider/main.go), laid out under the names of the
 * providers socle's workloads state holds.
 */
import { chmodSync, copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildTestProgram } from '../harness/test-programs.js';

/** A folder to put first on PATH: pulumi-resource-<name> for each provider, all the recorder. */
export async function recordProviders(names: readonly string[]): Promise<{ dir: string } | { missing: string }> {
  const built = await buildTestProgram('pulumi/record-provider', 'record-provider');
  if ('missing' in built) return built;
  for (const name of names) {
    const named = join(built.dir, `pulumi-resource-${name}`);
    if (!existsSync(named)) {
      copyFileSync(built.binary, named);
      chmodSync(named, 0o755);
    }
  }
  return { dir: built.dir };
}

/**
 * vitest global setup: the tests that spawn `bin/socle.js` test the compiled tree users run
 * (dist/), so it is built here when missing or older than a source (bin/build-layout.js), as
 * `npm ci` would. The other tests import the TypeScript sources directly.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { staleBuild } from '../bin/build-layout.js';
import { REPO_ROOT } from './cli/capture-io.js';

export default function buildCompiledTree(): void {
  if (staleBuild(REPO_ROOT) === undefined) return;
  const built = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'build.js')], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('`npm run build` failed: the compiled CLI the spawned tests run is missing');
}

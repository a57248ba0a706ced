/**
 * etcd, the newest 3.6 patch the proxy serves (v3.6.16), the etcd major Kubernetes 1.36 runs on.
 * The etcd binary is the main package of go.etcd.io/etcd/server/v3 (server/main.go). Its go.mod
 * replaces its sibling modules by ../api etc., which it also requires at the same release, and
 * "forbids" two modules with ./FORBIDDEN_DEPENDENCY: the wrapper drops all of those.
 */
import { join } from 'node:path';
import { buildGoPrograms, goBuildSources } from '../go-build.js';
import type { Recipe } from '../recipe.js';
import { expectVersionOutput } from '../verify-version.js';

const version = 'v3.6.16';

export const etcd: Recipe = {
  name: 'etcd',
  version: async () => version,
  estimateSeconds: 180,
  sources: [new URL(import.meta.url), ...goBuildSources],
  async build({ outDir }) {
    const bin = join(outDir, 'bin');
    await buildGoPrograms({ name: 'etcd', module: 'go.etcd.io/etcd/server/v3', version, programs: [{ package: 'go.etcd.io/etcd/server/v3', binary: 'etcd' }], ldflags: () => [], outDir: bin });
    await expectVersionOutput(join(bin, 'etcd'), ['--version'], `etcd Version: ${version.slice(1)}`);
  },
  report: (dir, v) => ({ path: join(dir, 'bin', 'etcd'), version: v }),
};

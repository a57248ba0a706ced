/**
 * The CloudNativePG operator (cmd/manager of github.com/cloudnative-pg/cloudnative-pg v1.27.0, the
 * release chart 0.26.0 ships), so that its own Jobs and Pods exist in the test cluster.
 */
import { join } from 'node:path';
import { buildGoPrograms, goBuildSources } from '../go-build.js';
import type { Recipe } from '../recipe.js';

const version = 'v1.27.0';

export const cnpgManager: Recipe = {
  name: 'cnpg-manager',
  version: async () => version,
  estimateSeconds: 420,
  sources: [new URL(import.meta.url), ...goBuildSources],
  async build({ outDir }) {
    await buildGoPrograms({
      name: 'cnpg-manager',
      module: 'github.com/cloudnative-pg/cloudnative-pg',
      version,
      programs: [{ package: 'github.com/cloudnative-pg/cloudnative-pg/cmd/manager', binary: 'manager' }],
      // .goreleaser.yml@v1.27.0 sets pkg/versions.buildVersion/buildCommit/buildDate; a module archive has no commit.
      ldflags: (m) => [`-X github.com/cloudnative-pg/cloudnative-pg/pkg/versions.buildVersion=${version.slice(1)}`, `-X github.com/cloudnative-pg/cloudnative-pg/pkg/versions.buildDate=${m.Time ?? ''}`],
      outDir: join(outDir, 'bin'),
    });
  },
  report: (dir, v) => ({ path: join(dir, 'bin', 'manager'), version: v }),
};

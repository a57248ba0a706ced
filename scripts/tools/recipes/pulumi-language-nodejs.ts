/**
 * The Node.js language host at the version of @pulumi/pulumi. It is its own module
 * (sdk/nodejs/cmd/pulumi-language-nodejs/go.mod), which replaces sdk/v3 and pkg/v3 by their
 * directories in the monorepo: the wrapper uses their releases of the same version.
 */
import { join } from 'node:path';
import { buildGoPrograms, goBuildSources } from '../go-build.js';
import { npmPinnedVersion } from '../npm-pin.js';
import type { Recipe } from '../recipe.js';
import { pulumiVersionLdflag } from './pulumi.js';

const module = 'github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3';

export const pulumiLanguageNodejs: Recipe = {
  name: 'pulumi-language-nodejs',
  version: (repoRoot) => npmPinnedVersion(repoRoot, '@pulumi/pulumi'),
  estimateSeconds: 300,
  sources: [new URL(import.meta.url), new URL('pulumi.ts', import.meta.url), new URL('../npm-pin.ts', import.meta.url), ...goBuildSources],
  async build({ outDir, repoRoot }) {
    const version = await npmPinnedVersion(repoRoot, '@pulumi/pulumi');
    await buildGoPrograms({
      name: 'pulumi-language-nodejs',
      module,
      version,
      programs: [{ package: module, binary: 'pulumi-language-nodejs' }],
      ldflags: () => [pulumiVersionLdflag(version)],
      localReplacement: (path) => (path.startsWith('github.com/pulumi/pulumi/') ? version : undefined),
      outDir: join(outDir, 'bin'),
    });
  },
  report: (dir, v) => ({ path: join(dir, 'bin', 'pulumi-language-nodejs'), version: v }),
};

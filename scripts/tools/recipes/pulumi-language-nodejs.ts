/**
 * The Node.js language host at the version of @pulumi/pulumi. It is a module of its own in the
 * pulumi monorepo (not inside the sdk/v3 module archive, whose nodejs/cmd/ lacks it). Built like the
 * CLI: any pulumi module its go.mod replaces by a directory is taken at the same release.
 * The Go module proxy does not serve it (403 for the module and its version list, 2026-12), so
 * this build ends at the download with the proxy's answer as the reason.
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

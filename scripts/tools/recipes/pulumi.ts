/**
 * The Pulumi CLI at the version of @pulumi/pulumi in package.json. pkg/v3's go.mod replaces
 * github.com/pulumi/pulumi/sdk/v3 by ../sdk, the sdk/v3 module of the same release.
 */
import { join } from 'node:path';
import { buildGoPrograms, goBuildSources } from '../go-build.js';
import { npmPinnedVersion } from '../npm-pin.js';
import type { Recipe } from '../recipe.js';
import { expectVersionOutput } from '../verify-version.js';

export const pulumiVersionLdflag = (version: string) => `-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=${version}`;

export const pulumi: Recipe = {
  name: 'pulumi',
  version: (repoRoot) => npmPinnedVersion(repoRoot, '@pulumi/pulumi'),
  estimateSeconds: 900,
  sources: [new URL(import.meta.url), new URL('../npm-pin.ts', import.meta.url), ...goBuildSources],
  async build({ outDir, repoRoot }) {
    const version = await npmPinnedVersion(repoRoot, '@pulumi/pulumi');
    const bin = join(outDir, 'bin');
    await buildGoPrograms({
      name: 'pulumi',
      module: 'github.com/pulumi/pulumi/pkg/v3',
      version,
      programs: [{ package: 'github.com/pulumi/pulumi/pkg/v3/cmd/pulumi', binary: 'pulumi' }],
      // sdk/go/common/version/version.go@v3.248.0: "Version is initialized by the Go linker".
      ldflags: () => [pulumiVersionLdflag(version)],
      localReplacement: (path) => (path === 'github.com/pulumi/pulumi/sdk/v3' ? version : undefined),
      outDir: bin,
    });
    await expectVersionOutput(join(bin, 'pulumi'), ['version'], version);
  },
  report: (dir, v) => ({ path: join(dir, 'bin', 'pulumi'), version: v }),
};

/**
 * OpenTofu, the newest release the Go module proxy serves (listed 2026-12: v1.12.6; ≥ 1.10 needed).
 * Its go.mod replaces hashicorp/hcl by opentofu/hcl, so it builds through a wrapper module.
 */
import { join } from 'node:path';
import { buildGoPrograms, goBuildSources } from '../go-build.js';
import type { Recipe } from '../recipe.js';
import { expectVersionOutput } from '../verify-version.js';

const version = 'v1.12.6';

export const tofu: Recipe = {
  name: 'tofu',
  version: async () => version,
  estimateSeconds: 600,
  sources: [new URL(import.meta.url), ...goBuildSources],
  async build({ outDir }) {
    const bin = join(outDir, 'bin');
    await buildGoPrograms({
      name: 'tofu',
      module: 'github.com/opentofu/opentofu',
      version,
      programs: [{ package: 'github.com/opentofu/opentofu/cmd/tofu', binary: 'tofu' }],
      // A release build: without dev=no `tofu version` says "-dev" (opentofu .goreleaser.yaml and version/version.go @v1.12.6).
      ldflags: () => ['-X github.com/opentofu/opentofu/version.dev=no'],
      outDir: bin,
    });
    await expectVersionOutput(join(bin, 'tofu'), ['version'], `OpenTofu ${version}`);
  },
  report: (dir, v) => ({ path: join(dir, 'bin', 'tofu'), version: v }),
};
